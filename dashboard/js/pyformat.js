// Python's number formatting and html.escape, exactly, for text the page writes itself
// (nnshape.formula_html, nnshape.diagram_svg) that must equal what the server writes.
//
// JavaScript's toPrecision and toFixed round a tie up (123456.5 -> "123457"); Python rounds
// the exact binary value half to even ("123456"). So every rounding here works on the exact
// value of the double, as a BigInt fraction, and rounds as Python does.
window.nnshape = window.nnshape || {};
nnshape.pyformat = (function () {
  "use strict";

  // |x| as a fraction num / den of BigInts (den a power of two), exactly.
  function exact(x) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    const high = view.getUint32(0);
    const biased = (high >>> 20) & 0x7ff;
    let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    let exponent = -1074; // subnormal
    if (biased !== 0) {
      mantissa |= 1n << 52n;
      exponent = biased - 1075;
    }
    return exponent >= 0
      ? { num: mantissa << BigInt(exponent), den: 1n }
      : { num: mantissa, den: 1n << BigInt(-exponent) };
  }

  // |x| * 10^k rounded to an integer, half to even (a BigInt).
  function scaled(x, k) {
    let { num, den } = exact(x);
    if (k >= 0) num *= 10n ** BigInt(k);
    else den *= 10n ** BigInt(-k);
    const q = num / den;
    const twice = 2n * (num % den);
    return twice > den || (twice === den && q % 2n === 1n) ? q + 1n : q;
  }

  // The E with 10^E <= |x| < 10^(E+1), for finite x != 0.
  function decimalExponent(x) {
    const { num, den } = exact(x);
    const atLeast = (e) =>
      e >= 0 ? num >= den * 10n ** BigInt(e) : num * 10n ** BigInt(-e) >= den;
    let e = Math.floor(Math.log10(Math.abs(x)));
    while (!atLeast(e)) e -= 1;
    while (atLeast(e + 1)) e += 1;
    return e;
  }

  const negative = (x) => x < 0 || Object.is(x, -0);

  // x rounded to `precision` significant digits: {digits, exponent} with digits a string of
  // exactly `precision` digits and x ~ d.ddd * 10^exponent.
  function significant(x, precision) {
    let exponent = decimalExponent(x);
    let q = scaled(x, precision - 1 - exponent);
    if (q === 10n ** BigInt(precision)) {
      q /= 10n; // rounded up to the next power of ten: 9.999995 -> 10.0000
      exponent += 1;
    }
    return { digits: q.toString(), exponent };
  }

  function special(x) {
    if (Number.isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    return null;
  }

  const exponentText = (e) => (e < 0 ? "-" : "+") + String(Math.abs(e)).padStart(2, "0");

  // Digits and the decimal point's place as Python writes them without an exponent.
  function fixedDigits(digits, exponent) {
    if (exponent < 0) return "0." + "0".repeat(-exponent - 1) + digits;
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, "0");
    const fraction = digits.slice(exponent + 1);
    return fraction ? whole + "." + fraction : whole;
  }

  const stripZeros = (text) => (text.includes(".") ? text.replace(/\.?0+$/, "") : text);

  // format(x, ".<precision>g")
  function g(x, precision) {
    const odd = special(x);
    if (odd !== null) return odd;
    const p = precision === 0 ? 1 : precision;
    const sign = negative(x) ? "-" : "";
    if (x === 0) return sign + "0";
    const { digits, exponent } = significant(x, p);
    if (exponent >= -4 && exponent < p) return sign + stripZeros(fixedDigits(digits, exponent));
    const mantissa = stripZeros(digits[0] + "." + digits.slice(1));
    return sign + mantissa + "e" + exponentText(exponent);
  }

  // format(x, ".<decimals>f")
  function f(x, decimals) {
    const odd = special(x);
    if (odd !== null) return odd;
    const sign = negative(x) ? "-" : "";
    const digits = scaled(x, decimals).toString().padStart(decimals + 1, "0");
    const cut = digits.length - decimals;
    return sign + digits.slice(0, cut) + (decimals ? "." + digits.slice(cut) : "");
  }

  // repr(x): the shortest digits that read back as x, written as Python writes floats.
  function repr(x) {
    const odd = special(x);
    if (odd !== null) return odd;
    const sign = negative(x) ? "-" : "";
    if (x === 0) return sign + "0.0";
    // toExponential() with no argument gives the shortest round-trip digits, as repr does.
    const [mantissa, e] = Math.abs(x).toExponential().split("e");
    const digits = mantissa.replace(".", "");
    const exponent = Number(e);
    if (exponent >= -4 && exponent < 16) {
      const text = fixedDigits(digits, exponent);
      return sign + (text.includes(".") ? text : text + ".0");
    }
    const m = digits.length > 1 ? digits[0] + "." + digits.slice(1) : digits;
    return sign + m + "e" + exponentText(exponent);
  }

  // round(x, ndigits) for a float: the double nearest the exactly rounded decimal.
  function round(x, ndigits) {
    if (!Number.isFinite(x)) return x;
    const q = scaled(x, ndigits);
    const value = Number(q.toString() + "e" + -ndigits);
    return negative(x) ? -value : value;
  }

  // html.escape(text, quote=True)
  function escape(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#x27;");
  }

  // dashboard.formula.number: a parameter as the UI shows it (6 significant digits, always a
  // decimal point or an exponent, a real minus sign).
  function number(value) {
    let text = g(value, 6);
    if (!text.includes("e") && !text.includes(".") && !["inf", "-inf", "nan"].includes(text)) {
      text += ".0";
    }
    return text.replace(/-/g, "\u2212");
  }

  return { g, f, repr, round, escape, number };
})();

// nnshape.formula_html(state): dashboard/formula.py's formula_html, in the page, so that the
// formula follows the sliders with no round trip. Needs pyformat.js. The result must equal the
// Python one character for character (tests/ui/test_jsforms.py holds them to it).
//
// state: {activation, symbol, neurons: [{weight, bias, color, output_weight}],
//         second: {enabled, weight, bias}, output: {enabled, bias}}
window.nnshape = window.nnshape || {};
nnshape.formula_html = function (state) {
  "use strict";
  const { escape, number } = nnshape.pyformat;
  const MINUS = "\u2212";

  // weight·var − bias, the bias subtracted as the article writes it; a zero bias left out.
  function affine(weight, variable, bias) {
    const term = number(weight) + "\u00b7" + variable;
    if (bias === 0) return term;
    const shown = bias < 0 ? "(" + number(bias) + ")" : number(bias);
    return term + " " + MINUS + " " + shown;
  }

  const symbol = escape(state.symbol);
  // With output weights on: each term times v, and c added unless it is 0.
  const out = state.output || { enabled: false };
  const scale = (n) => (out.enabled ? escape(number(n.output_weight) + "\u00b7") : "");
  let offset = "";
  if (out.enabled && out.bias !== 0) {
    offset = out.bias < 0 ? " + (" + number(out.bias) + ")" : " + " + number(out.bias);
  }
  const total = state.neurons
    .map(
      (n) =>
        '<span style="border-bottom:3px solid ' + escape(n.color) + '">' + scale(n) + symbol + "(" +
        escape(affine(n.weight, "x", n.bias)) + ")</span>"
    )
    .join(" + ") + escape(offset);
  const name = '<b style="color:' + escape(state.sum_color || "#008000") + '">';
  if (state.second.enabled) {
    const deep = escape(affine(state.second.weight, "s", state.second.bias));
    return (
      '<div class="nn-formula"><div>' + name + "s</b> = " + total + "</div>" +
      "<div><b>y</b> = " + symbol + "(" + deep + ")</div></div>"
    );
  }
  return '<div class="nn-formula"><div>' + name + "y</b> = " + total + "</div></div>";
};

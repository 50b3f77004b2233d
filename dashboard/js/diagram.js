// nnshape.diagram_svg(state): dashboard/diagram.py's diagram_svg, in the page, so that the
// diagram follows the sliders with no round trip. Needs pyformat.js. Every number is written
// as Python writes it ({:.1f}, {:.0f}, str(float), round(x, 2)), so the result equals the
// Python one character for character (tests/ui/test_jsforms.py holds them to it).
//
// state: {activation, symbol, neurons: [{weight, bias, color}], second: {enabled, weight, bias},
//         sum_color, deep_color, words} (the two colours optional: the article's by default;
//         words: the diagram's catalogue texts by key, dashboard.diagram.DIAGRAM_WORDS)
window.nnshape = window.nnshape || {};
nnshape.diagram_svg = function (state) {
  "use strict";
  const { escape, number, f, repr, round } = nnshape.pyformat;
  const POSITIVE = "#4d4d4d";
  const NEGATIVE = "#c51b7d";
  const FIXED = "#9e9e9e";
  const SUM_COLOR = state.sum_color || "#008000";
  const DEEP_COLOR = state.deep_color || "#000000";
  const WIDTH = 360;
  const ROW = 34;
  const TOP = 24;

  function edge(x1, y1, x2, y2, weight, largest, title) {
    const colour = weight >= 0 ? POSITIVE : NEGATIVE;
    const scale = largest > 0 ? Math.abs(weight) / largest : 0;
    const width = repr(round(1 + 5 * Math.min(scale, 1), 2));
    const dash = weight < 0 ? ' stroke-dasharray="6 3"' : "";
    return (
      '<line x1="' + x1 + '" y1="' + f(y1, 1) + '" x2="' + x2 + '" y2="' + f(y2, 1) +
      '" stroke="' + colour + '" stroke-width="' + width + '"' + dash + "><title>" +
      escape(title) + "</title></line>"
    );
  }

  // cx and r are whole numbers, written as Python writes an int; cy a float.
  function node(cx, cy, r, fill, text, textColour, title) {
    const tip = title ? "<title>" + title + "</title>" : "";
    const label = text
      ? '<text x="' + cx + '" y="' + repr(cy + 4.5) + '" text-anchor="middle" font-size="13" ' +
        'font-family="sans-serif" fill="' + textColour + '">' + text + "</text>"
      : "";
    return (
      '<g><circle cx="' + cx + '" cy="' + f(cy, 1) + '" r="' + r + '" fill="' + fill +
      '" stroke="#333" stroke-width="1">' + tip + "</circle>" + label + "</g>"
    );
  }

  const neurons = state.neurons;
  const second = state.second;
  const n = neurons.length;
  const row = n <= 8 ? ROW : Math.max(6, (8 * ROW) / n);
  const height = Math.max(140, TOP * 2 + row * (n - 1));
  const radius = Math.min(13, row * 0.38);
  const mid = height / 2;
  const xIn = 30, xHidden = 130, xDeep = 300;
  const xSum = second.enabled ? 230 : 265;
  const xOut = second.enabled ? 345 : 340;
  const weights = neurons.map((nr) => Math.abs(nr.weight));
  if (second.enabled) weights.push(Math.abs(second.weight));
  const largest = Math.max(...weights);
  const yOf = (i) => mid + (i - (n - 1) / 2) * row;
  // The words, in the page's language (state.words: dashboard.plots.page_words), their
  // {fields} filled as Python's str.format fills them.
  const say = (key, args) =>
    state.words[key].replace(/\{(\w+)\}/g, (_, name) => String(args[name]));
  const neuronTitle = (nr, i) =>
    say("ui.diagram.neuron", { n: i + 1, weight: number(nr.weight), bias: number(nr.bias) });

  const parts = [];
  neurons.forEach((nr, i) => {
    const y = yOf(i);
    parts.push(edge(xIn, mid, xHidden, y, nr.weight, largest, neuronTitle(nr, i)));
    parts.push(
      '<line x1="' + xHidden + '" y1="' + f(y, 1) + '" x2="' + xSum + '" y2="' + repr(mid) +
      '" stroke="' + FIXED + '" stroke-width="1"/>'
    );
  });
  neurons.forEach((nr, i) => {
    parts.push(
      '<circle cx="' + xHidden + '" cy="' + f(yOf(i), 1) + '" r="' + f(radius, 1) +
      '" fill="' + escape(nr.color) + '" stroke="#333" stroke-width="0.5"><title>' +
      escape(neuronTitle(nr, i)) + "</title></circle>"
    );
  });
  let last = xSum;
  if (second.enabled) {
    const title =
      say("ui.diagram.second", { weight: number(second.weight), bias: number(second.bias) });
    parts.push(edge(xSum, mid, xDeep, mid, second.weight, largest, title));
    parts.push(node(xDeep, mid, 12, DEEP_COLOR, "", "#000000", escape(title)));
    last = xDeep;
  }
  parts.push(node(xIn, mid, 12, "#ffffff", "x", "#000000", ""));
  parts.push(node(xSum, mid, 13, SUM_COLOR, "\u03a3", "#ffffff", ""));
  parts.push(
    '<line x1="' + (last + 13) + '" y1="' + repr(mid) + '" x2="' + (xOut - 8) + '" y2="' +
    repr(mid) + '" stroke="#333" stroke-width="1" marker-end="url(#nn-arrow)"/>'
  );
  parts.push(
    '<text x="' + xOut + '" y="' + repr(mid + 4) +
    '" font-size="13" font-family="sans-serif">y</text>'
  );
  const count =
    say(n === 1 ? "ui.diagram.count_one" : "ui.diagram.count", { n: n }) +
    (second.enabled ? " + 1" : "");
  const label = escape(count);
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" class="nn-diagram" role="img" ' +
    'aria-label="' + escape(say("ui.diagram.aria", { label: count })) + '" viewBox="0 0 ' + WIDTH + " " + f(height, 0) +
    '" width="100%" style="max-width:' + WIDTH + "px;max-height:" +
    f(Math.max(height, 140), 0) + 'px">' +
    '<defs><marker id="nn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" ' +
    'markerHeight="6" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#333"/></marker></defs>' +
    parts.join("") +
    '<text x="4" y="14" font-size="11" fill="#555" font-family="sans-serif">' + label +
    "</text></svg>"
  );
};

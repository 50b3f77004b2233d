// nnshape.to_python(state, table): model/code.py's to_python, in the page, for the exported
// file's Copy as code (no server there to write it). Needs pyformat.js. For the same network
// and view the result equals the Python one character for character (tests/ui/test_export_code.py
// holds them to it).
//
// state: the page's NetState (dashboard/plots.py). table (dashboard/export_code.py): what the
// file cannot change, written by Python: the activations' numpy functions and derivatives
// (model.code.PY_FORMS and PY_SLOPES, our own text), the title as a Python literal, plain and edited, and the figure's own network
// to tell whether it was edited. Every number is written with pyformat.repr (Python's repr of a
// float); every colour is checked as #rrggbb; no text a user typed reaches the script.
window.nnshape = window.nnshape || {};
nnshape.to_python = function (s, table) {
  "use strict";
  const { repr } = nnshape.pyformat;
  const num = (v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error("not a finite number");
    return repr(v);
  };
  const color = (c) => {
    if (typeof c !== "string" || !/^#[0-9a-fA-F]{6}$/.test(c)) throw new Error("not a colour");
    return JSON.stringify(c);
  };
  const name = s.activation;
  if (!Object.prototype.hasOwnProperty.call(table.forms, name)) throw new Error("no such activation");
  const count = s.weights.length;
  const shown = (i) => s.shown[i] !== false;
  const deep_shown = s.show_deep && s.second_enabled;

  // model.article.is_edited: the parts a slider, the menu or the switch change, against the
  // figure's own (what the file cannot change is the table's ``fixed_edited``).
  const own = table.figure;
  let edited = table.fixed_edited;
  if (own != null && !edited) {
    edited = name !== own.activation || s.second_enabled !== own.second_enabled ||
      s.w2 !== own.second[0] || s.b2 !== own.second[1] ||
      s.weights.some((w, i) => w !== own.neurons[i][0] || s.biases[i] !== own.neurons[i][1]);
  }

  let neurons = "";
  for (let i = 0; i < count; i++) {
    neurons += `    (${num(s.weights[i])}, ${num(s.biases[i])}, ${color(s.colors[i])}, ` +
      `${shown(i) ? "True" : "False"}),\n`;
  }
  const lines = [
    "# A network from nnshape, drawn with numpy and matplotlib alone.",
    "# A neuron computes act(w * x - b): the bias is subtracted. The hidden layer adds its",
    "# neurons; the second layer is one more neuron on that sum.",
    "import matplotlib.pyplot as plt",
    "import numpy as np",
    "",
    table.forms[name],
    "",
    "",
    "def neuron(x, w, b):",
    `    return ${name}(w * x - b)`,
    "",
    "",
    `x = np.arange(${num(s.grid_start)}, ${num(s.grid_stop)}, ${num(s.grid_step)})`,
    "# (weight, bias, colour, drawn?) for each hidden neuron",
    `neurons = [\n${neurons}]`,
  ]
  if (s.output_weights) {
    lines.push(
      "# Output weights: each neuron's curve is v * act(w * x - b); the sum adds c.",
      `v = [${s.v.slice(0, count).map(num).join(", ")}]`,
      `c = ${num(s.c)}`,
      "ys = [vi * neuron(x, w, b) for vi, (w, b, _, _) in zip(v, neurons)]",
    )
  } else {
    lines.push("ys = [neuron(x, w, b) for w, b, _, _ in neurons]")
  }
  lines.push(
    "total = ys[0]",
    "for y in ys[1:]:",
    "    total = total + y  # left to right, as the article adds n1 + n2 + n3",
  )
  if (s.output_weights) lines.push("total = total + c")
  if (s.second_enabled) {
    lines.push(`w2, b2 = ${num(s.w2)}, ${num(s.b2)}`, "deep = neuron(total, w2, b2)")
  } else {
    lines.push("deep = None  # the second layer is off")
  }
  lines.push(
    "",
    "for i, ((w, b, color, drawn), y) in enumerate(zip(neurons, ys)):",
    "    if drawn:",
    '        plt.plot(x, y, color=color, label=f"neuron {i + 1}")',
  )
  if (s.show_sum) lines.push(`plt.plot(x, total, color=${color(s.sum_color)}, label="sum")`)
  if (deep_shown) {
    lines.push(`plt.plot(x, deep, color=${color(s.deep_color)}, label="second layer")`)
  }
  if (!s.y_auto && s.ylim != null) lines.push(`plt.ylim(${num(s.ylim[0])}, ${num(s.ylim[1])})`)
  lines.push(
    `plt.title(${edited ? table.edited_title : table.title})`,
    'plt.xlabel("x")',
    "plt.grid(True)",
    "if 0 < len(plt.gca().get_lines()) <= 10:",
    '    plt.legend(loc="upper left")',
  )
  if (s.slope) {  // the derivative view, in a figure of its own (model.code._slope_lines)
    const share = `w * ${name}_slope(w * x - b)`
    lines.push(
      "",
      "# The derivative view: dy/dx. Each neuron's share is w * act'(w * x - b); the sum's slope",
      "# adds them; the second layer's is w2 * act'(w2 * total - b2) * (the sum's slope).",
      table.slopes[name],
      "",
      "",
      s.output_weights ? `shares = [vi * (${share}) for vi, (w, b, _, _) in zip(v, neurons)]`
        : `shares = [${share} for w, b, _, _ in neurons]`,
      "slope = shares[0]",
      "for s in shares[1:]:",
      "    slope = slope + s",
      s.second_enabled ? `deep_slope = w2 * ${name}_slope(w2 * total - b2) * slope`
        : "deep_slope = None  # the second layer is off",
      "plt.figure()",
      "for i, ((w, b, color, drawn), y) in enumerate(zip(neurons, shares)):",
      "    if drawn:",
      '        plt.plot(x, y, color=color, label=f"neuron {i + 1}")',
    )
    if (s.show_sum) lines.push(`plt.plot(x, slope, color=${color(s.sum_color)}, label="sum")`)
    if (deep_shown) {
      lines.push(`plt.plot(x, deep_slope, color=${color(s.deep_color)}, label="second layer")`)
    }
    lines.push(
      'plt.title("Slope dy/dx")',
      'plt.xlabel("x")',
      "plt.grid(True)",
      "if 0 < len(plt.gca().get_lines()) <= 10:",
      '    plt.legend(loc="upper left")',
    )
  }
  lines.push("plt.show()", "")
  return lines.join("\n")
};

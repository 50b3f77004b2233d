"""The English catalogue (see ``model.lang``): our own words.

The model's messages (``model.messages.ENGLISH``: refusals, notices about a link) are part of it.
"""

from ..activations import ACTIVATIONS, GROUPS
from ..article import PRESETS
from ..messages import ENGLISH

TEXT: dict[str, str] = {
    # -- the walk (model.walk): each figure's explanation, then its tasks -------------------------
    "walk.nn6.text": (
        "One neuron computes act(w·x − b). Here three sigmoid neurons differ only in their "
        "weight w: the larger the weight, the steeper the step from 0 to 1."
    ),
    "walk.nn6.double": "Make neuron 1 twice as steep as it is now.",
    "walk.nn6.mirror": "Give neuron 2 the weight −0.5 and watch its step turn round.",
    "walk.nn7.text": (
        "The bias b slides a neuron's step along x without changing its shape: the step's "
        "middle is where w·x − b = 0, at x = b / w."
    ),
    "walk.nn7.slide": "Slide neuron 1's step so that its middle is at x = 2.",
    "walk.nn8.text": (
        "Two neurons together: the network's output is the sum of their curves (green). Each "
        "neuron adds one step to it."
    ),
    "walk.nn8.climb": "Add a neuron so that the sum climbs above 2.",
    "walk.nn9.text": (
        "A third neuron adds a third step: the sum can take more shapes. All three weights are "
        "positive, so the sum only ever rises."
    ),
    "walk.nn9.turn": "Make the sum rise and then fall: give one neuron a negative weight.",
    "walk.nn10.text": (
        "Neuron 3's negative weight turns its step downwards, so the sum rises, falls and rises "
        "again: a hump made of three steps."
    ),
    "walk.nn10.flatten": "Flatten the hump until the sum's highest point is at most 2.",
    "walk.nn11.text": (
        "A second layer: one more sigmoid neuron applied to the sum. Whatever the sum does, "
        "its output stays between 0 and 1, and the sum's shape is squeezed nearly flat."
    ),
    "walk.nn11.squash": "Raise w2 until the second layer is at least 0.99 everywhere.",
    "walk.nn12.text": (
        "The same neurons with ReLU, max(0, z): each neuron is a hinge, and their sum is made "
        "of straight pieces joined at corners. With positive output weights it can only bend "
        "upwards."
    ),
    "walk.nn12.touch": "Move the biases until the sum's lowest point touches 0.",
    "walk.nn13.text": (
        "A ReLU second layer with w2 = 1 and b2 = 0 passes the sum through unchanged wherever "
        "it is positive: the black line lies on the green one. This is why ReLU networks can go "
        "deep."
    ),
    "walk.nn13.lower": "Set the second layer so that it lies exactly 1 below the sum everywhere.",
    "walk.nn15.text": (
        "A negative weight in the second layer turns the sum upside down: now the network can "
        "make shapes that bend downwards too."
    ),
    "walk.nn15.top": "Move b2 until the flipped curve's highest point is at 5.",
    "walk.nn16.text": (
        "Mish, z·tanh(ln(1 + e^z)): like ReLU for large z, but smooth, with a small dip below 0."
    ),
    "walk.nn16.dip": "Slide the neuron so that its dip is at x = 2.",
    "walk.nn17.text": (
        "The ReLU figure's neurons with Mish: the same shape as with ReLU, with the corners "
        "rounded off."
    ),
    "walk.nn17.corners": "Switch the activation to ReLU and watch the corners come back.",
    "walk.nn18.text": (
        "Mish in two layers, on a wider x range: smooth like sigmoid, and, like ReLU, the "
        "second layer keeps the sum's shape."
    ),
    "walk.nn18.follow": "Set w2 = 1 and b2 = 0: the second layer now runs close to the sum.",
    # -- the walk in the page (dashboard.walk) and in the exported file --------------------------
    "walk.ui.start": "Start the walk",
    "walk.ui.start_about": "Go through the article's figures in order, with tasks to try",
    "walk.ui.continue": "Continue the walk at step {step}",
    "walk.ui.region": "The walk through the article",
    "walk.ui.heading": "Step {step} of {count} · figure {figure}",
    "walk.ui.tasks": "Try it:",
    "walk.ui.done": "done",
    "walk.ui.open": "not done yet",
    "walk.ui.done_before": "done before",
    "walk.ui.elsewhere": (
        "This step's tasks are about figure {figure}: choose it in the Figure menu to do them."
    ),
    "walk.ui.last": "This is the last step. Leave the walk to play with any figure.",
    "walk.ui.back": "← Back",
    "walk.ui.back_about": "The step before",
    "walk.ui.next": "Next →",
    "walk.ui.next_about": "The next step",
    "walk.ui.leave": "Leave the walk",
    "walk.ui.file_heading": "From the walk, step {step} of {count}",
    "walk.ui.file_tasks": "Tasks to try (nnshape serve ticks each one off as you do it):",
    # -- the page: language, figure, edits, hidden layer, cards, output weights, second layer,
    # -- curves (dashboard.bound, going_back, cards, controls, outputs, layout) ------------------
    "lang.en": "English",
    "lang.ja": "日本語",
    "ui.language": "Language",
    "ui.language_about": "The language of every word on the page; the link keeps it",
    "ui.figure_about": "Free play, or one of the article's figures as it draws it",
    "ui.figure": "Figure",
    "ui.figure.free": "Free play",
    "ui.figure.option": "{id}: {title}",
    "ui.activation": "Activation",
    "ui.edit.undo": "↶ Undo",
    "ui.edit.undo_about": "Take back the last edit",
    "ui.edit.redo": "↷ Redo",
    "ui.edit.redo_about": "Make the last edit taken back again",
    "ui.edit.reset": "↺ Reset",
    "ui.edit.reset_about": "Reset to figure: go back to the figure as the article draws it",
    "ui.edit.reset_aria": "Reset to figure",
    "ui.layer.heading": "Hidden layer",
    "ui.layer.count_one": "{n} neuron",
    "ui.layer.count": "{n} neurons",
    "ui.layer.add": "+ Add neuron",
    "ui.layer.add_about": "Add a neuron to the layer",
    "ui.layer.full": "A layer holds at most {most} neurons",
    "ui.layer.picker": "Edit neuron",
    "ui.card.neuron": "Neuron {n}",
    "ui.card.weight": "weight w",
    "ui.card.bias": "bias b",
    "ui.card.bias_help": "The bias is subtracted, act(w·x − b): a larger b slides the curve right.",
    "ui.card.output": "output weight v",
    "ui.card.show": "show",
    "ui.card.show_about": "Show neuron {n}",
    "ui.card.remove": "Remove",
    "ui.card.remove_about": "Remove neuron {n}",
    "ui.number.type": "Type {label} exactly (any value within ±1e6)",
    "ui.number.aria": "{subject} {label}",
    "ui.number.aria_box": "{name}, typed value",
    "ui.outputs.switch": "Output weights: sum = Σ v·neuron + c",
    "ui.outputs.help": (
        "Each neuron's curve becomes v·act(w·x − b), and c is added to the sum. Off, as in the "
        "article: every v = 1 and c = 0."
    ),
    "ui.outputs.c": "output bias c",
    "ui.outputs.subject": "Hidden layer",
    "ui.second.switch": "Second layer: y = act(w2·sum − b2)",
    "ui.second.subject": "Second layer",
    "ui.second.w2": "weight w2",
    "ui.second.b2": "bias b2",
    "ui.curves.heading": "Curves",
    "ui.curves.sum": "show sum",
    "ui.curves.deep": "show second layer",
    "ui.curves.y_auto": "auto y-range (fit the data)",
    "ui.curves.slope": "Slope dy/dx (the derivative view)",
    "ui.curves.safe": "colour-blind-safe colours",
    "ui.network.heading": "Network",
    "ui.fit.heading": "Fit a shape",
    "ui.train.heading": "Train (on the server)",
    "ui.files.open_heading": "Open a saved network (JSON):",
    # -- the page: link, code, files, notices (dashboard.permalink, copycode, files, upload,
    # -- notices, patches, playground) -----------------------------------------------------------
    "ui.link.copy": "Copy link",
    "ui.link.copy_about": "Copy a link that reopens exactly this network",
    "ui.link.copied": "Link copied ✓",
    "ui.link.prompt": "Copy this link:",
    "ui.code.copy": "Copy as code",
    "ui.code.copy_about": (
        "Copy a short Python script (numpy and matplotlib) that redraws these curves"
    ),
    "ui.code.copied": "Copied ✓",
    "ui.code.from_box": "Copy it from the box below",
    "ui.code.refused": (
        "The browser did not let the page copy: select the script below and copy it."
    ),
    "ui.code.box_aria": "The script, Python",
    "ui.files.save_json": "Save JSON",
    "ui.files.save_json_about": "Save this network as a JSON document",
    "ui.files.download": "Download HTML",
    "ui.files.download_about": "Save this page as one HTML file that opens with no server",
    "ui.files.open_about": "Open a network saved as JSON",
    "ui.files.choose": "Choose a file…",
    "ui.files.none": "No file opened yet",
    "ui.files.chosen": "Chosen: {name}",
    "ui.files.the_file": "the file",
    "ui.files.opened": "Opened {name}.",
    "ui.files.not_opened": "Did not open {name}: {problem}",
    "ui.files.too_big": (
        "Did not open '{name}': it is {size} ({bytes} bytes); nnshape opens documents of up "
        "to {limit} ({limit_bytes} bytes)."
    ),
    "ui.notice.put_aside": "Your edits to {old} were put aside: Undo brings them back.",
    "ui.notice.free_play": "free play",
    "ui.notice.figure": "figure {figure}",
    "ui.notice.y_fit": (
        "The y-axis now fits the curves: the figure's limits ({low} to {high}) would hide "
        "{curves}. Untick 'auto y-range' to go back to them."
    ),
    "ui.notice.curve_sum": "the sum",
    "ui.notice.curve_deep": "the second layer's output",
    "ui.notice.curve_neuron": "neuron {n}",
    "ui.notice.curve_more": "{count} more curves",
    "ui.notice.list_two": "{first} and {last}",
    "ui.notice.list_more": "{first}, {rest}",
    "ui.refused.named": (
        "Not applied: the {kind} '{title}' cannot be set to {value}; it offers no such value."
    ),
    "ui.refused.unnamed": (
        "Not applied: a {kind} cannot be set to {value}; it offers no such value."
    ),
    "ui.refused.that_value": "that value",
    "ui.refused.kind.slider": "slider",
    "ui.refused.kind.menu": "menu",
    "ui.refused.kind.buttons": "buttons",
    "ui.refused.kind.check_box": "check box",
    "ui.refused.kind.box": "box",
    "ui.refused.not_applied": "Not applied: {why}.",
    "ui.refused.not_number": "{text} is not a number",
    "ui.server.broken": (
        "Sorry: nnshape could not build this page. Reload to try again; if it keeps happening, "
        "the server's log has the details."
    ),
    "ui.server.wrong_host": "Not this server's name",
    "ui.server.wrong_host_text": "This nnshape server does not answer to the name {host}.",
    "ui.server.wrong_host_fix": (
        "If you run it, and this name is really yours, start it with --allow-host {name}."
    ),
    "ui.server.too_long": "This link is too long",
    "ui.server.too_long_text": (
        "The link is {length} characters long; nnshape opens links of up to {limit}. A network "
        "saved with Save JSON opens with Choose a file…, whatever its size."
    ),
    "ui.server.too_long_link": "Open nnshape without it",
    "ui.server.too_large": "This request is too large",
    "ui.server.too_large_text": (
        "Its headers are {size} bytes; nnshape reads up to {limit}. Clearing this site's "
        "cookies usually helps."
    ),
    "ui.server.open": "Open nnshape",
    "ui.server.busy": "nnshape is busy",
    "ui.server.busy_text": (
        "It builds pages for its visitors one at a time, and yours would wait too long just "
        "now. This page tries again by itself in {wait} seconds."
    ),
    "ui.server.too_many": "Too many pages at once",
    "ui.server.too_many_text": (
        "{most} pages from your address ({address}) are waiting or have not opened yet. This "
        "page tries again by itself in {wait} seconds."
    ),
    "ui.server.joining": "This link names a session",
    "ui.server.joining_text": (
        "nnshape gives every visitor a session of their own, and a link cannot open somebody "
        "else's."
    ),
    "ui.server.joining_link": "Open the link without it",
    "ui.server.not_here": "Not here",
    "ui.server.not_here_text": "nnshape is not embedded in other pages.",
    # -- the page: fitting and training (dashboard.targets, training_panel, training_share, fit,
    # -- fit_plot, fit_export) -------------------------------------------------------------------
    "ui.fit.target": "Target",
    "ui.fit.target_about": "A shape for the network's output to approximate",
    "ui.fit.none": "none",
    "ui.fit.shape.sin": "sin x",
    "ui.fit.shape.abs": "|x|",
    "ui.fit.shape.step": "step",
    "ui.fit.shape.square": "x²",
    "ui.fit.shape.bump": "Gaussian bump",
    "ui.fit.shape.sawtooth": "sawtooth",
    "ui.fit.shape.nielsen": "Nielsen's function on [0, 1]",
    "ui.fit.figure_option": "the output of {id}: {title}",
    "ui.fit.points": "points I click",
    "ui.fit.formula": "a formula I type",
    "ui.fit.formula_placeholder": "e.g. 0.5*sin(3*x) + x**2",
    "ui.fit.formula_aria": "Target formula in x",
    "ui.fit.points_help": (
        "Click or tap the plot with the fitted output to add a point; click a point again to "
        "remove it."
    ),
    "ui.fit.formula_help": (
        "A formula in x, e.g. 0.5*sin(3*x) + x**2 (press Enter). It may use + - * / **, sin cos "
        "tan exp log sqrt abs tanh min max, pi and e."
    ),
    "ui.fit.not_applied": "Not applied: {why}.",
    "ui.fit.label.figure": "the output of {id}",
    "ui.fit.label.points": "clicked points",
    "ui.train.play": "▶ Train",
    "ui.train.pause": "Pause",
    "ui.train.step": "Step",
    "ui.train.reset": "Reset",
    "ui.train.reset_about": "Start again from a new random start (seed + 1)",
    "ui.train.rewind": "Rewind",
    "ui.train.rewind_about": "Back to exactly the weights training began from",
    "ui.train.optimiser": "Optimiser",
    "ui.train.optimiser.adam": "Adam",
    "ui.train.optimiser.sgd": "SGD",
    "ui.train.optimiser.momentum": "momentum",
    "ui.train.learning_rate": "Learning rate",
    "ui.train.seed": "Seed",
    "ui.train.counter": "Step {step} · loss {loss}{sharing}",
    "ui.train.rate": " · {rate} steps/s",
    "ui.train.sharing_one": ", sharing the server with 1 other",
    "ui.train.sharing": ", sharing the server with {others} others",
    "ui.train.follows": "; the curves follow {times} times a second",
    "ui.train.no_target": "Choose a target to train towards (Fit a shape, above).",
    "ui.train.no_slope": "{activation} has no slope to follow: choose another activation.",
    "ui.train.not_applied": "Not applied: {why}.",
    "ui.train.rate_not_number": "the learning rate is not a number",
    "ui.train.stopped": "Training stopped: {why}",
    "ui.train.hand": "Paused: your hand moved the network, and the hand wins.",
    "ui.train.loss": "Loss",
    "ui.train.loss_axis": "loss (MSE)",
    "ui.train.step_axis": "step",
    "plot.fit.score": "Target {label}: MSE {mse} · max error {max}",
    "plot.fit.click": "Target {label}: click or tap the plot to add a point",
    "plot.fit.nothing": "Target {label}: nothing to compare",
    "plot.fit.not_finite": "not finite",
    "plot.fit.legend": "target",
    "ui.fit.cli.result": (
        "final MSE {mse}, max error {max} after {steps} {optimiser} steps ({count} {activation} "
        "neurons, target {target})"
    ),
    "ui.fit.cli.wrote": "wrote {path}",
    "ui.fit.cli.cannot_write": "cannot write {path}: {reason}",
    # -- the page: plots, formula, diagram, depth, slope, caption (dashboard.plots, js, formula,
    # -- diagram, depth_view, depth, slope, figures) -----------------------------------------------
    "plot.hidden.both": "Hidden layer: each neuron and their sum",
    "plot.hidden.sum": "Hidden layer: the sum of its neurons",
    "plot.hidden.neurons": "Hidden layer: each neuron",
    "plot.second.on": "Second layer: one more neuron on the sum",
    "plot.second.off": "Second layer: off (switch it on below)",
    "plot.axis.output": "output",
    "plot.legend.sum": "sum",
    "plot.legend.second": "second layer",
    "plot.legend.neuron": "neuron {n}",
    "plot.hover": "Curve values at the cursor",
    "plot.tip.neuron_slope": "neuron {n} dy/dx",
    "plot.tip.sum_slope": "sum dy/dx",
    "plot.tip.second_slope": "second layer dy/dx",
    "plot.dash.solid": "solid",
    "plot.dash.dashed": "dashed",
    "plot.dash.dotted": "dotted",
    "plot.dash.dotdash": "dot-dash",
    "plot.dash.dashdot": "dash-dot",
    "plot.describe.over": "over x from {lo} to {hi}",
    "plot.describe.span": "from {lo} to {hi}",
    "plot.describe.no_values": "no finite values",
    "plot.describe.neuron": "neuron {n}, {formula}, {dash} line: {span}",
    "plot.describe.sum_one": "sum of the 1 neuron, thick green line: {span}",
    "plot.describe.sum": "sum of the {n} neurons, thick green line: {span}",
    "plot.describe.second": "second layer y = {formula}, black line: {span}",
    "plot.describe.second_off": "the second layer is off",
    "plot.describe.sum_var": "sum",
    "plot.describe.hidden": "Hidden layer plot {over}. {items}.",
    "plot.describe.second_plot": "Second layer plot {over}. {items}.",
    "plot.describe.nothing": "No curve is shown",
    "plot.slope.title": "Slope dy/dx",
    "plot.slope.deep": "Slope dy/dx: each neuron, the sum, layer 2",
    "plot.slope.both": "Slope dy/dx: each neuron and the sum",
    "plot.slope.neuron": "neuron {n}'s share: {span}",
    "plot.slope.sum": "the sum's slope: {span}",
    "plot.slope.second": "the second layer's slope: {span}",
    "plot.slope.describe": "Slope dy/dx plot. {items}.",
    "ui.formula.heading": "Formula",
    "ui.diagram.neuron": "neuron {n}: weight {weight}, bias {bias}",
    "ui.diagram.second": "second layer: weight {weight}, bias {bias}",
    "ui.diagram.count_one": "{n} hidden neuron",
    "ui.diagram.count": "{n} hidden neurons",
    "ui.diagram.aria": "Network diagram: {label}",
    "ui.caption.edited": "Edited from {origin}",
    "ui.caption.free": "free play",
    "ui.caption.figure": "figure {id}: {title}",
    "ui.caption.edited_text": (
        "You have changed this network since, so the figure's caption no longer "
        "describes it. Undo takes back an edit; Reset to figure goes back to the figure."
    ),
    "ui.caption.safe": (
        "Drawn in the colour-blind-safe palette: the caption's colours are the article's; here "
        "the sum is black and the second layer vermillion, and each neuron has its card's colour."
    ),
    "plot.depth.title_one": "{name}: the output after its 1 layer",
    "plot.depth.title": "{name}: the output after each of {k} layers",
    "plot.depth.sum": "hidden sum",
    "plot.depth.bar": "layer",
    "plot.depth.range_title": "The output's range (max − min) after k layers",
    "plot.depth.steep_title": "Its steepest slope, max |dy/dx|, after k layers",
    "plot.depth.range_axis": "range",
    "plot.depth.stacked_axis": "layers stacked (0: the hidden sum)",
    "plot.depth.layers_one": "1 {name} layer",
    "plot.depth.layers": "{k} {name} layers",
    "plot.depth.flat": (
        "With {name} the hidden sum is flat (its range is 0): there is nothing to fade."
    ),
    "plot.depth.after": (
        "After {first} the output's range is {a} of the sum's; after {second} it is {b}."
    ),
    "plot.depth.undefined": "undefined (a flat sum)",
    "plot.depth.own": (
        "{range} Layers use w = {w}, b = {b}, except {own} with values of their own."
    ),
    "plot.depth.shared": "{range} Every layer uses w = {w}, b = {b}.",
    "plot.depth.describe_layer": "layer {k} {span}",
    "plot.depth.describe_plot": (
        "The hidden sum ({span}) through {layers}, each w·y − b then {name}: {items}."
    ),
    "plot.depth.describe_item": (
        "{name} {first} for the sum, {at} after {k}, {last} after {deepest}"
    ),
    "plot.depth.describe_range": (
        "The output's range after 0 to {deepest} layers, log scale: {items}."
    ),
    "plot.depth.describe_steep": (
        "The steepest slope, max |dy/dx|, after 0 to {deepest} layers, log scale: {items}."
    ),
    "ui.depth.heading": "Depth",
    "ui.depth.about": (
        "the second layer's neuron stacked on the hidden sum, layer k computing {formula}."
    ),
    "ui.depth.question": "Deep sigmoid networks fade; does ReLU?",
    "ui.depth.open": "Show the depth explorer",
    "ui.depth.building": "Building the depth explorer…",
    "ui.depth.table_help": (
        "Type a layer's own w or b; empty the box to give it the shared value again. "
        "The charts use layers 1 to 20."
    ),
    "ui.depth.depth": "depth: layers stacked",
    "ui.depth.weight": "w: every layer's weight",
    "ui.depth.bias": "b: every layer's bias",
    "ui.depth.reset": "Every layer: the shared w and b",
    "ui.depth.layer": "layer",
    "ui.depth.own": "{k} (own)",
    "ui.depth.box": "layer {k} {which}",
    "ui.depth.not_applied": "Not applied: {why}.",
    "ui.depth.not_number": "{value} is not a number",
    "ui.depth.file_heading": "Depth: the second layer's neuron stacked on the hidden sum",
    "ui.depth.file_own": "Layers with values of their own, as exported: {layers}.",
    "ui.depth.file_layer": "layer {k}: w = {w}, b = {b}",
    "ui.depth.file_note": (
        "Typing a layer's own values needs nnshape itself ({command}); the sliders here are live."
    ),
    # -- the exported file (dashboard.export, guard) ----------------------------------------------
    "ui.file.no_neurons": (
        "Adding or removing neurons needs nnshape itself ({command}); everything else here is live."
    ),
    "ui.file.target_shown": "The target exported with the network is drawn and scored live here.",
    "ui.file.target_needs": (
        "Choosing a target, clicking points onto the plot and training need nnshape itself "
        "({command})."
    ),
    "ui.file.exported": (
        "Exported from nnshape on {when}. To reopen the network as exported in nnshape, run "
        "{command} and open {link}, or save the JSON below and open it there."
    ),
    "ui.file.json": "The network as exported, as JSON",
    **ENGLISH,
    # -- the article's figures (model.article): each title and caption, as written there ------
    **{f"figure.{id}.title": fig.title for id, fig in PRESETS.items()},
    **{f"figure.{id}.caption": fig.caption for id, fig in PRESETS.items()},
    # -- the activations (model.activations): each name, group and description ---------------
    **{f"group.{group}": group for group in GROUPS},
    **{f"activation.{name}.label": act.label for name, act in ACTIVATIONS.items()},
    **{f"activation.{name}.description": act.description for name, act in ACTIVATIONS.items()},
}

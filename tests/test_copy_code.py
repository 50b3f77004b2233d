"""Copy as code's server side: the script sent to the page is ``to_python`` of the playground's
network and view, and the fallback box shows it escaped, as text."""

import html
import json

from dashboard.copycode import fallback_html
from dashboard.export_code import table
from dashboard.outbox import PageOutbox, control_key
from dashboard.playground import Playground
from dashboard.plots import neuron_id
from harness.dashboard import render
from model.article import figure
from model.code import to_python
from model.view import View


def test_the_page_asks_in_its_outbox_and_gets_the_script_of_the_values_sent_with_the_ask():
    pg = Playground.from_figure("nn9")
    layout, _ = render(pg)
    pg.view.slope = True
    box = next(m for m in layout.tags if isinstance(m, PageOutbox))
    key = control_key("weights", neuron_id(pg.network.neurons[0]))
    # The value the page still held, and the click's request, in one message (nnshape.ask).
    box.message = json.dumps({"seq": 1, "values": {key: -1.5}, "ask": "copy_code"})
    sent = json.loads(pg._copy_code.carrier.value)
    assert sent["code"] == to_python(pg.network, pg.view)
    assert "(-1.5, -2.0," in sent["code"]
    box.message = json.dumps({"seq": 2, "values": {}, "ask": "copy_code"})
    again = json.loads(pg._copy_code.carrier.value)
    assert again["code"] == sent["code"] and again["n"] == sent["n"] + 1  # a new value
    # The click itself asks nothing of the server (it could overtake the values), nor does
    # an ask the server does not know.
    pg._copy_code.button.clicks += 1
    box.message = json.dumps({"seq": 3, "values": {}, "ask": "copy_everything"})
    box.message = json.dumps({"seq": 4, "values": {}, "ask": ["copy_code"]})
    assert json.loads(pg._copy_code.carrier.value) == again


def test_the_fallback_box_shows_the_script_as_text():
    code = 'plt.title("<b>a & b</b>")\n'
    box = fallback_html(code)
    assert "<b>a" not in box and html.escape(code) in box
    assert "<textarea readonly" in box


def test_the_files_table_knows_its_figure_and_what_the_file_cannot_change():
    net = figure("nn11")
    t = table(net, View.for_figure("nn11", len(net.neurons)))
    assert t["title"] == '"nn11: ' + t["title"][7:] and t["edited_title"].endswith(', edited"')
    assert t["figure"]["neurons"] == [[n.weight, n.bias] for n in net.neurons]
    assert t["fixed_edited"] is False
    net.neurons[0].color = "#123456"  # no control of the file changes a colour
    assert table(net, View.for_figure("nn11", 3))["fixed_edited"] is True

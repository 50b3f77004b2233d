"""Forged widget values sent from a real page to a real server: each is refused, the learner
who sent it is told in a notification, the network stays as it was, and the server's log holds
no traceback. (Which events are dropped, and the sentences, are in tests/test_forged.py.)"""

from __future__ import annotations

import pytest

from harness.browser import activation_menu, goto, poll
from harness.serve import free_port, nnshape_serve, running

# Set one property of the first model of the page's document that ``find`` matches, as the
# page's own code would: BokehJS sends the change to the server (NaN and the infinities in
# Bokeh's own encoding).
FORGE_JS = r"""
([find, attr, value]) => {
  const models = [...Bokeh.documents[0].all_models];
  const match = {
    slider: m => m.type === "Slider",
    figure: m => /Select/.test(m.type) && m.title === "Figure",
    picker: m => /Select/.test(m.type) && m.title === "Edit neuron",
    activation: m => /Select/.test(m.type) && m.title === "Activation",
  }[find];
  const model = models.find(match);
  const numbers = {NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity};
  model[attr] = typeof value === "string" && value in numbers ? numbers[value] : value;
  return true;
}
"""

#: (control, property, value, how the notification shows the value).
FORGERIES = [
    ("slider", "value", "NaN", "nan"),
    ("slider", "value", "Infinity", "inf"),
    ("slider", "value", "-Infinity", "-inf"),
    ("slider", "value", 1e300, "1e+300"),
    ("figure", "value", "nn99", "'nn99'"),
    ("figure", "value", "", "''"),
    ("picker", "value", "999", "'999'"),
    ("activation", "value", "swish2", "'swish2'"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("forged") / "serve.log"
    with running(nnshape_serve(port), port, log):
        yield f"http://127.0.0.1:{port}", log


def query(page) -> str:
    return page.evaluate("() => window.location.search")


@pytest.mark.parametrize(("control", "attr", "value", "shown"), FORGERIES)
def test_a_forged_value_is_refused_with_a_notice_and_no_traceback(
    page, served, control, attr, value, shown
):
    url, log = served
    mark = len(log.read_text(errors="replace"))
    goto(page, f"{url}/?figure=nn11", timeout=30)
    before = query(page)  # rewritten at the first edit
    page.evaluate(FORGE_JS, [control, attr, value])
    toast = page.locator(".notyf__message", has_text=f"cannot be set to {shown};")
    toast.first.wait_for(timeout=10_000)
    assert toast.first.inner_text().startswith("Not applied: ")
    # The network is as it was (the link follows it), and the page still edits it.
    page.wait_for_timeout(300)
    assert query(page) == before
    activation_menu(page).select_option(label="ReLU")
    poll(page, lambda: query(page), lambda q: "act=relu" in q, what="the permalink")
    text = log.read_text(errors="replace")[mark:]
    assert "Traceback" not in text and "error in a session callback" not in text, text
    assert "dropped" in text  # the server's log says what it dropped, in one line

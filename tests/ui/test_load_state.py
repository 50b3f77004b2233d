"""``nnshape serve --load FILE.json``: every session opens on the saved network, its own copy."""

from __future__ import annotations

import pytest

from harness.app import each_page_sees_only_its_own_change
from harness.browser import goto, wait_until_plotted
from harness.serve import free_port, nnshape_serve, running
from model import Network
from model.article import figure
from model.state import default_view, to_json


def custom_network() -> Network:
    """Four ReLU neurons (one with a colour of its own) feeding an enabled second layer."""
    net = Network()
    net.configure(
        activation="relu",
        neurons=[(1.5, -1.0), (-0.75, 0.5), (2.25, 3.0, "#123456"), (0.3, -2.5)],
        second=(-1.25, 0.5),
        second_enabled=True,
        grid=(-4.0, 6.0, 0.05),
    )
    return net


@pytest.fixture(scope="module")
def loaded_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("load")
    doc = tmp / "custom.json"
    net = custom_network()
    doc.write_text(to_json(net, default_view("free", len(net.neurons))), encoding="utf-8")
    port = free_port()
    with running(nnshape_serve(port, "--load", str(doc)), port, tmp / "serve.log"):
        yield f"http://127.0.0.1:{port}"


def test_the_page_plots_exactly_the_loaded_network(page, loaded_server):
    goto(page, f"{loaded_server}/", timeout=30)
    plotted = wait_until_plotted(page, custom_network())
    assert sorted(k for k in plotted if k.startswith("n")) == ["n0", "n1", "n2", "n3"]
    assert plotted["deep"]["visible"]  # the second layer is on, and drawn
    assert page.errors == []


def test_a_url_with_state_wins_over_the_loaded_file(page, loaded_server):
    goto(page, f"{loaded_server}/?figure=nn9", timeout=30)
    wait_until_plotted(page, figure("nn9"))
    assert page.errors == []


def test_sessions_started_from_the_file_do_not_share_a_network(browser, loaded_server):
    a_ctx, b_ctx = browser.new_context(), browser.new_context()
    try:
        a = goto(a_ctx.new_page(), f"{loaded_server}/", timeout=30)
        b = goto(b_ctx.new_page(), f"{loaded_server}/", timeout=30)
        each_page_sees_only_its_own_change(a, b, custom_network)
        assert not a.errors and not b.errors
    finally:
        a_ctx.close()
        b_ctx.close()

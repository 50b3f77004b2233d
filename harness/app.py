"""The served app in a browser: opening it, its slider handles, and learners kept apart.

For the tests of the served page (``tests/ui``): ``open_app`` and ``open_figure`` open a page on
a running ``nnshape serve``, ``pages_at`` opens several learners' pages at once, and
``each_page_sees_only_its_own_change`` and ``server_follows`` check that the server keeps each
page's session to itself and takes its changes.
"""

from __future__ import annotations

import contextlib

from .browser import DESKTOP, goto, poll, wait_for_slider, wait_until_plotted, watch_curve, watched
from .client import weight_in
from .oracle import close, expected


def open_app(page, server: str, query: str = ""):
    """``page`` at the app on ``server`` (its base URL) with ``query``, once it is ready."""
    return goto(page, f"{server}/{query}", timeout=30)


def open_figure(page, server: str, figure_id: str):
    """``page`` at ``?figure=figure_id``, once it plots the figure: the figure's ``Network``
    (``model.article.figure``), for the test to edit as it edits the page."""
    from model.article import figure

    open_app(page, server, f"?figure={figure_id}")
    net = figure(figure_id)
    wait_until_plotted(page, net)
    return net


def handles(page):
    """The noUiSlider handles in page order: n1 weight, n1 bias, n2 weight, …, w2, b2."""
    return page.locator(".noUi-handle")


def handle(page, name: str):
    """The slider handle a screen reader calls ``name`` ("Neuron 1 weight w")."""
    return page.locator(f".noUi-handle[aria-label='{name}']")


def press(page, name: str, key: str, times: int) -> None:
    """Move the slider ``name`` by keyboard, ``times`` presses of ``key``, as a learner without
    a mouse does."""
    h = handle(page, name)
    h.focus()
    for _ in range(times):
        h.press(key)


@contextlib.contextmanager
def pages_at(browser, url: str, count: int, timeout: float = 60.0):
    """``count`` pages open at ``url``, each in a browser context of its own (as many learners
    on as many machines). On leaving the block none may have logged a page error; every
    context is closed, whatever happened."""
    contexts, pages = [], []
    try:
        for _ in range(count):
            context = browser.new_context(**DESKTOP)
            contexts.append(context)
            pages.append(goto(context.new_page(), url, timeout=timeout))
        yield pages
        for page in pages:
            assert not page.errors, page.errors
    finally:
        for context in contexts:
            context.close()


def each_page_sees_only_its_own_change(a, b, make) -> None:
    """Move neuron 1's weight down in page ``a`` and up in page ``b``, both showing ``make()``.

    Isolation shown by positive signals, not by a pause: each page ends on its own change, and
    neither page's neuron-1 curve ever received the value the other page set. The server
    answers ``a`` before ``b`` presses a key, and ``b``'s socket delivers in order, so a curve
    leaked from ``a`` would reach ``b`` before ``b``'s own change does.
    """
    start = make().neurons[0].weight
    for page in (a, b):
        wait_until_plotted(page, make())
        watch_curve(page, "sum")
    mine = []
    for page, key, sign in ((a, "ArrowLeft", -1), (b, "ArrowRight", +1)):
        handle = handles(page).nth(0)  # neuron 1's weight
        handle.focus()
        handle.press(key)
        handle.press(key)
        net = make()
        net.neurons[0].weight = wait_for_slider(page, 0, start + sign * 0.2)
        wait_until_plotted(page, net)
        mine.append(net)
    wait_until_plotted(a, mine[0])  # b's change did not move a
    for page, other in ((a, mine[1]), (b, mine[0])):
        theirs = expected(other)["sum"][1]
        received = watched(page, "sum")
        assert received, "the page never received its own change"
        assert not any(close(y, theirs) for y in received), "a curve from the other session"


def server_follows(page, weight: float, timeout: float = 15.0) -> None:
    """The server took the page's change: the permalink it writes names ``weight``."""
    poll(
        page,
        lambda: weight_in(page.evaluate("() => window.location.search")),
        until=lambda named: named is not None and abs(named - weight) < 1e-9,
        timeout=timeout,
        what="the URL the server writes",
    )

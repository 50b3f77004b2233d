"""Text a visitor sent is shown as text: never as Markdown, HTML or TeX, on any echo path.

Each payload goes in through a path that echoes it (a link's value, an unknown parameter's
name, a JSON file's refused value and its file name, a forged widget value that ends in a
notification). Then, in the page: no script ran, no element but text came from it, and no
request left for anywhere it names.
"""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import pytest

from harness.browser import DESKTOP, READY_JS

PAYLOADS = [
    r"$$\href{javascript:window.__pwned=1}{CLICK}$$",
    r"$\url{javascript:window.__pwned=1}$",
    r"$\style{color:red}{styled}$ \(\class{x}{classed}\)",
    "![x](http://127.0.0.1:9/img.gif)",
    "[Log in](http://evil.example/login)",
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    '<svg onload="window.__pwned=1"></svg>',
    "&lt;b&gt;bold&lt;/b&gt; &amp;",
    "javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
]
#: Names a file can have (no slash).
FILE_PAYLOADS = [p for p in PAYLOADS if "/" not in p]

# Elements inside our notices and Panel's toasts that did not come from us, and any trace of
# MathJax anywhere (it must never be loaded to typeset a visitor's text).
INJECTED_JS = r"""
() => {
  const deep = (root, selector, found = []) => {
    found.push(...root.querySelectorAll(selector));
    for (const e of root.querySelectorAll("*")) {
      if (e.shadowRoot) deep(e.shadowRoot, selector, found);
    }
    return found;
  };
  const ours = new Set(["DIV", "UL", "LI"]);
  const bad = [];
  for (const box of deep(document, ".nn-notice, .notyf__message")) {
    for (const e of box.querySelectorAll("*")) if (!ours.has(e.tagName)) bad.push(e.outerHTML);
  }
  for (const e of deep(document, "mjx-container, math, a[href^='javascript'], iframe"))
    bad.push(e.outerHTML);
  const texts = deep(document, ".nn-notice, .notyf__message").map(e => e.textContent);
  return {bad, texts, pwned: window.__pwned === 1,
          mathjax: typeof window.MathJax !== "undefined"};
}
"""


@pytest.fixture
def guarded(browser):
    """A page that records every request it makes beyond the app's own server."""
    context = browser.new_context(**DESKTOP)
    outside = []

    def record(request):
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and (
            parts.hostname != "127.0.0.1" or parts.path.endswith("img.gif")
        ):
            outside.append(request.url)

    context.on("request", record)
    page = context.new_page()
    page.outside = outside
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def assert_shown_as_text(page, payload: str) -> None:
    """``payload`` (or, for ``n``, its first piece: a link splits neurons at ``~`` and ``_``)
    is shown, and nothing it could start did start."""
    page.wait_for_timeout(300)  # any image or script the payload could start has its chance
    found = page.evaluate(INJECTED_JS)
    assert not found["pwned"], "the payload ran script"
    assert found["bad"] == [], found["bad"]
    assert not found["mathjax"], "MathJax was loaded"
    assert page.outside == [], page.outside
    # Shown as the characters sent (or as their Python literal, which doubles backslashes).
    forms = (payload[:12], repr(payload)[1:13])
    assert any(f in text for text in found["texts"] for f in forms), (payload, found["texts"])


def open_with(page, server: str, query: str) -> None:
    page.goto(f"{server}/?{query}")
    page.wait_for_function(READY_JS, timeout=30_000)
    page.locator(".nn-notice").first.wait_for(timeout=10_000)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_link_echoes_a_payload_as_text(guarded, server, payload):
    # Every echo path of a link at once: a value of act, figure and n, and a parameter's name.
    value = quote(payload)
    open_with(guarded, server, f"act={value}&figure={value}&n={value}&{value}=1")
    texts = " ".join(guarded.evaluate(INJECTED_JS)["texts"])
    for words in ("act must be one of", "figure must be one of", "n: neuron 1", "unknown param"):
        assert words in texts, (words, texts)
    assert_shown_as_text(guarded, payload)


@pytest.mark.parametrize("payload", FILE_PAYLOADS)
def test_a_json_file_echoes_its_refused_value_and_name_as_text(guarded, server, tmp_path, payload):
    open_with(guarded, server, "figure=nn9&act=nope")
    doc = {"schema": "nnshape.network", "version": 1,
           "network": {"activation": payload, "neurons": [], "second": {}, "grid": {}}}  # fmt: skip
    path = tmp_path / f"{payload}.json"
    path.write_text(json.dumps(doc))
    guarded.locator("input[type=file]").set_input_files(str(path))
    guarded.get_by_text("Did not open", exact=False).first.wait_for(timeout=30_000)
    assert_shown_as_text(guarded, payload)
    texts = guarded.evaluate(INJECTED_JS)["texts"]
    assert any(repr(payload)[1:21] in t and "activation" in t for t in texts), texts


@pytest.mark.parametrize("payload", PAYLOADS[:8])
def test_a_forged_widget_value_is_echoed_as_text_in_the_notification(guarded, server, payload):
    open_with(guarded, server, "figure=nn9&act=nope")
    guarded.evaluate(
        """(value) => {
             const select = [...Bokeh.documents[0].all_models]
               .find(m => /Select/.test(m.type) && m.title === "Figure");
             select.value = value;
           }""",
        payload,
    )
    guarded.locator(".notyf__message").first.wait_for(timeout=10_000)
    assert_shown_as_text(guarded, payload)

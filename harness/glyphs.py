"""How a page draws its text: no text wider than its box, and Japanese in real glyphs.

``overflowing(page)``: each visible text element whose content is wider than its box
(``scrollWidth > clientWidth + 1``), and each plot title (painted on Bokeh's canvas) that runs
under its toolbar or off its canvas. ``glyph_problems(page, text)``: where ``text`` is drawn,
each character drawn as the missing-glyph box (tofu), and whether the font the browser really
used for it is a CJK one.
"""

from __future__ import annotations

import re

# Every visible element that holds text directly (an inline one is checked through the box it
# sits in): its text where its content is wider than its box, with a pixel to spare.
OVERFLOW_JS = r"""
(selector) => {
  const roots = selector ? [...document.querySelectorAll(selector)] : [document.body];
  const boxes = new Set();
  const visit = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE && child.textContent.trim()) {
        let el = child.parentElement || node.host;
        while (el && /^(inline|contents)$/.test(getComputedStyle(el).display)) {
          el = el.parentElement || (el.getRootNode() && el.getRootNode().host);
        }
        if (el && el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) {
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) boxes.add(el);
        }
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT"].includes(child.tagName)) continue;
        if (child.shadowRoot) visit(child.shadowRoot);
        visit(child);
      }
    }
  };
  roots.forEach(visit);
  const out = [...boxes].filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => ({
    text: el.textContent.replace(/\s+/g, " ").trim().slice(0, 120),
    tag: el.tagName.toLowerCase() + (typeof el.className === "string" && el.className
                                       ? "." + el.className.trim().split(/\s+/)[0] : ""),
    scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
  }));
  // A plot's title is painted on its canvas, left-aligned above the frame: it must end
  // before the plot's toolbar beside it, and before the canvas's right edge.
  const views = window.Bokeh && Bokeh.index ? [...Bokeh.index.all_views()] : [];
  const ctx = document.createElement("canvas").getContext("2d");
  for (const view of views) {
    const plot = view.model, title = plot && plot.title;
    if (!title || !/^(Plot|Figure)$/.test(plot.type) || !title.text || !view.canvas_view ||
        !view.el.checkVisibility() || !roots.some((r) => r === document.body ||
        r.contains(view.el.getRootNode().host || view.el))) continue;
    const canvas = view.canvas_view.el.getBoundingClientRect();
    if (!canvas.width) continue;
    ctx.font = `${title.text_font_style} ${title.text_font_size} ${title.text_font}`;
    const left = canvas.left + view.frame.bbox.left + (title.offset || 0);
    const right = left + ctx.measureText(title.text).width;
    const top = canvas.top + view.frame.bbox.top;
    const bar = views.find((v) => v.model.type === "Toolbar" &&
                                  (v.parent === view || (v.parent && v.parent.parent === view)));
    const b = bar && bar.el.checkVisibility() ? bar.el.getBoundingClientRect() : null;
    const limit = b && b.width && b.bottom > top - 40 && b.top < top && b.left > left
      ? b.left : canvas.right;
    if (right > limit + 1)
      out.push({text: title.text, tag: "plot title", scrollWidth: Math.round(right - left),
                clientWidth: Math.round(limit - left)});
  }
  return out;
}
"""


def overflowing(page, root: str | None = None) -> list[str]:
    """Each visible text element of ``page`` whose text is wider than its box, and each plot
    title that runs under its plot's toolbar or off its canvas."""
    return [
        f"{o['text']!r} ({o['tag']}: {o['scrollWidth']} > {o['clientWidth']} px)"
        for o in page.evaluate(OVERFLOW_JS, root)
    ]


# For the first visible element whose own text is ``text``: its computed font, and for each
# character that is not ASCII whether it draws differently from an unassigned code point
# (U+0378) in that font. A missing glyph draws the same box (tofu) for both.
GLYPHS_JS = r"""
([text, selector]) => {
  const roots = selector ? [...document.querySelectorAll(selector)] : [document.body];
  let found = null;
  const visit = (node) => {
    for (const child of node.childNodes) {
      if (found) return;
      if (child.nodeType === Node.ELEMENT_NODE) {
        if (child.shadowRoot) visit(child.shadowRoot);
        const own = [...child.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent).join("").trim();
        if (own === text && child.checkVisibility()) { found = child; return; }
        visit(child);
      }
    }
  };
  roots.forEach(visit);
  if (!found) return null;
  window.__glyphs_element = found;
  const style = getComputedStyle(found);
  const font = `${style.fontStyle} ${style.fontWeight} 32px ${style.fontFamily}`;
  const canvas = document.createElement("canvas");
  canvas.width = 64; canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = (ch) => {
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font; ctx.fillStyle = "#000"; ctx.textBaseline = "middle";
    ctx.fillText(ch, 8, 32);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let inked = 0, key = [];
    for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) inked++; key.push(data[i]); }
    return {inked, key: key.join(",")};
  };
  const tofu = draw("\u0378");
  const chars = [...text].filter((c) => c.codePointAt(0) > 0x2fff).map((c) => {
    const g = draw(c);
    return {char: c, inked: g.inked, tofu: g.key === tofu.key};
  });
  return {fontFamily: style.fontFamily, chars};
}
"""

#: Families that hold Japanese glyphs on a Debian system (fonts-noto-cjk and the usual others).
CJK_FAMILY = re.compile(r"CJK|Noto Sans JP|Noto Serif JP|IPA|Takao|VL Gothic|Droid Sans Fallback")


def glyph_problems(page, text: str, root: str | None = None) -> list[str]:
    """Why ``text``, where ``page`` shows it, is not drawn in real Japanese glyphs: a
    character drawn as the same box as an unassigned code point, or drawn blank, or a font
    the browser actually used for it (``CSS.getPlatformFontsForNode``) that is no CJK one."""
    found = page.evaluate(GLYPHS_JS, [text, root])
    if found is None:
        return [f"{text!r} is not on the page"]
    problems = [
        f"{c['char']!r} of {text!r} is tofu in {found['fontFamily']}"
        for c in found["chars"]
        if c["tofu"] or not c["inked"]
    ]
    if not found["chars"]:
        problems.append(f"{text!r} has no Japanese character")
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
        handle = cdp.send("Runtime.evaluate", {"expression": "window.__glyphs_element"})
        node = cdp.send("DOM.requestNode", {"objectId": handle["result"]["objectId"]})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    finally:
        cdp.detach()
    families = [f["familyName"] for f in fonts]
    if not any(CJK_FAMILY.search(f) for f in families):
        problems.append(f"{text!r} is drawn in {families}, no CJK font")
    return problems

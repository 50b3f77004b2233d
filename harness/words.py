"""Every word a page shows, and whether each comes from the page's language catalogue.

``visible_texts(page)`` walks a page as the learner sees it (``WORDS_JS``): every visible text
node, in the document and inside shadow roots (Panel draws its widgets there), the options of
visible menus, the ``placeholder``, ``aria-label`` and ``title`` of visible elements, and the
words Bokeh paints on its canvases (plot titles, axis labels, legend entries, labels).

``offending(texts, lang, user=())`` is what of that is neither a piece of one of ``lang``'s
catalogue texts (``model.lang``; a ``{field}`` stands for a value that is itself a number, a
symbol, a name or catalogue text, and a text node may be a fragment of a catalogue text cut by
markup such as ``<b>``) nor on the allowlist below: numbers, the formula's symbols, proper
names, Bokeh's own tool tooltips, and ``user``, the text the test itself typed or chose.
``english_words(texts, user=())`` is an independent check for a Japanese page: every Latin word
of three letters or more that the allowlist does not name.
"""

from __future__ import annotations

import functools
import re
import string

from model import ACTIVATIONS
from model.lang import CATALOGUES, PROPER_NAMES

# A JS function of a CSS selector (null: the whole page) of the part to walk:
# {lang: <html lang>, texts: [{text, kind, where, toolbar}]}.
WORDS_JS = r"""
(selector) => {
  const roots = selector ? [...document.querySelectorAll(selector)] : [document.body];
  if (!roots.length) throw new Error(`nothing matches ${selector}`);
  const inside = (el) => {  // across shadow roots
    for (let e = el; e; e = e.parentElement || (e.getRootNode() && e.getRootNode().host))
      if (roots.includes(e)) return true;
    return false;
  };
  const SKIP = new Set(["SCRIPT", "STYLE", "TEMPLATE", "NOSCRIPT", "svg", "SVG", "CANVAS"]);
  const out = [];
  const shown = (el) => {
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const where = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 4; ) {
      const cls = (typeof e.className === "string" ? e.className : "").trim().split(/\s+/)[0];
      parts.unshift(e.tagName.toLowerCase() + (cls ? "." + cls : ""));
      e = e.parentElement || (e.getRootNode() && e.getRootNode().host) || null;
    }
    return parts.join(" > ");
  };
  const add = (text, kind, el, toolbar) => {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (text) out.push({text, kind, where: where(el), toolbar});
  };
  const inToolbar = (el) => /(^|\s|-)(bk-toolbar|bk-tool-button|bk-ToolbarButton|bk-Toolbar)/.test(
    (typeof el.className === "string" ? el.className : "") + " " + el.tagName.toLowerCase());
  const visit = (node, toolbar) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const parent = child.parentElement || (node.host || null);
        if (!child.textContent.trim() || !parent) continue;
        const range = document.createRange();
        range.selectNodeContents(child);
        const r = range.getBoundingClientRect();
        if (r.width > 0 && r.height > 0 && parent.checkVisibility({checkOpacity: true,
            checkVisibilityCSS: true})) add(child.textContent, "text", parent, toolbar);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        if (SKIP.has(child.tagName)) continue;
        const passThrough = child.tagName === "SLOT" ||
                            getComputedStyle(child).display === "contents";
        if (!shown(child) && !passThrough) continue;
        const tb = toolbar || inToolbar(child);
        if (child.tagName === "SELECT") {
          for (const o of child.querySelectorAll("option")) add(o.textContent, "option", child, tb);
          for (const g of child.querySelectorAll("optgroup")) add(g.label, "optgroup", child, tb);
        }
        for (const name of ["placeholder", "aria-label", "title"])
          if (child.hasAttribute(name)) add(child.getAttribute(name), name, child, tb);
        if (child.shadowRoot) visit(child.shadowRoot, tb);
        if (child.tagName !== "SELECT") visit(child, tb);
      }
    }
  };
  roots.forEach((root) => visit(root, false));
  // Bokeh paints these on a canvas, so no text node holds them: the title, axis labels and
  // labels of every plot whose view is on the screen.
  const plots = window.Bokeh && Bokeh.index ? [...Bokeh.index.all_views()] : [];
  for (const view of plots) {
    const plot = view.model;
    if (!plot || !/^(Plot|Figure|GMap)$/.test(plot.type) || !view.el || !shown(view.el) ||
        !inside(view.el)) continue;
    const parts = [plot.title, ...plot.left, ...plot.right, ...plot.above, ...plot.below,
                   ...plot.center, ...plot.renderers];
    for (const m of parts) {
      if (!m || m.visible === false) continue;
      if (m.type === "Title" && m.text) add(m.text, "plot title", view.el, false);
      if (/Axis$/.test(m.type) && typeof m.axis_label === "string")
        add(m.axis_label, "axis label", view.el, false);
      if (/^(Label|Title)$/.test(m.type) && m.type !== "Title" && m.text)
        add(m.text, "plot label", view.el, false);
    }
  }
  return {lang: document.documentElement.lang, texts: out};
}
"""

#: Numbers in any format: 1.5, −2.0, 1e6, 1,000, 12 %, ×10³, ±1e6, 0.3 s.
NUMBER = re.compile(
    r"[−\-+±]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:[eE][−\-+]?\d+)?(?:\s?[×x]\s?10[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+)?"
)
#: The formula's symbols: what the formula panel, the diagram and the sliders' names write
#: between numbers (σ, Σ, the variables, operators, brackets, sub- and superscripts, n1…).
SYMBOL = re.compile(
    r"[σΣxyzwbvcnheksij∑′'^=+\-−·×*/÷()\[\]{}|,.:;…≈≤≥<>±√∞∫∂Δ→←%#&@!?_~"
    r"₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺ᵢⱼₙ"
    r"\u00a0\u2009\u200a\u202f\s✓✗×✕⏸▶■●○◀▲▼⟲⟳↶↷ⓘ⋮\"“”‘’–—]"
)
#: What separates the items of a list a text puts in a field.
LIST = re.compile(r"\s*[;；]\s*")
#: What markup puts between two catalogue texts.
GLUE = " ·:：,，、;；|/–—-"
#: Function names the formula writes (``act(…)``, ``tanh``, ``sin``) and that Japanese text keeps.
FUNCTIONS = ("act", "sum", "tanh", "max", "min", "exp", "log", "ln", "sin", "cos", "tan",
             "sqrt", "abs", "deep", "pi", "dx", "dy",
             # the activations by their ids, as the plots' text alternatives write a formula
             *sorted(ACTIVATIONS, key=len, reverse=True),
             # and the sum as a formula's variable in Japanese ("sigmoid(1·和 − 0)")
             CATALOGUES["ja"]["plot.describe.sum_var"])  # fmt: skip
#: A function name counts as a symbol only in a formula: before "(", or beside an operator
#: (``w2·sum − b2``). Alone ("sum" as a legend entry) it is an English word.
_OPERATOR = "[(·×*/=+−\\-]"
FORMULA_FUNCTION = re.compile(
    rf"(?:{'|'.join(FUNCTIONS)})(?=\s?{_OPERATOR}|\s?\))"
    rf"|(?<={_OPERATOR})(?:{'|'.join(FUNCTIONS)})|(?<={_OPERATOR} )(?:{'|'.join(FUNCTIONS)})"
)
#: Proper names: technical names written the same in every language.
NAMES = ("nnshape", "JSON", "HTML", "URL", "UTF-8", "Python", "NumPy", "numpy", "matplotlib",
         "Bokeh", "Panel", "JupyterLab", "Adam", "SGD", "ReLU", "GELU", "SiLU", "Swish", "ELU",
         "Mish", "Softplus", "softplus", "Leaky", "Heaviside", "Okabe", "Ito", "Qiita", "MSE",
         "English", "日本語", "UTC", "PNG", "CSV", "ASCII", "Clevert", "GAN", "BERT", "GPT",
         "EfficientNet", "SwiGLU", "LLaMA", "SIREN", "gauss", "LReLU", "mish", "id",
         "Nielsen", "Cookie")  # fmt: skip
#: Code a Japanese message quotes as it is: a document's keys and values, a link's keys, Python's
#: types, the command ``nnshape serve``. Only the English-word check takes them; the catalogue
#: check needs no help, the catalogue holds them.
CODE = ("schema", "version", "none", "true", "false", "str", "bytes", "walk", "serve",
        # the typed formula's functions and the key that applies it, as its help lists them
        "sin", "cos", "tan", "exp", "log", "sqrt", "abs", "tanh", "min", "max", "pi",
        "Enter")  # fmt: skip
#: Bokeh's own tool tooltips (``title`` of a toolbar button): Bokeh's words, not ours.
BOKEH_TOOLTIPS = ("Pan", "Box Zoom", "Wheel Zoom", "Save", "Reset", "Hover", "Zoom In",
                  "Zoom Out", "x-pan", "y-pan", "x-wheel-zoom", "y-wheel-zoom", "Crosshair",
                  "Box Select", "Lasso Select", "Tap", "Undo", "Redo", "Toggle visibility",
                  "Show this toolbar", "Hide this toolbar", "Bokeh", "Wheel Pan", "Copy",
                  "Fullscreen", "Click to hide", "Click to show")  # fmt: skip
#: A link (the permalink the page or the file shows): an address, not words.
URL = re.compile(r"(?:https?|file)://\S+|--[a-z][a-z-]+")  # and a command-line option
#: Figure ids (nn6 … nn18) and the article's neuron names (n1, w2, b2): identifiers, not words.
IDENTIFIER = re.compile(r"(?:nn|n|w|b|v|c|x|y)\d+")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@functools.cache
def _proper() -> frozenset[str]:
    from model import ACTIVATIONS

    names = {CATALOGUES[lang][key] for lang in CATALOGUES for key in PROPER_NAMES}
    names |= {a.symbol for a in ACTIVATIONS.values()}
    return frozenset(n for n in names if "{" not in n) | frozenset(NAMES)


@functools.cache
def _token() -> re.Pattern:
    words = sorted(_proper(), key=len, reverse=True)
    alternatives = [URL.pattern, IDENTIFIER.pattern, NUMBER.pattern, FORMULA_FUNCTION.pattern,
                    *map(re.escape, words), SYMBOL.pattern]  # fmt: skip
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def allowed(text: str, toolbar: bool = False, user=()) -> bool:
    """On the allowlist: numbers, symbols, names (and what ``user`` gave), alone or together;
    in a Bokeh toolbar, Bokeh's tool tooltips."""
    text = _norm(text)
    if not text or text in user or (toolbar and text in BOKEH_TOOLTIPS):
        return True
    if any(u and u in text and _allowed_tokens(text.replace(u, " ")) for u in user):
        return True
    return _allowed_tokens(text)


def _allowed_tokens(text: str) -> bool:
    """``text`` is made of allowlisted tokens only; a name must not run on into a word."""
    token, at = _token(), 0
    while at < len(text):
        m = token.match(text, at)
        if not m or m.end() == at:
            return False
        end = m.end()
        # "x" in "xylophone", "id" in "idle": a longer word, not a symbol.
        if (
            text[end - 1].isalpha()
            and end < len(text)
            and text[end].isalpha()
            and m.group().isascii() == text[end].isascii()
        ):
            return False
        at = end
    return True


class Template:
    """One catalogue text as literal pieces and the fields between them."""

    def __init__(self, text: str):
        self.text = _norm(text)
        self.literals: list[str] = []
        try:
            parsed = list(string.Formatter().parse(text))
        except ValueError:  # a brace that is no field
            parsed = [(text, None, None, None)]
        for literal, field, _, _ in parsed:
            self.literals.append(_norm_keep(literal))
            if field is None:
                break
        else:
            self.literals.append("")  # the text ends with a field
        # Two fields side by side ("{loss}{sharing}") are one wildcard: read as two, any two
        # symbols would make a word ("i" + "s").
        inner = [lit for lit in self.literals[1:-1] if lit]
        self.literals = (
            self.literals[:1] + inner + self.literals[-1:]
            if len(self.literals) > 1
            else self.literals
        )

    def holds(self, text: str, accept) -> bool:
        """``text`` is a fragment of this template filled in: every way of reading it is
        tried, and one must give fields that ``accept`` takes (an empty field is taken)."""
        lits = self.literals
        if text.strip() and any(_within(text, lit) for lit in lits):
            return True
        return any(
            self._span(text, i, j, accept)
            for i in range(len(lits) - 1)
            for j in range(i + 1, len(lits))
        )

    def _span(self, text: str, i: int, j: int, accept) -> bool:
        """``text`` runs from inside literal ``i`` to inside literal ``j``: the end of
        literal i, a field, literal i+1, …, a field, the start of literal j."""
        lits = self.literals
        middle = lits[i + 1 : j]
        for places in _placements(text, middle, 0):
            head = text[: places[0][0]] if places else text
            tail = text[places[-1][1] :] if places else ""
            inner = [text[places[k][1] : places[k + 1][0]] for k in range(len(places) - 1)]
            literal = "".join(lit for lit in middle)
            for a in _suffixes(lits[i], head):
                rest = head[a:] if places else ""
                for b in _prefixes(lits[j], tail if places else head[a:]):
                    if places:
                        fields = [rest, *inner, tail[: len(tail) - b]]
                        shown = head[:a] + literal + tail[len(tail) - b :]
                    else:
                        field = head[a : len(head) - b]
                        if a > len(head) - b:
                            continue
                        fields, shown = [field], head[:a] + head[len(head) - b :]
                    if fields == [text] and not shown:
                        continue  # the whole text as one field: no part of this template
                    if all(not f.strip() or accept(f) for f in fields):
                        return True
        return False


def _within(text: str, literal: str) -> bool:
    """``text`` is in ``literal`` and cuts no Latin word in two ("is" is not in "Mish")."""
    at = literal.find(text)
    while at >= 0:
        before = literal[at - 1 : at]
        after = literal[at + len(text) : at + len(text) + 1]
        if not (_latin(before) and _latin(text[0])) and not (_latin(after) and _latin(text[-1])):
            return True
        at = literal.find(text, at + 1)
    return False


def _latin(char: str) -> bool:
    return bool(char) and char.isascii() and char.isalnum()


def _placements(text: str, literals: list[str], start: int):
    """Every way to find ``literals`` in ``text`` in order from ``start``: lists of spans."""
    if not literals:
        yield []
        return
    at = text.find(literals[0], start)
    while at >= 0:
        end = at + len(literals[0])
        for rest in _placements(text, literals[1:], end):
            yield [(at, end), *rest]
        at = text.find(literals[0], at + 1)


def _suffixes(literal: str, text: str):
    """The lengths of the starts of ``text`` that ``literal`` ends with, longest first."""
    for n in range(min(len(literal), len(text)), -1, -1):
        if literal.endswith(text[:n]):
            yield n


def _prefixes(literal: str, text: str):
    """The lengths of the ends of ``text`` that ``literal`` starts with, longest first."""
    for n in range(min(len(literal), len(text)), -1, -1):
        if literal.startswith(text[len(text) - n :]):
            yield n


def _norm_keep(piece: str) -> str:
    return re.sub(r"\s+", " ", piece)


@functools.cache
def templates(lang: str) -> tuple[Template, ...]:
    return tuple(Template(t) for t in CATALOGUES[lang].values())


def from_catalogue(text: str, lang: str, user=(), depth: int = 0) -> bool:
    """``text`` is a piece of a catalogue text of ``lang`` (or allowed), each field's value
    itself allowed or from the catalogue."""
    text = _norm(text)
    # Markup's glue around a catalogue text ("<b>Hidden layer</b> · 3 neurons"): not words.
    bare = text.strip(GLUE) or text
    if _from_catalogue(bare, lang, tuple(user), depth):
        return True
    # A message the page writes as a sentence (``fit_plot.sentence``): capitalised, with a stop.
    lowered = (bare[:1].lower() + bare[1:]).removesuffix(".")
    return lowered != bare and _from_catalogue(lowered, lang, tuple(user), depth)


@functools.lru_cache(maxsize=200_000)
def _from_catalogue(text: str, lang: str, user: tuple, depth: int) -> bool:
    if allowed(text, user=user):
        return True
    if depth > 2:
        return False

    def accept(field: str) -> bool:
        field = _norm(field)
        if _from_catalogue(field, lang, user, depth + 1):
            return True
        # A list in a field (a plot's text alternative lists its curves): each item in turn.
        items = [item for item in LIST.split(field) if item]
        return len(items) > 1 and all(
            _from_catalogue(item, lang, user, depth + 1) for item in items
        )

    return any(template.holds(text, accept) for template in templates(lang))


def offending(texts: list[dict], lang: str, user=()) -> list[str]:
    """Each collected text that is neither from ``lang``'s catalogue nor allowed, with where it
    was found."""
    bad = []
    for item in texts:
        if item.get("toolbar") and _norm(item["text"]) in BOKEH_TOOLTIPS:
            continue
        if not from_catalogue(item["text"], lang, tuple(user)):
            bad.append(f"{item['text']!r} ({item['kind']} at {item.get('where', '')})")
    return sorted(set(bad))


ENGLISH = re.compile(r"[A-Za-z]{3,}")


def english_words(texts: list[dict], user=()) -> list[str]:
    """Every Latin word of 3+ letters in ``texts`` that is not allowed (a proper name, a
    function the formula writes, Bokeh's tooltip in its toolbar, or the user's own text)."""
    known = {w for name in _proper() for w in ENGLISH.findall(name)} | set(CODE)
    bad = []
    for item in texts:
        text = _norm(item["text"])
        if item.get("toolbar") and text in BOKEH_TOOLTIPS:
            continue
        for u in user:
            text = text.replace(u, " ")
        text = FORMULA_FUNCTION.sub(" ", URL.sub(" ", text))
        words = [w for w in ENGLISH.findall(text) if w not in known]
        if words:
            bad.append(f"{' '.join(words)} in {item['text']!r} ({item['kind']})")
    return sorted(set(bad))


def visible_texts(page, root: str | None = None) -> dict:
    """``{"lang": <html lang attribute>, "texts": [...]}`` of ``page``, or of the element the
    CSS selector ``root`` names (every one it matches) (see ``WORDS_JS``)."""
    return page.evaluate(WORDS_JS, root)


def check(page, lang: str, user=(), root: str | None = None) -> list[str]:
    """What in ``page`` (or in its part ``root``) is wrong for a page in ``lang``: its
    ``<html lang>`` (not checked for a part), every text not from the catalogue and, in
    Japanese, every English word."""
    seen = visible_texts(page, root)
    problems = []
    if root is None and seen["lang"] != lang:
        problems.append(f"<html lang={seen['lang']!r}>, not {lang!r}")
    if len(seen["texts"]) < 10:
        problems.append(f"only {len(seen['texts'])} texts found: is this the page? {seen['texts']}")
    problems += offending(seen["texts"], lang, user)
    if lang == "ja":
        problems += [f"English: {w}" for w in english_words(seen["texts"], user)]
    return problems

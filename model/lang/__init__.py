"""The words the app shows, one catalogue per language: ``en`` and ``ja``.

Each catalogue maps a key (``walk.nn6.text``, …) to a text with ``{name}`` fields. Every
language has every key, with the same fields (``tests/test_lang.py``). ``text(key, lang,
**args)`` fills one in; the arguments are values the model computed or has already made safe to
show (``model.messages.show``), and what it returns is plain text, never markup.
"""

from __future__ import annotations

import string

from . import en, ja

#: Keys whose text is a proper name, written the same in every language.
PROPER_NAMES = frozenset(
    f"activation.{name}.label"
    for name in ("relu", "mish", "tanh", "leaky_relu", "elu", "silu", "softplus")
)
#: The languages, the first the default.
LANGUAGES = ("en", "ja")
CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXT, "ja": ja.TEXT}


def language(code) -> str:
    """``code`` if it names a language here, else the default (a URL's ``lang`` is hostile)."""
    return code if isinstance(code, str) and code in CATALOGUES else LANGUAGES[0]


def text(key: str, lang: str = "en", **args) -> str:
    """The catalogue's text for ``key`` in ``lang``, its fields filled from ``args``."""
    return CATALOGUES[language(lang)][key].format(**{k: str(v) for k, v in args.items()})


def fields(template: str) -> set[str]:
    """The names of a text's ``{fields}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["CATALOGUES", "LANGUAGES", "PROPER_NAMES", "fields", "language", "text"]

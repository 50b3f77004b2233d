"""The words the app shows, one catalogue per language: ``en`` and ``ja``.

Each catalogue maps a key (``walk.nn6.text``, …) to a text with ``{name}`` fields. Every
language has every key, with the same fields (``tests/test_lang.py``). ``text(key, lang,
**args)`` fills one in; the arguments are values the model computed or has already made safe to
show (``model.messages.show``), and what it returns is plain text, never markup.
"""

from __future__ import annotations

import string

from ..messages import Message
from . import en, ja

#: Keys whose text is a proper name, written the same in every language.
PROPER_NAMES = frozenset(
    {f"activation.{name}.label"
     for name in ("relu", "mish", "tanh", "leaky_relu", "elu", "silu", "softplus")}
    | {"lang.en", "lang.ja", "ui.figure.option"}
)  # fmt: skip
#: The languages, the first the default.
LANGUAGES = ("en", "ja")
CATALOGUES: dict[str, dict[str, str]] = {"en": en.TEXT, "ja": ja.TEXT}


def language(code) -> str:
    """``code`` if it names a language here, else the default (a URL's ``lang`` is hostile)."""
    return code if isinstance(code, str) and code in CATALOGUES else LANGUAGES[0]


def text(key: str, lang: str = "en", **args) -> str:
    """The catalogue's text for ``key`` in ``lang``, its fields filled from ``args``."""
    return CATALOGUES[language(lang)][key].format(**{k: str(v) for k, v in args.items()})


class Phrase(Message):
    """A sentence for a person from the whole catalogue (``Message`` holds only the model's):
    a ``str`` of its English text that also carries its key and arguments, shown in another
    language with ``.text(catalogue)``."""

    def __new__(cls, id: str, **args) -> Phrase:
        english = CATALOGUES["en"][id].format(
            **{k: v.text(CATALOGUES["en"]) if isinstance(v, Message) else str(v)
               for k, v in args.items()}
        )  # fmt: skip
        phrase = str.__new__(cls, english)
        phrase.id, phrase.args = id, args
        return phrase

    def text(self, catalogue) -> str:
        args = {
            k: v.text(catalogue) if isinstance(v, Message) else str(v) for k, v in self.args.items()
        }
        return catalogue[self.id].format(**args)

    def __reduce__(self):
        return (_phrase, (self.id, dict(self.args)))


def _phrase(id: str, args: dict) -> Phrase:
    return Phrase(id, **args)


def fields(template: str) -> set[str]:
    """The names of a text's ``{fields}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


__all__ = ["CATALOGUES", "LANGUAGES", "PROPER_NAMES", "Phrase", "fields", "language", "text"]

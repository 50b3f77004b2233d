"""The whole state in and out, in one import: the JSON document and the permalink.

The concepts live in their own modules: the view in ``model.view``, the table of fields in
``model.fields``, the JSON document in ``model.document``, the URL query in ``model.permalink``
and every message in ``model.messages``. This module keeps the names the README's contract and
earlier notebooks use.
"""

from __future__ import annotations

from .article import FREE
from .document import (
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    SCHEMA,
    UPGRADES,
    VERSION,
    LoadedState,
    StateError,
    load_json,
    nesting_depth,
    to_json,
    upgrade_v0,
)
from .parameters import HexColor
from .permalink import FALLBACK_NOTICE, MAX_NOTICES, QUERY_KEYS, QueryState, from_query, to_query
from .view import View

VIEW_KEYS = View.KEYS
canonical_color = HexColor.canonical


def default_view(figure_id: str = FREE, n_neurons: int = 1) -> dict:
    """The view a figure opens with, as plain values (see ``View.for_figure``)."""
    return View.for_figure(figure_id, n_neurons).to_dict()


__all__ = [
    "FALLBACK_NOTICE",
    "FREE",
    "MAX_DEPTH",
    "MAX_DOCUMENT_BYTES",
    "MAX_NOTICES",
    "QUERY_KEYS",
    "SCHEMA",
    "UPGRADES",
    "VERSION",
    "VIEW_KEYS",
    "LoadedState",
    "QueryState",
    "StateError",
    "View",
    "canonical_color",
    "default_view",
    "from_query",
    "load_json",
    "nesting_depth",
    "to_json",
    "to_query",
    "upgrade_v0",
]

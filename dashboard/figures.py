"""The article's figures in the page: the Figure menu, the state each figure opens with (what
Reset to figure goes back to), and its caption, or word that the network was edited since."""

from __future__ import annotations

import html
from functools import cache

from model import Network
from model.article import FREE, PRESETS, is_edited, preset
from model.history import State
from model.lang import CATALOGUES


@cache
def figure_state(figure_id: str) -> State:
    """The state figure ``figure_id`` opens with (read only: compared, never changed)."""
    return State.for_figure(figure_id)


def figure_options(words=None) -> dict[str, str]:
    """The Figure menu: free play, then the article's figures, each with its title, in the
    language of ``words`` (a ``dashboard.words.Words``; English without)."""
    from model.lang import text

    def say(key: str, **args) -> str:
        return words(key, **args) if words is not None else text(key, "en", **args)

    return {
        say("ui.figure.free")
        if f.id == FREE
        else say("ui.figure.option", id=f.id, title=say(f"figure.{f.id}.title")): f.id
        for f in PRESETS.values()
    }


#: What the captions' colour words mean while the colour-blind-safe palette is on, in English
#: (the catalogue's ``ui.caption.safe``, which has it in every language).
SAFE_NOTE = CATALOGUES["en"]["ui.caption.safe"]


def caption_html(
    network: Network, figure_id: str, safe_colors: bool = False, lang: str = "en"
) -> str:
    """The figure's title and caption in ``lang``; once the network is edited, that it was
    edited from the figure (the caption would describe a network that is no longer there).
    With the colour-blind-safe palette, a line saying that the caption's colour words are the
    article's."""
    from model.lang import text

    def say(key: str, **args) -> str:
        return text(key, lang, **args)

    fig = preset(figure_id)
    if is_edited(network, fig.id):
        origin = (
            say("ui.caption.free")
            if fig.id == FREE
            else say("ui.caption.figure", id=fig.id, title=say(f"figure.{fig.id}.title"))
        )
        title, caption = say("ui.caption.edited", origin=origin), say("ui.caption.edited_text")
    else:
        title, caption = say(f"figure.{fig.id}.title"), say(f"figure.{fig.id}.caption")
    note = f"<p style='margin:2px 0 0;color:#555'>{html.escape(say('ui.caption.safe'))}</p>"
    return (
        f"<h3 style='margin:4px 0'>{html.escape(title)}</h3>"
        f"<p style='margin:0'>{html.escape(caption)}</p>" + (note if safe_colors else "")
    )

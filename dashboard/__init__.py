"""nnshape's dashboard: Panel + HoloViews views of the model.

``from dashboard import Playground; Playground.from_figure("nn9")`` as a notebook cell's last line
shows the live dashboard inline.
"""

from .playground import FREE, Playground

__all__ = ["FREE", "Playground"]

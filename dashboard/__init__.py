"""nnshape's dashboard: Panel + HoloViews views of the model.

``from dashboard import Playground; Playground.from_figure("nn9")`` as a notebook cell's last line
shows the live dashboard inline.

Panel and HoloViews are imported on first use, not with the package: the ``nnshape`` command
(``dashboard.cli``) starts, and restarts itself on the system allocator, before paying for them.
"""

__all__ = ["FREE", "Playground"]


def __getattr__(name: str):
    if name in __all__:
        from . import playground

        return getattr(playground, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

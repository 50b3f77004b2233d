"""Take the README's screenshots from the real app: serve it, open it in Chromium, save PNGs.

    python docs/screenshot.py [--figure nn11] [--output docs/screenshot.png]
    python docs/screenshot.py --figure nn9 --slope --output docs/screenshot-slope.png
    python docs/screenshot.py --fit sin --output docs/screenshot-fit.png
    python docs/screenshot.py --walk 1 --query "figure=nn6&n=2_0~-0.5_0~2_0_008000" \
        --output docs/screenshot-walk.png

``--walk N``: step N of the guided walk (its link, ``?walk=N``), once its tasks are checked;
``--query`` adds more of a link, such as the step's figure with the edits that do its tasks
(a link to a step keeps the edits of that step's own figure).

``--fit TARGET``: a fit in progress instead of a figure: four tanh neurons with output weights,
``--steps`` (default 100) Adam steps from seed 0 towards the target (``model.training``), opened
from its link with the target set, so the page draws the target and its live score.

Writes the desktop picture (1280×800) to ``--output`` and the phone picture (390×844, mobile
emulation: touch, 3× pixels) beside it as ``<name>-phone.png``. ``--depth`` opens the depth
explorer and pictures it instead (``docs/screenshot-depth.png`` by default).

Needs Debian's Chromium at /usr/bin/chromium (``apt-get install -y chromium``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's own folder is on sys.path, not the checkout it serves from.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from harness.browser import CHROMIUM, READY_JS, launch, open_page  # noqa: E402
from harness.serve import free_port, nnshape_serve, running  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figure", default="nn11")
    parser.add_argument("--output", type=Path, default=None)
    parser.add_argument("--depth", action="store_true", help="picture the depth explorer")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    parser.add_argument(
        "--slope", action="store_true", help="with the derivative view on (the link's slope=on)"
    )
    parser.add_argument("--fit", metavar="TARGET", help="a target's link text, e.g. sin")
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--walk", type=int, metavar="N", help="step N of the guided walk")
    parser.add_argument("--query", default="", help="more of the link, e.g. figure=nn6&n=2_0")
    args = parser.parse_args()
    if args.output is None:
        name = "screenshot-depth.png" if args.depth else "screenshot.png"
        args.output = ROOT / "docs" / name
    if not Path(CHROMIUM).exists():
        parser.exit(2, f"screenshot: {CHROMIUM} is missing (apt-get install -y chromium)\n")
    port = free_port()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running(nnshape_serve(port), port, Path(tmp) / "serve.log"),
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        query = fit_query(args.fit, args.steps) if args.fit else f"figure={args.figure}"
        if args.walk is not None:
            query = f"walk={args.walk}"
        query += "".join(f"&{part}" for part in (args.query, "slope=on" * args.slope) if part)
        url = f"http://127.0.0.1:{port}/?{query}"
        args.output.parent.mkdir(parents=True, exist_ok=True)
        page = open_page(browser, url, READY_JS, viewport=(args.width, args.height))
        shoot(page, args.output, args.depth)
        phone = browser.new_context(
            viewport={"width": 390, "height": 844},
            device_scale_factor=3,
            is_mobile=True,
            has_touch=True,
        )
        shoot(open_page(phone, url, READY_JS, viewport=None), phone_path(args.output), args.depth)
        browser.close()
    print(f"wrote {args.output} and {phone_path(args.output)}")
    return 0


def fit_query(target_text: str, steps: int) -> str:
    """The link of four tanh neurons with output weights, ``steps`` Adam steps into fitting
    the target ``target_text`` names (``Target.from_text``), with that target."""
    from urllib.parse import urlencode

    from model import Network
    from model.permalink import to_query
    from model.target import Target
    from model.training import Trainer

    target = Target.from_text(target_text)
    net = Network.from_spec(
        {"activation": "tanh", "neurons": [(1.0, 0.0)] * 4, "output_weights": True,
         "output": ([1.0] * 4, 0.0), "grid": target.grid or (-5.0, 5.0, 0.1)}
    )  # fmt: skip
    trainer = Trainer(net, target, optimiser="adam", learning_rate=0.03, seed=0)
    trainer.reset(0)
    trainer.step(steps)
    return urlencode(to_query(net, None, target), safe="_~.-")


def phone_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-phone{path.suffix}")


def shoot(page, path: Path, depth: bool = False) -> None:
    if page.locator(".nn-walk-heading").count():  # a step of the walk: its tasks checked
        page.locator(".nn-walk-tasks").wait_for(timeout=30000)
    if depth:  # the depth explorer, opened as a learner opens it, at the top of the view
        from dashboard.depth_view import OPEN

        page.get_by_text(OPEN).click()
        page.wait_for_function("() => (window.nnshape.depth_draws || 0) > 0", timeout=30000)
        about = page.get_by_text("the second layer's neuron stacked on the hidden sum")
        about.evaluate("e => e.scrollIntoView({block: 'start'})")
    # The curves are in; give the caption, diagram and formula time to be laid out and
    # painted before the picture is taken.
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path))


if __name__ == "__main__":
    sys.exit(main())

"""Take the README's screenshot from the real app: serve it, open it in Chromium, save a PNG.

    python docs/screenshot.py [--figure nn11] [--output docs/screenshot.png]

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
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=800)
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        parser.exit(2, f"screenshot: {CHROMIUM} is missing (apt-get install -y chromium)\n")
    port = free_port()
    with (
        tempfile.TemporaryDirectory() as tmp,
        running(nnshape_serve(port), port, Path(tmp) / "serve.log"),
        sync_playwright() as playwright,
    ):
        browser = launch(playwright)
        url = f"http://127.0.0.1:{port}/?figure={args.figure}"
        page = open_page(browser, url, READY_JS, viewport=(args.width, args.height))
        # The curves are in; give the caption, diagram and formula time to be laid out and
        # painted before the picture is taken.
        page.wait_for_timeout(1500)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.output))
        browser.close()
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Regenerate docs/img/room.png and docs/img/room_map.png: the decision room on the bundled
data, and its map after the same move, in headless Chromium.

python docs/room_screenshot.py       # needs Debian's chromium and playwright
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium fonts-noto-cjk")
    out = HERE / "img" / "room.png"
    map_out = HERE / "img" / "room_map.png"
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "room.html"
        subprocess.run(["bidtool", "explore", "-o", str(html)], check=True, cwd=tmp)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 760})
            page.goto(html.as_uri())
            # a committee's move: power up from 25 to 40, and the ranking follows
            page.evaluate(
                """() => { const el = document.querySelector('input[data-criterion="power"]');
                el.value = "40"; el.dispatchEvent(new Event("input", {bubbles: true})); }"""
            )
            page.screenshot(path=str(out), type="png")
            # the map under the ranking, recoloured by the move (a tall window: no scrolling)
            page.set_viewport_size({"width": 1200, "height": 2000})
            page.locator("#map figure").screenshot(path=str(map_out), type="png")
            browser.close()
    for path in (out, map_out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

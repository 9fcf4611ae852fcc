"""Regenerate docs/report.png: the HTML report on the bundled data, in headless Chromium.

python docs/screenshot.py            # needs Debian's chromium and playwright
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        subprocess.run(["bidtool", "report", "-o", str(html)], check=True, cwd=tmp)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(html.as_uri())
            height = page.evaluate(
                "document.querySelector('#critical').getBoundingClientRect().top"
            )
            page.screenshot(
                path=str(HERE / "report.png"),
                full_page=True,
                clip={"x": 0, "y": 0, "width": 1200, "height": int(height)},
            )
            browser.close()
    print(f"wrote {HERE / 'report.png'}")


if __name__ == "__main__":
    main()

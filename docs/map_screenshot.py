"""Regenerate docs/img/map.png: the report's map (criteria/geo.yaml), in headless Chromium.

python docs/map_screenshot.py        # needs Debian's chromium and playwright
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
    out = HERE / "img" / "map.png"
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "report.html"
        subprocess.run(
            ["bidtool", "report", "-c", "geo", "--samples", "0", "-o", str(html)],
            check=True,
            cwd=tmp,
        )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 640, "height": 900})
            page.goto(html.as_uri())
            page.locator("#map").screenshot(path=str(out))
            browser.close()
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""What docs/*screenshot.py share: run bidtool into a temporary HTML file and open it in
Debian's headless Chromium through playwright.

    with page_of(["bidtool", "report", "-o"], "report.html", 1200, 900) as page:
        page.screenshot(path="shot.png")
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def page_of(command: list[str], name: str, width: int, height: int) -> Iterator[Any]:
    """``command`` + a temporary ``name`` (it ends with the output option), opened in a
    ``width`` × ``height`` window; the browser and the file are gone afterwards."""
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium not found: apt-get install chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / name
        subprocess.run([*command, str(html)], check=True, cwd=tmp)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(html.as_uri())
                yield page
            finally:
                browser.close()

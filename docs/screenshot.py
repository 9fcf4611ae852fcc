"""Regenerate docs/report.png: the HTML report on the bundled data, in headless Chromium.

python docs/screenshot.py            # needs Debian's chromium and playwright
"""

from __future__ import annotations

from browser import HERE, page_of


def main() -> None:
    with page_of(["bidtool", "report", "-o"], "report.html", 1200, 900) as page:
        height = page.evaluate("document.querySelector('#critical').getBoundingClientRect().top")
        page.screenshot(
            path=str(HERE / "report.png"),
            full_page=True,
            clip={"x": 0, "y": 0, "width": 1200, "height": int(height)},
        )
    print(f"wrote {HERE / 'report.png'}")


if __name__ == "__main__":
    main()

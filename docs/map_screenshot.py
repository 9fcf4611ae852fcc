"""Regenerate docs/img/map.png: the report's map (criteria/geo.yaml), in headless Chromium.

python docs/map_screenshot.py        # needs Debian's chromium and playwright
"""

from __future__ import annotations

from browser import HERE, page_of


def main() -> None:
    out = HERE / "img" / "map.png"
    command = ["bidtool", "report", "-c", "geo", "--samples", "0", "-o"]
    with page_of(command, "report.html", 640, 900) as page:
        page.locator("#map").screenshot(path=str(out))
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

"""Regenerate docs/img/room.png and docs/img/room_map.png: the decision room on the bundled
data, and its map after the same move, in headless Chromium.

python docs/room_screenshot.py       # needs Debian's chromium and playwright
"""

from __future__ import annotations

from browser import HERE, page_of


def main() -> None:
    out = HERE / "img" / "room.png"
    map_out = HERE / "img" / "room_map.png"
    with page_of(["bidtool", "explore", "-o"], "room.html", 1200, 760) as page:
        # a committee's move: power up from 25 to 40, and the ranking follows
        page.evaluate(
            """() => { const el = document.querySelector('input[data-criterion="power"]');
            el.value = "40"; el.dispatchEvent(new Event("input", {bubbles: true})); }"""
        )
        page.screenshot(path=str(out), type="png")
        # the map under the ranking, recoloured by the move (a tall window: no scrolling)
        page.set_viewport_size({"width": 1200, "height": 2000})
        page.locator("#map figure").screenshot(path=str(map_out), type="png")
    for path in (out, map_out):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

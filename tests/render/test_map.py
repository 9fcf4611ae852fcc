"""The map: projection, colours by rank, escaping, determinism, the shipped outline."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from pyproj import Transformer

from bidtool.prepare import load_inputs
from bidtool.ranking import rank
from bidtool.render.map import RANK_RAMP, map_svg, rank_colour
from bidtool.spatial.mapdata import MapData, MapSite, map_data
from tests.conftest import REPO


@pytest.fixture(scope="module")
def geo() -> tuple[Any, MapData, Any]:
    """The bundled geo criteria (read-only here): inputs, map data, ranking rows."""
    inputs = load_inputs(str(REPO / "criteria" / "geo.yaml"), str(REPO / "regions"))
    return inputs, map_data(inputs), rank(inputs).rows


def _site(svg: str, region: str) -> dict[str, str]:
    tag = re.search(rf'<circle class="site" data-region="{region}"[^>]*>', svg)
    assert tag is not None, region
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag.group(0)))


def _matrix(svg: str) -> tuple[float, ...]:
    m = re.search(r'class="projected" transform="matrix\(([^)]*)\)"', svg)
    assert m is not None
    return tuple(float(v) for v in m.group(1).split())


def _luminance(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_a_site_lands_at_its_epsg5179_coordinate(geo: tuple[Any, MapData, Any]) -> None:
    _, data, rows = geo
    svg = map_svg(data, rows)
    to_5179 = Transformer.from_crs("EPSG:4326", "EPSG:5179", always_xy=True)
    for region, (lon, lat) in {"jeonnam": (126.46, 34.67), "pohang": (129.4, 35.96)}.items():
        x, y = to_5179.transform(lon, lat)
        attrs = _site(svg, region)
        # the map group's user units are EPSG:5179 metres
        assert float(attrs["cx"]) == pytest.approx(x, abs=1e-6)
        assert float(attrs["cy"]) == pytest.approx(y, abs=1e-6)
        # and its matrix puts them inside the picture, north up
        a, b, c, d, e, f = _matrix(svg)
        assert b == c == 0 and a > 0 and d == -a
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
        px, py = a * x + e, d * y + f
        assert 0 < px < width and 0 < py < height
    # Pohang (north-east of Jeonnam) is right of and above it
    jx, jy = (float(_site(svg, "jeonnam")[k]) for k in ("cx", "cy"))
    assert float(_site(svg, "pohang")["cx"]) > jx and float(_site(svg, "pohang")["cy"]) > jy


def test_hand_built_map_places_the_site_exactly() -> None:
    data = MapData(
        crs="EPSG:5179",
        bounds=(0.0, 0.0, 100_000.0, 200_000.0),
        outline=(((((0.0, 0.0), (100_000.0, 0.0), (100_000.0, 200_000.0), (0.0, 0.0))),),),
        context=(),
        outline_source="test outline",
        sites=(MapSite("a", "A", None, 25_000.123456, 50_000.654321, False),),
    )
    svg = map_svg(data, width=212.0)  # pad 12: 188 px for 100 km
    attrs = _site(svg, "a")
    assert attrs["cx"] == "25000.123456" and attrs["cy"] == "50000.654321"
    a, _, _, d, e, f = _matrix(svg)
    assert a * 25_000.123456 + e == pytest.approx(12 + 188 * 0.25000123456, abs=1e-6)
    assert d * 50_000.654321 + f == pytest.approx(12 + 376 * (1 - 0.25000327), abs=1e-5)


def test_colours_follow_rank(geo: tuple[Any, MapData, Any]) -> None:
    _, data, rows = geo
    svg = map_svg(data, rows)
    n = sum(r.eligible for r in rows)
    fills = {}
    for row in rows:
        attrs = _site(svg, row.id)
        assert attrs["data-rank"] == str(row.rank)
        assert attrs["fill"] == rank_colour(row.rank, n)
        fills[row.rank] = attrs["fill"]
    assert fills[1] == RANK_RAMP[0] and fills[n] == RANK_RAMP[-1]
    lightness = [_luminance(fills[k]) for k in sorted(fills)]
    assert lightness == sorted(lightness) and len(set(fills.values())) == n
    assert rank_colour(None, n) == "#9a9a9a"  # ineligible


def test_text_is_escaped_and_korean_names_shown(data_dir: Path) -> None:
    busan = data_dir / "regions" / "busan.yaml"
    text = busan.read_text(encoding="utf-8")
    busan.write_text(
        re.sub(r"(?m)^name_ko: .*$", 'name_ko: "<script>alert(1)</script> & 부산"', text, count=1),
        encoding="utf-8",
    )
    inputs = load_inputs("geo")
    svg = map_svg(map_data(inputs), rank(inputs).rows, title='A "map" <here>')
    assert "<script>" not in svg and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 부산" in svg
    assert 'aria-label="A &quot;map&quot; &lt;here&gt;"' in svg
    assert "전라남도 해남 솔라시도" in svg  # Korean names where the file gives name_ko


def test_same_inputs_same_bytes(geo: tuple[Any, MapData, Any]) -> None:
    inputs, data, rows = geo
    assert map_svg(data, rows) == map_svg(map_data(inputs), rows)


def test_layers_and_setback_rings_are_drawn(geo: tuple[Any, MapData, Any]) -> None:
    _, data, rows = geo
    assert [layer.name for layer in data.layers] == ["cable_landings", "faults", "quakes", "induced"]
    faults = data.layers[1]
    assert {f.kind for f in faults.features} == {"line"} and faults.extent  # the complete-only box
    setbacks = [r for r in data.rings if r.kind == "setback"]
    assert len(setbacks) == 9 + 1 and {r.radius for r in setbacks} == {5000.0}  # M5+ mainshocks, EGS
    radii = [r for r in data.rings if r.kind == "radius"]
    assert len(radii) == 5 and {r.radius for r in radii} == {30_000.0}
    svg = map_svg(data, rows)
    assert svg.count('class="ring setback"') == 10 and 'data-layer="faults"' in svg


def test_outline_ships_small_and_cited() -> None:
    outline = resources.files("bidtool").joinpath("data/outline/korea.geojson")
    assert len(outline.read_bytes()) < 100_000
    readme = (REPO / "bidtool" / "data" / "outline" / "README.md").read_text(encoding="utf-8")
    for needed in ("Natural Earth", "4.0.0", "public domain", "EPSG:5179", "300 m"):
        assert needed in readme
    svg = map_svg(map_data(load_inputs(str(REPO / "criteria" / "default.yaml"), str(REPO / "regions"))))
    assert "Natural Earth 1:50m" in svg and "public domain" in svg and "tolerance 300 m" in svg


def test_screenshot_in_readme() -> None:
    shot = REPO / "docs" / "img" / "map.png"
    assert shot.stat().st_size < 300_000
    assert "docs/img/map.png" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_html_report_carries_the_map(data_dir: Path, cli: Callable[..., Any]) -> None:
    out = data_dir / "r.html"
    assert cli("report", "-c", "geo", "--samples", "0", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    figure = html[html.index('<figure id="map">') :]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in figure and "EPSG:5179" in figure
    assert "Natural Earth 1:50m" in figure.split("<figcaption>", 1)[1]


def test_live_map_for_the_room_keeps_layers_and_leaves_the_rank_to_the_page(
    geo: tuple[Any, MapData, Any],
) -> None:
    """``live=True`` (the decision room): the same outline, layers and rings; markers
    carry ``data-site`` only, labels a rewritable rank, the legend a colour scale."""
    from bidtool.render.map import _rank_scale, rank_colours

    _, data, rows = geo
    static, live = map_svg(data, rows), map_svg(data, rows, live=True)
    assert live.count('class="ring setback"') == 10 and 'data-layer="faults"' in live
    def drawing(svg: str) -> str:  # outline, layers and rings: from the title to the sites
        return svg[svg.index("<title>") : svg.index('<circle class="site"')]

    assert 'class="outline"' in live and drawing(static) == drawing(live)
    assert "data-region=" not in live and "data-rank=" not in live
    n = sum(r.eligible for r in rows)
    for row in rows:
        tag = re.search(rf'<circle class="site" data-site="{row.id}"[^>]*fill="([^"]+)"', live)
        assert tag and tag.group(1) == rank_colour(row.rank, n)
        if row.rank is not None:
            assert f'<tspan data-site-rank="{row.id}">{row.rank}</tspan>. ' in live
    assert rank_colours(n) == tuple(rank_colour(k, n) for k in range(1, n + 1))
    scale, _ = _rank_scale("scale", 25, 12.0, 0.0, 560.0)
    assert re.findall(r">(\d+)</text>", scale) == ["1", "4", "6", "9", "12", "14", "17", "20", "22", "25"]
    assert map_svg(data, rows, live=True) == live

"""Rebuild bidtool/data/outline/korea.geojson from Natural Earth (see its README.md).

    python tools/make_outline.py ne_50m_admin_0_countries.json bidtool/data/outline/korea.geojson

The input is Natural Earth 1:50m "Admin 0 - Countries" as GeoJSON (public domain).
South and North Korea are kept, simplified in EPSG:5179 (Korea 2000 / UTM-K) with
shapely's Douglas–Peucker ``simplify`` at TOLERANCE_M metres (topology preserved),
and written back as WGS84 lon/lat rounded to DECIMALS places (RFC 7946).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

TOLERANCE_M = 300.0
DECIMALS = 4  # about 10 m
KEEP = {"KOR": ("South Korea", "대한민국"), "PRK": ("North Korea", "조선민주주의인민공화국")}
SOURCE = (
    "Natural Earth 1:50m Admin 0 - Countries, version 4.0.0 (public domain), "
    "via github.com/martynafford/natural-earth-geojson; simplified in EPSG:5179 "
    f"(shapely simplify, tolerance {TOLERANCE_M:g} m)"
)


def main(src: str, dst: str) -> None:
    import shapely
    from pyproj import Transformer

    data = json.loads(Path(src).read_text(encoding="utf-8"))
    to_5179 = Transformer.from_crs("EPSG:4326", "EPSG:5179", always_xy=True)
    to_4326 = Transformer.from_crs("EPSG:5179", "EPSG:4326", always_xy=True)
    features = []
    for feature in data["features"]:
        code = feature["properties"]["ADM0_A3"]
        if code not in KEEP:
            continue
        geom = shapely.geometry.shape(feature["geometry"])
        projected = shapely.transform(geom, to_5179.transform, interleaved=False)
        simple = shapely.simplify(projected, TOLERANCE_M, preserve_topology=True)
        back = shapely.transform(simple, to_4326.transform, interleaved=False)
        back = shapely.set_precision(back, 10 ** -DECIMALS)
        name, name_ko = KEEP[code]
        features.append(
            {
                "type": "Feature",
                "properties": {"adm0_a3": code, "name": name, "name_ko": name_ko},
                "geometry": json.loads(shapely.to_geojson(back)),
            }
        )
    features.sort(key=lambda f: f["properties"]["adm0_a3"] != "KOR")
    out = {"type": "FeatureCollection", "source": SOURCE, "features": features}
    text = json.dumps(out, ensure_ascii=False, separators=(",", ":"))
    Path(dst).write_text(text + "\n", encoding="utf-8")
    print(f"{dst}: {len(text.encode()):,} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:3])

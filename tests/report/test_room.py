"""``bidtool explore``: the decision room page, checked as text and in headless Chromium."""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bidtool.report.room import csp, script_hash
from tests.conftest import Run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SVG_NAMESPACE = 'xmlns="http://www.w3.org/2000/svg"'  # a name, never fetched


def refers_out(html: str) -> bool:
    """Whether the page names anything to fetch (inline SVG's namespace is not fetched)."""
    page = html.replace(SVG_NAMESPACE, "")
    return bool(re.search(r"""(src|href)\s*=|@import|url\(|<link|https?://""", page))


def _explore(cli: Callable[..., Run], path: Path, *extra: str, code: int = 0) -> str:
    run = cli("explore", "-o", str(path), "--samples", "200", *extra)
    assert run.exit_code == code, run.stderr
    return path.read_text(encoding="utf-8")


def _data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="room-data">(.*?)</script>', html, re.S)
    assert block
    return dict(json.loads(block.group(1)))


def test_room_is_self_contained_and_deterministic(data_dir: Path, cli: Callable[..., Run]) -> None:
    a, b = data_dir / "a.html", data_dir / "b.html"
    html = _explore(cli, a)
    _explore(cli, b)
    assert a.read_bytes() == b.read_bytes()
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp()}">' in html
    assert "default-src 'none'" in csp() and "connect-src 'none'" in csp()
    assert f"script-src {script_hash()};" in csp()
    # one executable script (the hashed one) and one JSON data block; nothing refers out
    assert len(re.findall(r"<script>", html)) == 1
    assert not refers_out(html)
    data = _data(html)
    sliders = re.findall(r'<input type="range" id="w-[^"]+" data-criterion="([^"]+)"', html)
    assert sliders == [n["id"] for n in data["nodes"]]
    assert len(sliders) == 26  # 6 groups and 20 leaves
    assert re.findall(r'<tr data-region="([^"]+)"', html) == [
        "jeonnam", "gwangju", "pohang", "ulsan", "busan"
    ]
    assert "전력 공급" in html and "광주광역시" in html  # label_ko and name_ko beside English
    assert 'value="25.0"' in html  # power's weight as the file writes it


def test_room_shows_the_map_without_confusing_it_with_the_ranking(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """The report's map (sites in EPSG:5179 over the outline), drawn for the live page: its
    markers carry ``data-site``; ``data-region``/``data-rank`` stay the ranking rows' alone."""
    from bidtool.render.map import rank_colour

    html = _explore(cli, data_dir / "r.html", "--samples", "0")
    section = re.search(r'<section id="map"><h2>Where the sites are</h2>(.*?)</section>', html, re.S)
    assert section, "no map section"
    svg = section.group(1)
    assert 'data-crs="EPSG:5179"' in svg and 'class="outline"' in svg
    assert "The markers&#x27; colours and rank numbers follow the ranking above" in svg
    assert "data-region=" not in svg and "data-rank=" not in svg
    assert len(re.findall(r"<[a-z]+ [^>]*data-rank=", html)) == 5  # the 5 rows alone
    # before the script runs: the file's ranking, in the report's colours
    markers = dict(re.findall(r'<circle class="site" data-site="([^"]+)"[^>]*fill="([^"]+)"', svg))
    assert markers == {
        rid: rank_colour(k, 5)
        for k, rid in enumerate(["jeonnam", "gwangju", "pohang", "ulsan", "busan"], 1)
    }
    assert _data(html)["rankColours"] == [rank_colour(k, 5) for k in range(1, 6)]
    assert re.findall(r'<tspan data-site-rank="([^"]+)">(\d+)</tspan>', svg) == [
        ("pohang", "3"), ("ulsan", "4"), ("gwangju", "2"), ("busan", "5"), ("jeonnam", "1")
    ]
    assert html.index('id="room-rows"') < html.index('id="map"') < html.index('id="copy-scenario"')


def test_room_escapes_text_from_user_files(data_dir: Path, cli: Callable[..., Run]) -> None:
    region = data_dir / "regions" / "busan.yaml"
    hostile = "</script><script>alert(1)</script>&amp;"
    text = region.read_text(encoding="utf-8").replace("name: Busan", f"name: '{hostile}'", 1)
    region.write_text(text, encoding="utf-8")
    html = _explore(cli, data_dir / "r.html")
    assert hostile not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;amp;" in html
    assert html.count("<script") == 2  # the data block and the one script, nothing injected


def test_room_shows_ineligible_regions_with_the_failing_constraint(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    crit = data_dir / "criteria" / "default.yaml"
    crit.write_text(
        crit.read_text(encoding="utf-8").replace("if_missing: pass", "if_missing: fail"),
        encoding="utf-8",
    )
    html = _explore(cli, data_dir / "r.html")
    row = re.search(r'<tr data-region="busan" data-rank="" data-score="" class="ineligible">.*?</tr>', html)
    assert row, html
    assert "no: power_available_mw &gt;= 40 (value unknown)" in row.group(0)
    assert [r["eligible"] for r in _data(html)["regions"] if r["id"] in ("busan", "ulsan")] == [
        False,
        False,
    ]


def test_room_weights_set_by_judgements_cannot_move(data_dir: Path, cli: Callable[..., Run]) -> None:
    html = _explore(cli, data_dir / "r.html", "-c", "pairwise")
    disabled = re.findall(r'data-criterion="([^"]+)"[^>]*disabled>', html)
    nodes = {n["id"]: n for n in _data(html)["nodes"]}
    assert disabled and all(not nodes[c]["editable"] for c in disabled)
    assert "Set by AHP judgements in the criteria file." in html
    assert "Set by ROC judgements in the criteria file." in html


def test_room_for_a_method_it_cannot_recompute_says_so(data_dir: Path, cli: Callable[..., Run]) -> None:
    html = _explore(cli, data_dir / "r.html", "-m", "topsis")
    assert "ranks by topsis, which is not a weighted sum" in html
    assert "The exact topsis ranking at the file&#x27;s weights: 1. " in html
    assert "-s room-weights.yaml -m wsm" in html


def test_room_output_must_be_html(data_dir: Path, cli: Callable[..., Run]) -> None:
    run = cli("explore", "-o", "room.csv")
    assert run.exit_code == 2 and "name it *.html" in " ".join(run.stderr.split())
    assert not (data_dir / "room.csv").exists()
    run = cli("explore", "-o", "-", "--samples", "0")
    assert run.exit_code == 0 and run.stdout.startswith("<!DOCTYPE html>")
    assert "P(first): not computed" in run.stdout


SETTINGS = 20


@pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed: install Debian's packages `chromium fonts-noto-cjk` "
    "(apt-get install chromium fonts-noto-cjk; .ci/run does this) to run the browser check",
)
def test_room_ranks_as_bidtool_rank_in_headless_chromium(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    """20 seeded random weight settings: the page's ranks and scores are ``rank -s`` on the
    scenario the page copies (ranks equal, scores within 1e-9); nothing is fetched.

    The criteria copy covers every kind of leaf: value functions (linear, piecewise,
    step-free categorical), two min–max leaves (one ``missing: worst``, one ``mean``)
    and two ineligible regions (min–max scaled over the eligible ones only).
    """
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    from bidtool.render.map import INELIGIBLE

    crit = data_dir / "criteria" / "default.yaml"
    text = crit.read_text(encoding="utf-8").replace("if_missing: pass", "if_missing: fail")
    text = text.replace("        value_function: {type: linear, worst: 1890000, best: 0}\n", "")
    text = text.replace("        value_function: {type: linear, worst: 0.11, best: 0.07}\n", "")
    crit.write_text(text, encoding="utf-8")
    path = data_dir / "room.html"
    _explore(cli, path)
    rng = random.Random(20261130)
    problems: list[str] = []
    requests: list[str] = []
    seen: list[tuple[list[str], list[str]]] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(path.as_uri())
            colours = _data(path.read_text(encoding="utf-8"))["rankColours"]
            assert len(colours) == 3 and page.locator("#map svg.map").count() == 1
            sliders = page.eval_on_selector_all(
                "input[type=range][data-criterion]:not([disabled])",
                "els => els.map(e => [e.dataset.criterion, Number(e.max)])",
            )
            for k in range(SETTINGS):
                values = {cid: rng.uniform(0.0, top) for cid, top in sliders}
                if k == 0:
                    values[sliders[0][0]] = 0.0  # a zero weight is a weight too
                page.evaluate(
                    """values => Object.entries(values).forEach(([id, v]) => {
                        const el = document.querySelector(`input[data-criterion="${id}"]`);
                        el.value = String(v);
                        el.dispatchEvent(new Event("input", {bubbles: true}));
                    })""",
                    values,
                )
                rows = page.eval_on_selector_all(
                    "tr[data-region]",
                    "els => els.map(e => [e.dataset.region, e.dataset.rank, e.dataset.score])",
                )
                # the map's markers follow the live ranking: colour and drawing order
                markers = page.eval_on_selector_all(
                    "circle.site[data-site]",
                    "els => els.map(e => [e.dataset.site, e.getAttribute('fill')])",
                )
                ranked = {rid: int(rank) for rid, rank, _ in rows if rank}
                assert dict(markers) == {
                    rid: colours[ranked[rid] - 1] if rid in ranked else INELIGIBLE
                    for rid, _ in markers
                }, k
                assert markers[-1][0] == rows[0][0], k  # the leader drawn on top
                labels = page.eval_on_selector_all(
                    "tspan[data-site-rank]", "els => els.map(e => [e.dataset.siteRank, e.textContent])"
                )
                assert all(text.rstrip("=") == str(ranked[rid]) for rid, text in labels), k
                page.click("#room-copy")
                scenario = page.input_value("#scenario")
                file = data_dir / f"setting-{k}.yaml"
                file.write_text(scenario, encoding="utf-8")
                run = cli("rank", "-s", str(file), "-f", "json")
                assert run.exit_code == 0, run.stderr
                doc = json.loads(run.stdout)
                want = [(r["id"], r["rank"], r["score"]) for r in doc["ranking"]]
                assert [r[0] for r in rows] == [w[0] for w in want], k
                for (rid, rank, score), (_, want_rank, want_score) in zip(rows, want):
                    assert (int(rank) if rank else None) == want_rank, (k, rid)
                    assert abs(float(score) - want_score) <= 1e-9, (k, rid)
                written = yaml.safe_load(scenario)["weights"]
                assert written == pytest.approx(values, rel=1e-12, abs=0)  # a range keeps ~15 digits
                seen.append(([r[0] for r in rows], [r[1] for r in rows]))
        finally:
            browser.close()
    assert problems == []
    assert requests == [path.as_uri()]  # the page fetched nothing else
    assert len({tuple(order) for order, _ in seen}) > 1  # the settings did move the ranking
    assert any(rank == "" for _, ranks in seen for rank in ranks)  # ineligible rows kept
    # the map was recoloured: the leader's marker changed with the settings
    assert len({order[0] for order, _ in seen}) > 1


def test_room_with_weights_from_the_data_has_nothing_to_copy(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    html = _explore(cli, data_dir / "r.html", "-w", "entropy", "--samples", "0")
    data = _data(html)
    assert data["scenario"]["editable"] is False and data["fixedLeafWeights"]
    assert len(re.findall(r"data-criterion=\"[^\"]+\"[^>]*disabled>", html)) == 26
    assert "Leaf weights are computed from the data (entropy)." in html


def test_room_in_korean(data_dir: Path, cli: Callable[..., Run]) -> None:
    html = _explore(cli, data_dir / "ko.html", "--lang", "ko", "--samples", "0")
    assert html.startswith('<!DOCTYPE html>\n<html lang="ko">')
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html)
    assert headings == [
        "의사결정실 — 균형 잡힌 위원회 관점", "가중치", "순위", "부지 위치", "시나리오로 복사",
        "어떤 기준이 서로 충돌하는가? (GAIA 평면)",
    ]
    assert "평면과 결정 막대 π는 기준 파일의 가중치로 그린 것입니다" in html
    assert '전력 공급 <span class="ko" lang="en">Power supply</span>' in html
    assert "이(가) 1위를 유지합니다" in html  # the interval under each slider
    en = _explore(cli, data_dir / "en.html", "--lang", "en", "--samples", "0")
    assert _data(en)["regions"] == _data(html)["regions"]  # only the words change


def test_room_with_nobody_eligible_is_written_and_exits_4(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    crit = data_dir / "criteria" / "default.yaml"
    text = crit.read_text(encoding="utf-8").replace("value: 40\n", "value: 400000\n")
    crit.write_text(text.replace("if_missing: pass", "if_missing: fail"), encoding="utf-8")
    html = _explore(cli, data_dir / "r.html", code=4)
    assert all(not r["eligible"] for r in _data(html)["regions"])
    assert html.count('data-rank=""') == 5
    # the map's markers are all grey and carry no rank the ranking tests could count
    markers = re.findall(r'<circle class="site" data-site="[^"]+"[^>]*fill="([^"]+)"', html)
    assert markers == ["#9a9a9a"] * 5
    assert _data(html)["rankColours"] == []


def _gaia_svg(html: str) -> str:
    section = re.search(r'<section id="gaia"><h2>[^<]*</h2><figure>(<svg.*?</svg>)', html, re.S)
    assert section, "no GAIA section"
    return section.group(1)


def test_room_shows_the_reports_gaia_plane(data_dir: Path, cli: Callable[..., Run]) -> None:
    from bidtool.api import load
    from bidtool.report import html as report_html
    from bidtool.report.content import build_report

    html = _explore(cli, data_dir / "r.html", "--samples", "0")
    svg = _gaia_svg(html)
    # the same plane, byte for byte, as the report draws for the same inputs
    report = report_html.render(build_report(load(), samples=0))
    assert svg in report
    assert svg.count("<circle") >= 5 and "δ = " in svg
    assert html.index('id="ranking"') < html.index('id="gaia"') < html.index("<footer>")
    assert "does not redraw the plane" in html  # the sliders leave it at the file's weights
    assert len(re.findall(r"<script>", html)) == 1  # still one script, the hashed one
    assert not refers_out(html)


def test_room_gaia_plane_escapes_names_and_is_deterministic(
    data_dir: Path, cli: Callable[..., Run]
) -> None:
    for rid, name in (("busan", "Busan"), ("ulsan", "Ulsan")):
        region = data_dir / "regions" / f"{rid}.yaml"
        hostile = f"<b>{name}</b> & \"co\""
        text = region.read_text(encoding="utf-8")
        region.write_text(text.replace(f"name: {name}", f"name: '{hostile}'", 1), encoding="utf-8")
    a = _explore(cli, data_dir / "a.html", "--samples", "0")
    b = _explore(cli, data_dir / "b.html", "--samples", "0")
    assert a == b
    svg = _gaia_svg(a)
    assert "<b>" not in svg and "&lt;b&gt;Ulsan&lt;/b&gt; &amp; &quot;co&quot;" in svg

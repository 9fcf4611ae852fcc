"""한국어: 사람이 읽는 모든 문자열 (``en.py``와 같은 키; ``bidtool.i18n`` 참고).

용어: 가중치(weight), 순위(rank), 점수(score), 기여도(contribution), 효용(utility),
민감도(sensitivity), 적격/부적격(eligible/ineligible), 제약조건(constraint),
미확인 수치(unknown figure), 기준(criterion), 지역(region), 출처(source).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the CLI's error boundary and messages
    "cli.warning": "경고:",
    "cli.error": "오류:",
    "cli.input_problems.one": "입력에 문제 {n}건이 있습니다. 아무것도 쓰지 않았습니다.",
    "cli.input_problems.other": "입력에 문제 {n}건이 있습니다. 아무것도 쓰지 않았습니다.",
    "cli.internal_error": "내부 오류",
    "cli.internal_error_why": "(입력이 아니라 bidtool의 버그입니다)",
    "cli.rerun_debug": "자세한 추적 정보는 --debug를 붙여 다시 실행하세요.",
    # single cells and sentences shared by the renderers (render/cells.py)
    "cell.unknown": "미확인",
    "cell.yes": "예",
    "cell.no": "아니요",
    "cell.method_weighting": "{method}, {weighting} 가중치",
    "cell.weights_from_data": "가중치: 데이터에서 {weighting} 방법으로 계산했습니다 (파일의 가중치는 쓰지 않음).",
    "cell.weights_ahp": "{group}: AHP (CR {cr}{flag})",
    "cell.weights_roc": "{levels}: 순위 중심(ROC) 가중치",
    "cell.weights_note": "가중치: {parts}; 나머지는 직접 지정.",
    "cell.unknown_scored.worst": "최저값으로 채점",
    "cell.unknown_scored.mean": "확인된 수치의 평균으로 채점",
    "cell.unknown_scored.exclude": "해당 지역 제외",
    "cell.unknown_scored.error": "거부",
    "cell.unknown_scored.mixed": "기준마다 정한 미확인 처리 방식으로 채점 ({policies})",
    "cell.mark.worst": " → 최저값",
    "cell.mark.mean": " → 확인된 수치의 평균",
    "cell.mark.excluded": " → 제외",
    "cell.bundled": "{name} (내장)",
    "cell.caveat": "예시 가중치이며 정부의 공식 가중치가 아닙니다.",
    "cell.criteria": "평가 기준: {source}. {body}",
    # eligibility in text tables
    "eligible.yes": "적격",
    "eligible.no": "부적격: {why}",
    "eligible.unverified": "적격 (미검증: {why})",
    # bidtool rank
    "rank.col.rank": "순위",
    "rank.col.region": "지역",
    "rank.col.score": "점수",
    "rank.col.na": "미확인",
    "rank.col.unknown": "미확인",
    "rank.col.known": "확인률",
    "rank.col.eligible": "적격",
    "rank.caption": "그룹 열: 각 기준 그룹이 점수에 더한 기여도 (이름 아래는 그룹 가중치). 미확인: 수치가 없는 기준의 수 ({scoring}). 확인률: 수치가 확인된 기준의 가중치 합.",
    "rank.degenerate": "변별력 없는 방법: {why}.",
    "rank.note.ineligible": "{name}: 부적격 — {why}",
    "rank.note.unverified": "{name}: 수치가 미확인이라 통과했을 뿐입니다 — {why}",
    "rank.md.title": "순위: {name} ({method}, {score})",
    "rank.md.degenerate": "변별력 없는 방법:",
    "rank.md.footer": '평가 기준: {source} (`{path}`, sha256 `{sha}`). 그룹 열은 각 그룹이 점수에 더한 기여도입니다. "미확인"은 수치가 확인되지 않은 기준의 수 ({scoring}), "확인률"은 수치가 확인된 기준의 가중치 합입니다.',
    "rank.nothing_eligible": "필수 제약조건을 통과한 지역이 없습니다. 적격 열을 보세요",
    "rank.all.nothing_eligible": "필수 제약조건을 통과한 지역이 없습니다",
    # rank --explain
    "explain.title": "{rank}. {name} — 점수 {score}",
    "explain.col.criterion": "기준",
    "explain.col.value": "수치",
    "explain.col.status": "상태",
    "explain.col.utility": "효용",
    "explain.col.weight": "가중치",
    "explain.col.contribution": "기여도",
    "explain.col.source": "출처",
    "explain.status_legend": "상태: 확인 · 주장 · 파생 · 추정 · 미확인 (공개된 수치 없음)",
    # rank --chart
    "chart.full_width": "막대 전체 폭 = 점수 1.0",
    "chart.bars": "{score}: 막대는 가장 낮은 지역부터 가장 높은 지역까지",
}

TERMS: dict[str, str] = {
    # fixed English words that lower layers hand up; Text.term() looks them up by the word
    "confirmed": "확인",
    "claimed": "주장",
    "derived": "파생",
    "estimate": "추정",
    "unknown": "미확인",
    "no status": "상태 없음",
    "weighted sum": "가중합",
    "weighted product": "가중곱",
    "relative closeness C*": "상대 근접도 C*",
    "VIKOR Q": "VIKOR Q",
    "net outranking flow φ": "순 선호 흐름 φ",
}

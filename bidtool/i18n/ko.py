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
}

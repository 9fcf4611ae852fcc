"""English: every human-facing string, by key (``bidtool.i18n``; ``ko.py`` has the same keys).

Keys are ``area.item``; ``{field}`` placeholders are ``str.format`` fields; ``.one``/``.other``
pairs are chosen by :meth:`bidtool.i18n.Text.count`.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the CLI's error boundary and messages
    "cli.warning": "warning:",
    "cli.error": "error:",
    "cli.input_problems.one": "{n} problem in the input; nothing was written.",
    "cli.input_problems.other": "{n} problems in the input; nothing was written.",
    "cli.internal_error": "internal error",
    "cli.internal_error_why": "(a bug in bidtool, not your input)",
    "cli.rerun_debug": "Re-run with --debug for the traceback.",
    # single cells and sentences shared by the renderers (render/cells.py)
    "cell.unknown": "unknown",
    "cell.yes": "yes",
    "cell.no": "no",
    "cell.method_weighting": "{method}, {weighting} weights",
    "cell.weights_from_data": "Weights: computed from the data by {weighting} (the file's weights are not used).",
    "cell.weights_ahp": "AHP for {group} (CR {cr}{flag})",
    "cell.weights_roc": "rank-order centroid for {levels}",
    "cell.weights_note": "Weights: {parts}; others direct.",
    "cell.unknown_scored.worst": "scored as worst",
    "cell.unknown_scored.mean": "scored as the mean of the known figures",
    "cell.unknown_scored.exclude": "the region is excluded",
    "cell.unknown_scored.error": "refused",
    "cell.unknown_scored.mixed": "scored by each criterion's missing policy ({policies})",
    "cell.mark.worst": " → worst",
    "cell.mark.mean": " → mean of known",
    "cell.mark.excluded": " → excluded",
    "cell.bundled": "{name} (bundled)",
    "cell.caveat": "Illustrative weights, not the government's.",
    "cell.criteria": "Criteria: {source}. {body}",
    # eligibility in text tables
    "eligible.yes": "yes",
    "eligible.no": "no: {why}",
    "eligible.unverified": "yes (unverified: {why})",
    # bidtool rank
    "rank.col.rank": "Rank",
    "rank.col.region": "Region",
    "rank.col.score": "Score",
    "rank.col.na": "n/a",
    "rank.col.unknown": "Unknown",
    "rank.col.known": "Known",
    "rank.col.eligible": "Eligible",
    "rank.caption": "Group columns: each group's contribution to the score (its weight under the name). n/a: criteria with no figure, {scoring}. Known: the share of the weight whose figure is known.",
    "rank.degenerate": "Degenerate method: {why}.",
    "rank.note.ineligible": "{name}: ineligible — {why}",
    "rank.note.unverified": "{name}: passes only because the value is unknown — {why}",
    "rank.md.title": "Ranking: {name} ({method}, {score})",
    "rank.md.degenerate": "Degenerate method:",
    "rank.md.footer": 'Criteria: {source} (`{path}`, sha256 `{sha}`). Group columns are each group\'s contribution to the score; "Unknown" counts criteria whose value is unknown ({scoring}); "Known" is the share of the weight whose figure is known.',
    "rank.nothing_eligible": "no region passes the must-pass constraints; see the Eligible column",
    "rank.all.nothing_eligible": "no region passes the must-pass constraints",
    # rank --explain
    "explain.title": "{rank}. {name} — score {score}",
    "explain.col.criterion": "Criterion",
    "explain.col.value": "Value",
    "explain.col.status": "Status",
    "explain.col.utility": "Utility",
    "explain.col.weight": "Weight",
    "explain.col.contribution": "Contribution",
    "explain.col.source": "Source",
    "explain.status_legend": "Status: confirmed · claimed · derived · estimate · unknown (no published figure)",
    # rank --chart
    "chart.full_width": "full width = score 1.0",
    "chart.bars": "{score}: bars run from the worst to the best region",
}

TERMS: dict[str, str] = {
    # fixed English words that lower layers hand up; Text.term() looks them up by the word
    "confirmed": "confirmed",
    "claimed": "claimed",
    "derived": "derived",
    "estimate": "estimate",
    "unknown": "unknown",
    "no status": "no status",
    "weighted sum": "weighted sum",
    "weighted product": "weighted product",
    "relative closeness C*": "relative closeness C*",
    "VIKOR Q": "VIKOR Q",
    "net outranking flow φ": "net outranking flow φ",
}

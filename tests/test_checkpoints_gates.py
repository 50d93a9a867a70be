"""Gate math: percentage done, open High-risk items and the written-out verdict."""

from __future__ import annotations

from sreplan.checkpoints.gates import GateItem, Verdict, evaluate, summarize
from sreplan.checkpoints.model import CheckpointStatus as S
from sreplan.checkpoints.model import Risk, WaiverReason, next_status, waiver_error


def items(*pairs: tuple[S, Risk]) -> list[GateItem]:
    return [GateItem(s, r) for s, r in pairs]


def test_waived_and_not_applicable_are_left_out_of_percent_done() -> None:
    gate = evaluate(
        items(
            (S.DONE, Risk.LOW),
            (S.IN_PROGRESS, Risk.LOW),
            (S.WAIVED, Risk.MEDIUM),
            (S.NOT_APPLICABLE, Risk.LOW),
        )
    )
    assert (gate.total, gate.applicable, gate.done) == (4, 2, 1)
    assert gate.percent_done == 50.0


def test_open_high_risk_items_make_the_gate_not_ready_with_the_rule_written_out() -> None:
    gate = evaluate(
        items((S.NOT_STARTED, Risk.HIGH), (S.BLOCKED, Risk.HIGH), (S.DONE, Risk.HIGH))
    )
    assert gate.verdict is Verdict.NOT_READY
    assert gate.open_high == 2
    assert gate.rule == "Not ready: 2 High-risk items open (1 blocked)"


def test_one_high_risk_item_reads_in_the_singular() -> None:
    assert evaluate(items((S.IN_PROGRESS, Risk.HIGH))).rule == "Not ready: 1 High-risk item open"


def test_other_open_items_or_a_waived_high_risk_item_mean_ready_with_risks() -> None:
    open_medium = evaluate(items((S.DONE, Risk.HIGH), (S.IN_PROGRESS, Risk.MEDIUM)))
    assert open_medium.verdict is Verdict.READY_WITH_RISKS
    assert open_medium.rule == "Ready with risks: 1 Medium/Low-risk item open"
    waived_high = evaluate(items((S.DONE, Risk.LOW), (S.WAIVED, Risk.HIGH)))
    assert waived_high.verdict is Verdict.READY_WITH_RISKS
    assert waived_high.rule == "Ready with risks: 1 High-risk item waived"
    assert waived_high.percent_done == 100.0


def test_everything_applicable_done_is_ready() -> None:
    gate = evaluate(items((S.DONE, Risk.HIGH), (S.DONE, Risk.LOW), (S.NOT_APPLICABLE, Risk.HIGH)))
    assert gate.verdict is Verdict.READY
    assert gate.rule == "Ready: all 2 applicable items done"


def test_an_empty_phase_is_ready_and_fully_done() -> None:
    gate = evaluate([])
    assert gate.verdict is Verdict.READY
    assert gate.percent_done == 100.0
    assert gate.rule == "Ready: no applicable items"


def test_summary_keeps_phase_order_and_adds_up_to_the_overall_gate() -> None:
    summary = summarize(
        [("b", "Design"), ("a", "Testing"), ("c", "Empty")],
        [
            ("a", GateItem(S.NOT_STARTED, Risk.HIGH)),
            ("b", GateItem(S.DONE, Risk.HIGH)),
            ("b", GateItem(S.IN_PROGRESS, Risk.LOW)),
        ],
    )
    assert [p.phase_name for p in summary.phases] == ["Design", "Testing", "Empty"]
    assert [p.gate.verdict for p in summary.phases] == [
        Verdict.READY_WITH_RISKS,
        Verdict.NOT_READY,
        Verdict.READY,
    ]
    assert summary.overall.total == 3
    assert summary.overall.rule == "Not ready: 1 High-risk item open"
    assert round(summary.overall.percent_done, 1) == 33.3


def test_status_cycle_skips_waived_which_needs_a_reason() -> None:
    assert next_status(S.NOT_STARTED) is S.IN_PROGRESS
    assert next_status(S.IN_PROGRESS) is S.DONE
    assert next_status(S.DONE) is S.NOT_STARTED
    assert next_status(S.WAIVED) is S.IN_PROGRESS


def test_waiver_needs_a_reason_and_other_needs_text() -> None:
    assert waiver_error(S.WAIVED, None) is not None
    assert waiver_error(S.WAIVED, WaiverReason.OTHER, "  ") is not None
    assert waiver_error(S.WAIVED, WaiverReason.OTHER, "vendor end of life") is None
    assert waiver_error(S.WAIVED, WaiverReason.OUT_OF_SCOPE) is None
    assert waiver_error(S.DONE, None) is None

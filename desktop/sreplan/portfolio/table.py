"""The portfolio as text cells, shared by the command line, the PDF and the app."""

from __future__ import annotations

from datetime import date

from sreplan.portfolio.figures import PortfolioRow

HEADER = (
    "Service", "Team", "Model", "Stage", "Current gate", "P0 open", "Overdue",
    "SLOs at risk", "Capacity short", "Incidents 90d", "Next review",
)  # fmt: skip


def shortfall_text(row: PortfolioRow) -> str:
    if row.capacity_shortfalls is None:
        return "no event ahead"
    return str(row.capacity_shortfalls)


def review_text(row: PortfolioRow, today: date) -> str:
    if row.review_overdue and row.review_due is not None:
        text = f"overdue since {row.review_due.isoformat()}"
        if row.next_review is not None and row.next_review != row.review_due:
            text += f" (session {row.next_review.isoformat()})"
        return text
    return "—" if row.next_review is None else row.next_review.isoformat()


PENDING = "…"  # a figure still being worked out (the app fills it in behind)


def cells(row: PortfolioRow, today: date) -> tuple[str, ...]:
    def later(text: str) -> str:
        return text if row.complete else PENDING

    return (
        row.service, row.team or "—", row.engagement_model.label, row.lifecycle_stage.label,
        row.gate_text, later(str(row.open_p0)), later(str(row.overdue_actions)),
        later(str(row.slos_at_risk)), later(shortfall_text(row)), str(row.incidents_90d),
        review_text(row, today),
    )  # fmt: skip


def table_rows(
    rows: list[PortfolioRow], today: date
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    return HEADER, [cells(r, today) for r in rows]

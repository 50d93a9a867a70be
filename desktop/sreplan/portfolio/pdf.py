"""The one-page portfolio PDF: every plan in one landscape table, for a lead's management.

One page is the point, so when the workspace holds more plans than fit, the most
urgent come first (review overdue, gate not ready, most open P0 actions) and the
page says how many were left out. Written beside the target and renamed when done.
"""

from __future__ import annotations

import os
import uuid
from datetime import date, datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from sreplan import __version__
from sreplan.checkpoints.gates import Verdict
from sreplan.kernel.errors import UserError
from sreplan.kernel.files import describe_os_error, remove_quietly
from sreplan.kernel.report.fonts import SANS, claim_fonts, printable
from sreplan.kernel.report.tables import Column, data_table
from sreplan.kernel.report.text import RISK_HIGH, gap, note, para
from sreplan.kernel.workspace import Workspace
from sreplan.portfolio.figures import AT_RISK_PERCENT, PortfolioRow, portfolio
from sreplan.portfolio.table import HEADER, cells

MAX_ROWS = 22  # what fits on one landscape A4 page with two-line cells
_WEIGHTS = (1.5, 1.3, 1.1, 1.1, 1.5, 0.6, 0.7, 0.7, 0.9, 0.8, 1.1)


def urgency(row: PortfolioRow) -> tuple[int, int, int, str]:
    return (
        0 if row.review_overdue else 1,
        0 if row.gate is Verdict.NOT_READY else 1,
        -row.open_p0,
        row.service.casefold(),
    )


def export_portfolio_pdf(ws: Workspace, destination: Path | str, moment: datetime) -> int:
    """Write the portfolio page to ``destination``; return the number of pages (1)."""
    destination = Path(destination)
    today = moment.date()
    rows = portfolio(ws, today)
    claim_fonts()  # the same bytes whatever this process registered with ReportLab before
    tmp = destination.with_name(f".{destination.name}.{uuid.uuid4().hex}.tmp")
    if destination.is_dir():
        raise UserError(f"{destination} is a folder; give a file name ending in .pdf.")
    try:
        # Fewer rows until the page holds them: cells wrap, so rows differ in height.
        limit = min(len(rows), MAX_ROWS)
        while True:
            pages = _build(ws.path.stem, rows, limit, today, tmp)
            if pages <= 1 or limit <= 1:
                break
            limit -= 2
        os.replace(tmp, destination)
    except OSError as exc:
        remove_quietly(tmp)
        raise UserError(f"Could not write {destination}: {describe_os_error(exc)}.") from exc
    except BaseException:
        remove_quietly(tmp)
        raise
    return pages


def _build(name: str, rows: list[PortfolioRow], limit: int, today: date, target: Path) -> int:
    shown = sorted(rows, key=urgency)[:limit] if len(rows) > limit else rows
    page = landscape(A4)
    margin = 12 * mm
    width = page[0] - 2 * margin
    emphasis = []
    for n, row in enumerate(shown):
        if row.gate is Verdict.NOT_READY:
            emphasis.append((4, n, RISK_HIGH))
        if row.review_overdue:
            emphasis.append((10, n, RISK_HIGH))
        if row.open_p0:
            emphasis.append((5, n, RISK_HIGH))
    story = [
        para(f"Portfolio – {name}", "h1"),
        para(f"{len(rows)} plan{'s' if len(rows) != 1 else ''} as of {today.isoformat()}"),
        gap(6),
        data_table([Column(h, w) for h, w in zip(HEADER, _WEIGHTS, strict=True)],
                   [cells(r, today) for r in shown], width=width, emphasis=emphasis),
        gap(4),
    ]
    if len(shown) < len(rows):
        story.append(note(f"{len(rows) - len(shown)} more plans are not shown on this page "
                          "(the most urgent come first); 'sreplan portfolio' lists them all."))
    story.append(note(
        "Current gate: the first phase whose gate is not Ready. P0 open: open action items "
        f"of High risk. SLOs at risk: incidents in the current window spent {AT_RISK_PERCENT:g}% "
        "or more of the error budget. Capacity short: resources needing more units at the next "
        "planned event than they have today. Next review: a scheduled session, else the last "
        "review plus the plan's cadence."
    ))
    doc = SimpleDocTemplate(
        str(target), pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
        bottomMargin=margin, title=printable(f"Portfolio – {name}"),
        creator=f"SRE Plan {__version__}", invariant=1, initialFontName=SANS,
    )  # fmt: skip
    doc.build(story)
    return int(doc.page)

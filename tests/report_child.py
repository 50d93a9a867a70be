"""Stands in for ``python -m sreplan`` as the Export dialog's child process in tests.

    python tests/report_child.py FAULT export-pdf FILE ...

It is the real command line, with one more report section that goes wrong the way
a child process can: ``slow`` never finishes (until killed), ``crash`` dies of a
segmentation fault, ``fail`` raises an unexpected exception (a bug) during layout. The section
comes after the overview, so the dialog has shown progress by then. Nothing in the
app knows about this file; tests point ``report_job.child_command`` at it.
"""

from __future__ import annotations

import faulthandler
import sys
import time

from reportlab.platypus import Flowable

from sreplan.cli import main
from sreplan.kernel import Workspace
from sreplan.reporting import registry
from sreplan.reporting.registry import ReportOptions, ReportSection

TITLES = {"slow": "Slow part", "crash": "Crashing part", "fail": "Failing part"}


class BrokenFlowable(Flowable):  # type: ignore[misc]
    """Fails at layout, past what ``sreplan check`` reads (so a bug, not damage)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        raise RuntimeError("the chart engine fell over")


def faulty_section(fault: str) -> ReportSection:
    def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
        if fault == "slow":
            time.sleep(120)  # killed long before; bounded so a stray child still ends
            return []
        if fault == "crash":
            faulthandler._sigsegv()  # a real SIGSEGV, as a native library would cause
        return [BrokenFlowable()]

    return ReportSection(fault, TITLES[fault], False, build, order=12)


if __name__ == "__main__":
    fault = sys.argv.pop(1)
    sections = (*registry.all_sections(), faulty_section(fault))
    registry.all_sections = lambda: tuple(sorted(sections, key=lambda s: s.order))  # type: ignore[assignment]
    sys.exit(main(sys.argv[1:]))

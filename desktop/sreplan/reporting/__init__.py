"""PDF reports: the engagement report and the architecture-review meeting pack.

Headless (no Qt): ReportLab Platypus lays out the pages; charts come from the
same ``sreplan.charts`` functions as the editors and are embedded as vectors.

Modules: :mod:`.builder` (``export_pdf``: assembles and writes atomically),
:mod:`.document` (page templates, header/footer, contents, outline, headings),
:mod:`.registry` (sections and presets), :mod:`.text` (styles, escaping),
:mod:`.tables`, :mod:`.figures`, :mod:`.fonts`, and ``sections/`` (one per part).

How a feature adds its section
------------------------------
1. Write ``sreplan/reports/sections/<feature>.py``::

       from reportlab.platypus import Flowable
       from ...store import Workspace
       from ..document import heading
       from ..figures import chart
       from ..registry import ReportOptions, ReportSection
       from ..tables import Column, data_table
       from ..text import note, para

       def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
           rows = ...  # read through your store module
           if not rows:
               return [note("No reliability goals recorded.")]
           story = [para(f"{len(rows)} SLOs."), data_table([Column("SLO", 2), ...], rows)]
           for slo in rows:
               story.append(heading(slo.name, level=2))   # outline entry, not in contents
               story.append(chart(burn_chart, slo))       # charts/ function + its arguments
           return story

       SECTION = ReportSection(key="slos", title="Reliability goals",
                               in_meeting_pack=True, build=build, order=20)

2. Append ``"sreplan.reporting.sections.<feature>",`` to ``SECTION_MODULES`` in
   :mod:`.registry`. That is all: the CLI (``--sections``), the presets, the
   export dialog's checkboxes, the contents and the outline pick it up.

Rules for a section:

- The framework adds the section's title (a level-0 heading) and, in the full
  report, a page break before it. Use ``heading(text)`` for subsections (in the
  contents and outline) and ``heading(text, level=2)`` for minor headings
  (outline only, e.g. one per SLO).
- User text only through ``para()``, ``escape()`` or ``data_table``/``facts_table``
  cells: those print it literally. ``markup()`` is for our own markup only.
- A section that loops over many records may call
  ``document.raise_if_cancelled()`` now and then; ``figure_flowable`` and
  ``data_table`` already do, so Cancel stops even a long section promptly.
- ``options.meeting_pack`` asks for the short version (open risks, gates);
  ``options.report_date`` is "today" for overdue and remaining-days figures.
- Output must depend only on the data and ``options`` (no clock, no random,
  no dict-order surprises): the same inputs give the same bytes.
- Charts: ``chart(fn, *args)`` with a module-level ``charts/`` function returning
  a ``matplotlib.figure.Figure`` (never pyplot) and picklable arguments; the
  builder draws them all before layout, in worker processes when there are many.
  ``figure_flowable(figure)`` takes a Figure already built (drawn at once, in
  this process). Put charts at the top level of the section's list (inside a
  KeepTogether they are drawn serially). Avoid rasterised artists so the page
  stays vector; fixed margins draw faster than tight/constrained layout.
- Keys are a contract with the command line: ``overview``, ``risks``,
  ``slos``, ``checkpoints``, ``architecture``, ``capacity``, ``actions``.
"""

from sreplan.kernel.report.document import ReportCancelled
from sreplan.kernel.report.registry import Preset, ReportOptions, UnknownSectionError
from sreplan.reporting.builder import ReportError, ReportResult, export_pdf

__all__ = [
    "Preset",
    "ReportCancelled",
    "ReportError",
    "ReportOptions",
    "ReportResult",
    "UnknownSectionError",
    "export_pdf",
]

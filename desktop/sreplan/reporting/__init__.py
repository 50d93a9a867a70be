"""PDF reports: the engagement report and the architecture-review meeting pack.

Headless (no Qt): ReportLab Platypus lays out the pages; charts come from the
same ``<feature>/chart.py`` functions as the editors and are embedded as vectors.

The framework is in :mod:`sreplan.kernel.report` (``document``: page templates,
header/footer, contents, outline, headings; ``registry``: presets, options and
``ReportSection``; ``text``: styles, escaping; ``tables``, ``figures``, ``fonts``).
This package assembles a report from every feature's sections:
:mod:`.builder` (``export_pdf``: assembles and writes atomically), :mod:`.registry`
(which sections this build has), :mod:`.cover`, :mod:`.summary` (the executive summary
page), and the report's own cross-feature parts :mod:`.risks` and :mod:`.actions`.

How a feature adds its section
------------------------------
1. Write ``sreplan/<feature>/report.py``::

       from reportlab.platypus import Flowable
       from sreplan.kernel.report.document import heading
       from sreplan.kernel.report.figures import chart
       from sreplan.kernel.report.registry import ReportOptions, ReportSection
       from sreplan.kernel.report.tables import Column, data_table
       from sreplan.kernel.report.text import nothing_recorded, para
       from sreplan.kernel.workspace import Workspace

       def build(ws: Workspace, plan_id: str, options: ReportOptions) -> list[Flowable]:
           rows = ...  # read through your store module
           if not rows:  # one line, and the section shares a page with its neighbours
               return nothing_recorded("No reliability goals recorded.")
           story = [para(f"{len(rows)} SLOs."), data_table([Column("SLO", 2), ...], rows)]
           for slo in rows:
               story.append(heading(slo.name, level=2))   # outline entry, not in contents
               story.append(chart(burn_chart, slo))       # chart.py function + its arguments
           return story

       SECTION = ReportSection(key="slos", title="Reliability goals",
                               in_meeting_pack=True, build=build, order=20)

2. Name the module in the feature's ``feature.py``:
   ``report_sections=("sreplan.<feature>.report",)``. That is all: the CLI
   (``--sections``), the presets, the export dialog's checkboxes, the contents
   and the outline pick it up.

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
- ``options.meeting_pack`` asks for the pack's version: what the meeting discusses,
  every list capped ("… and 212 more in the full report"). ``meeting_title`` and
  ``meeting_order`` place it in the pack (summary, architecture review 20, capacity
  warnings 50, SLOs at risk 60). ``options.report_date`` is "today" for overdue and
  remaining-days figures.
- A section that returns only ``note()`` lines (and headings) has nothing recorded: with a
  preset it becomes one line on the executive summary page instead of a page.
- The executive summary (:mod:`.summary`, after the cover in both presets) is not a
  section: features add lines to it through ``Feature.summary`` (``kernel/summary.py``).
- Output must depend only on the data and ``options`` (no clock, no random,
  no dict-order surprises): the same inputs give the same bytes.
- Charts: draw them straight into a ReportLab ``Drawing`` with
  ``kernel.report.plot.Plot`` (``<feature>/report_chart.py``; no matplotlib import,
  every label fitted inside the chart) and add it with ``drawing_flowable(drawing)``,
  or defer it with ``chart(fn, *args)`` where ``fn`` returns a Drawing. The app's
  matplotlib chart and the report's should take their series, colours and labels
  from one place (e.g. ``slo/burn_series.py``). A matplotlib ``Figure`` still works
  (``figure_flowable(figure)``, or ``chart(fn)`` with ``fn`` returning a Figure), but
  importing matplotlib alone costs a fresh export about 0.3 s of CPU.
  ``chart(...)`` charts are drawn before layout, in worker processes when there are
  many; put them at the top level of the section's list.
- A section with nothing recorded returns ``nothing_recorded(text)``: the full report
  then does not give it a page of its own, and ``is_empty(story)`` tells a summary.
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

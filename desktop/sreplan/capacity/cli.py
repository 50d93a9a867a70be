"""import-series, forecast and chart: capacity planning from the command line.

numpy and matplotlib load inside the commands, never when the parser is built
(the GUI builds it on every start to tell commands from files).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sreplan.capacity import store as capacity
from sreplan.capacity.model import Resource, counted
from sreplan.kernel.charts import quiet_missing_glyphs
from sreplan.kernel.errors import UserError
from sreplan.kernel.ids import new_id
from sreplan.plans.commands import plan_id, print_json, workspace

if TYPE_CHECKING:
    from sreplan.capacity.outlook import Outlook

CHART_SUFFIXES = (".svg", ".png", ".pdf")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import-series", help="import a resource's demand history (CSV or "
                       "Prometheus query_range JSON)")
    p.add_argument("file", help="workspace")
    p.add_argument("--plan", required=True, help="plan id or name")
    p.add_argument("--resource", required=True, help="resource name (created if new)")
    p.add_argument("series_file", metavar="CSV_OR_JSON")
    p.add_argument("--series", metavar="LABELS",
                   help="Prometheus: the series to take, e.g. 'job=\"api\"', or 'sum'; "
                        "CSV: the value column's name")
    p.set_defaults(run=_import_series)

    p = sub.add_parser("forecast", help="forecast demand and size each resource")
    p.add_argument("file", help="workspace")
    p.add_argument("--plan", required=True)
    p.add_argument("--resource", help="only this resource")
    p.add_argument("--horizon", default="180d", help="e.g. 90d, 26w, 6m, 1y (default 180d)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=_forecast)

    p = sub.add_parser("chart", help="render a resource's capacity chart to SVG, PNG or PDF")
    p.add_argument("file", help="workspace")
    p.add_argument("--plan", required=True)
    p.add_argument("--resource", required=True)
    p.add_argument("--horizon", default="180d")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.set_defaults(run=_chart)


def _resource(ws: Any, plan: str, name: str) -> Resource:
    found = capacity.find_resource(ws, plan, name)
    if found is None:
        names = ", ".join(r.name for r in capacity.list_resources(ws, plan)) or "none"
        raise UserError(f"no resource {name!r} in this plan (resources: {names}).")
    return found


def _import_series(args: argparse.Namespace) -> int:
    from sreplan.capacity.formats.common import SeriesImportError
    from sreplan.capacity.formats.prometheus import read_series_file
    from sreplan.capacity.series_store import replace_series

    if not args.resource.strip():
        raise UserError("--resource needs a name.")
    with workspace(args) as ws:
        plan = plan_id(ws, args.plan)  # a wrong plan is reported before the file is read
        try:
            series = read_series_file(Path(args.series_file), selector=args.series)
        except SeriesImportError as exc:
            raise UserError(str(exc).replace("\n  ", " | ").replace("\n", " ")) from exc
        resource = capacity.find_resource(ws, plan, args.resource)
        created = resource is None
        with ws.write():
            if resource is None:
                resource = Resource(new_id(), plan, args.resource.strip(),
                                    position=capacity.next_position(ws, plan))
                capacity.save(ws, resource)
            replace_series(ws, plan, resource.id, series.times, series.values)
    print(f"{'created' if created else 'updated'} resource {resource.name!r}: {series.summary()}")
    return 0


def _horizon(text: str) -> int:
    from sreplan.capacity.outlook import parse_horizon

    try:
        return parse_horizon(text)
    except ValueError as exc:
        raise UserError(str(exc)) from exc


def _forecast(args: argparse.Namespace) -> int:
    from sreplan.capacity.outlook_store import plan_outlooks, resource_outlook

    days = _horizon(args.horizon)
    today = date.today()
    with workspace(args, read_only=True) as ws:
        plan = plan_id(ws, args.plan)
        if args.resource:
            outlooks = [resource_outlook(ws, _resource(ws, plan, args.resource).id, today=today,
                                         horizon_days=days)]
        else:
            outlooks = plan_outlooks(ws, plan, today=today, horizon_days=days)
    if args.json:
        print_json([outlook_json(o) for o in outlooks])
        return 0
    if not outlooks:
        print("This plan has no capacity resources yet.")
    for o in outlooks:
        print("\n".join(outlook_lines(o)) + "\n")
    return 0


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def outlook_lines(o: Outlook) -> list[str]:
    r = o.resource
    unit = f" {r.unit}" if r.unit else ""
    lines = [f"{r.name}"]
    if o.forecast is None:
        return [*lines, f"  {o.warnings[0]}"]
    lines.append(f"  model: {o.forecast.kind.label}. {o.forecast.reason}")
    if o.peak is not None and o.peak_interval80 and o.peak_interval95:
        lines.append(
            f"  peak by {o.horizon_end}: {_num(o.peak)}{unit} "
            f"(80% {_num(o.peak_interval80[0])}–{_num(o.peak_interval80[1])}, "
            f"95% {_num(o.peak_interval95[0])}–{_num(o.peak_interval95[1])})")
    lines.append(f"  usable capacity: {_num(o.usable_capacity)}{unit} of {_num(o.raw_capacity)}"
                 f" raw ({counted(r.current_units, r.unit_name)} × {_num(r.capacity_per_unit)}, "
                 f"headroom {r.headroom_pct:g}%)")
    lines.append(f"  units needed: {o.units_needed} (have {r.current_units})")
    for ep in o.event_peaks:
        lines.append(f"  {ep.label} {ep.event.starts_on}–{ep.event.ends_on}: peak "
                     f"{_num(ep.peak_upper)}{unit}, needs {counted(ep.units_needed, r.unit_name)}")
    lines.append(f"  time to exhaustion: {o.exhaustion or 'not within the horizon'}")
    past = "  (ALREADY PAST)" if o.order_by_past else ""
    lines.append(f"  order by: {o.order_by or '–'}{past}")
    lines += [f"  ! {w}" for w in o.warnings]
    return lines


def outlook_json(o: Outlook) -> dict[str, Any]:
    r = o.resource
    return {
        "resource": r.name,
        "id": r.id,
        "unit": r.unit,
        "model": o.forecast.kind.value if o.forecast else None,
        "model_reason": o.forecast.reason if o.forecast else None,
        "horizon_end": o.horizon_end.isoformat(),
        "peak": o.peak,
        "peak_interval80": o.peak_interval80,
        "peak_interval95": o.peak_interval95,
        "current_units": r.current_units,
        "units_needed": o.units_needed,
        "utilisation_pct": o.utilisation_pct,
        "raw_capacity": o.raw_capacity,
        "usable_capacity": o.usable_capacity,
        "events": [
            {"name": ep.event.name, "starts_on": ep.event.starts_on.isoformat(),
             "ends_on": ep.event.ends_on.isoformat(), "multiplier": ep.multiplier,
             "peak": ep.peak, "peak_upper": ep.peak_upper, "units_needed": ep.units_needed}
            for ep in o.event_peaks
        ],
        "exhaustion": o.exhaustion.isoformat() if o.exhaustion else None,
        "order_by": o.order_by.isoformat() if o.order_by else None,
        "order_by_past": o.order_by_past,
        "warnings": list(o.warnings),
    }


def _chart(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.suffix.lower() not in CHART_SUFFIXES:
        raise UserError(f"{out.name}: the chart can be written as .svg, .png or .pdf.")
    from sreplan.capacity.outlook_store import resource_outlook

    days = _horizon(args.horizon)
    with workspace(args, read_only=True) as ws:
        plan = plan_id(ws, args.plan)
        resource = _resource(ws, plan, args.resource)
        outlook = resource_outlook(ws, resource.id, today=date.today(), horizon_days=days)
        from sreplan.capacity.series_store import load_series

        times, values = load_series(ws, resource.id)
    from sreplan.capacity.chart import capacity_figure

    figure = capacity_figure(outlook, times, values)
    try:
        with quiet_missing_glyphs():
            figure.savefig(out, format=out.suffix.lower()[1:])
    except OSError as exc:
        raise UserError(f"could not write {out}: {exc.strerror or exc}.") from exc
    print(f"wrote {out}")
    return 0

"""openslo/v1alpha SLOs (``timeWindows`` with unit and count, per-objective ``ratioMetrics``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sreplan.kernel.durations import Duration
from sreplan.slo.model import SliType
from sreplan.slo.openslo.model import (
    ParsedOpenSlo,
    Reader,
    SliSpec,
    SloSpec,
    Where,
    budgeting_method,
    guess_kind,
    kept_metadata,
    metadata,
    objective_slo,
    slug,
    timestamp,
)


def _query_type(reader: Reader, metric: dict[str, Any], where: Where) -> None:
    if metric.get("queryType"):
        reader.warnings.append(
            f"{where.at('queryType')}: {metric['queryType']!r} is not kept "
            "(openslo/v1 has no query type; the query text is kept)"
        )


def slo_v1alpha(reader: Reader, data: dict[str, Any], where: Where, parsed: ParsedOpenSlo) -> None:
    """v1alpha: ``timeWindows`` (unit + count) and per-objective ``ratioMetrics``."""
    name, display, notes = metadata(reader, data, where)
    sw = where.at("spec")
    spec = reader.mapping(
        reader.required(data, "spec", where),
        sw,
        ("description", "service", "indicator", "timeWindows", "budgetingMethod", "objectives"),
    )
    service = reader.text(spec, "service", sw, required=True)
    ww = sw.at("timeWindows")
    windows = reader.required(spec, "timeWindows", sw)
    if not isinstance(windows, list) or len(windows) != 1:
        raise reader.fail(ww, "expected exactly one time window")
    w = reader.mapping(windows[0], ww.at(0), ("unit", "count", "isRolling", "calendar"))
    units = {
        "second": None,
        "minute": "m",
        "hour": "h",
        "day": "d",
        "week": "w",
        "month": "M",
        "quarter": "Q",
        "year": "Y",
    }
    unit_name = reader.text(w, "unit", ww.at(0), required=True).lower()
    count = w.get("count")
    if units.get(unit_name) is None or not isinstance(count, int) or count <= 0:
        raise reader.fail(
            ww.at(0),
            f"openslo/v1alpha window {count!r} {unit_name!r} cannot be "
            "mapped to a whole number of minutes, hours, days, weeks, months, "
            "quarters or years",
        )
    window = Duration(count, str(units[unit_name]))
    calendar = reader.mapping(w.get("calendar"), ww.at(0).at("calendar"), ("startTime", "timeZone"))
    rolling = bool(w.get("isRolling", not calendar))
    start = calendar.get("startTime")
    start_text = timestamp(start) if isinstance(start, dt.date) else str(start or "")
    method = budgeting_method(reader, spec, sw)
    labels, annotations = kept_metadata(reader, data, where)
    objectives = reader.required(spec, "objectives", sw)
    if not isinstance(objectives, list) or not objectives:
        raise reader.fail(sw.at("objectives"), "expected a list of at least one objective")
    if len(objectives) > 1:
        reader.warnings.append(
            f"{sw.at('objectives')}: SLO {name!r} has {len(objectives)} objectives; SRE Plan "
            "keeps each as its own SLO and exports each as its own SLO document"
        )
    threshold_sli: SliSpec | None = None
    if spec.get("indicator") is not None:
        iw = sw.at("indicator")
        ind = reader.mapping(spec["indicator"], iw, ("thresholdMetric",))
        tm = reader.mapping(
            ind.get("thresholdMetric"),
            iw.at("thresholdMetric"),
            ("source", "queryType", "query", "metadata"),
        )
        _query_type(reader, tm, iw.at("thresholdMetric"))
        if tm.get("metadata") is not None:
            reader.warnings.append(
                f"{iw.at('thresholdMetric').at('metadata')}: not kept by SRE Plan"
            )
        threshold_sli = SliSpec(
            f"{name}-indicator",
            "",
            guess_kind(name, SliType.THRESHOLD),
            SliType.THRESHOLD,
            data_source=str(tm.get("source", "")),
            good_query=str(tm.get("query", "")),
        )
    for i, raw in enumerate(objectives):
        ow = sw.at("objectives").at(i)
        obj = reader.mapping(
            raw,
            ow,
            (
                "displayName",
                "op",
                "value",
                "target",
                "timeSliceTarget",
                "timeSliceWindow",
                "ratioMetrics",
            ),
        )
        sli = threshold_sli
        if obj.get("ratioMetrics") is not None:
            rw = ow.at("ratioMetrics")
            ratio = reader.mapping(obj["ratioMetrics"], rw, ("good", "total", "incremental"))
            good = reader.mapping(
                reader.required(ratio, "good", rw), rw.at("good"), ("source", "queryType", "query")
            )
            total = reader.mapping(
                reader.required(ratio, "total", rw),
                rw.at("total"),
                ("source", "queryType", "query"),
            )
            _query_type(reader, good, rw.at("good"))
            _query_type(reader, total, rw.at("total"))
            incremental = ratio.get("incremental")
            if incremental is not None and not isinstance(incremental, bool):
                raise reader.fail(rw.at("incremental"), "expected true or false")
            sli = SliSpec(
                f"{name}-{i + 1}-ratio",
                "",
                guess_kind(name, SliType.RATIO),
                SliType.RATIO,
                data_source=str(good.get("source", "")),
                good_query=str(good.get("query", "")),
                total_query=str(total.get("query", "")),
                counter=incremental,  # v1alpha's incremental is v1's counter
            )
        if sli is None:
            raise reader.fail(
                ow.at("ratioMetrics"),
                "required field is missing (ratioMetrics, or an "
                "indicator.thresholdMetric on the SLO)",
            )
        parsed.slis.setdefault(f"{sli.name}@{where.file}#{where.document}", sli)
        label = reader.text(obj, "displayName", ow)
        multi = len(objectives) > 1
        if not multi and label and label not in (display, name):
            reader.warnings.append(
                f"{ow.at('displayName')}: {label!r} is not kept (SRE Plan names the objective "
                "after its SLO)"
            )
        parsed.slos.append(
            objective_slo(
                reader,
                obj,
                ow,
                sli,
                method,
                notes,
                SloSpec(
                    name=f"{name}-{slug(label) or i + 1}" if multi else name,
                    display_name=f"{display or name} — {label or i + 1}" if multi else display,
                    description=reader.text(spec, "description", sw),
                    service=service,
                    sli=sli,
                    target=0.0,
                    window=window,
                    rolling=rolling,
                    calendar_start=start_text,
                    time_zone=reader.text(calendar, "timeZone", ww.at(0)),
                    budgeting_method=method,
                    objective_op=None,
                    objective_value=None,
                    timeslice_target=None,
                    timeslice_window=None,
                    where=str(ow),
                    labels=labels,
                    annotations=annotations,
                ),
                alpha=True,
            )
        )
    if window.unit == "m":
        reader.warnings.append(f"{ww.at(0)}: the window is {window.label}")

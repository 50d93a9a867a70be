"""Every change a user makes to capacity planning, as kernel Edits.

The app runs them on its undo stack (``ops.run(edit)``); tests below the UI
apply and revert them directly. Adds, removes and single fields of one record
use the kernel's generic record edits.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy.typing as npt

from sreplan.capacity import store
from sreplan.capacity.series_store import replace_series
from sreplan.kernel import edits
from sreplan.kernel.edits import Edit
from sreplan.kernel.ids import new_id

DEMAND = "capacity_demand"


def set_series(
    plan_id: str, resource_id: str, times: npt.ArrayLike, values: npt.ArrayLike, label: str
) -> Edit:
    """Make ``times``/``values`` the resource's whole demand history (imports, pastes,
    typed points all go through here)."""
    return edits.make(
        label,
        {DEMAND},
        lambda ws: replace_series(ws, plan_id, resource_id, times, values),
        plan_id=plan_id,
    )


def set_growth(
    existing_id: str | None, plan_id: str, resource_id: str, values: Mapping[str, Any]
) -> Edit:
    """The resource's growth assumption: added the first time, then edited in place
    (keystrokes in one field merge into one undo step)."""
    if existing_id is None:
        row = {"id": new_id(), "plan_id": plan_id, "resource_id": resource_id, **values}
        return edits.insert(store.GROWTH, [row], "Set Growth Assumption", plan_id=plan_id)
    return edits.set_fields(
        store.GROWTH, existing_id, values, "Edit Growth Assumption", plan_id=plan_id, merge=True
    )

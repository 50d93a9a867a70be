"""One plan, one truth: the links that let each fact live in one place.

An SLO's service names the components that serve it (the architecture lint then holds
them to its target), and a capacity resource names its component, whose instance count
is the one home of that number (see ``instance_home``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sreplan.actions.store import ActionError, same_plan
from sreplan.kernel import records
from sreplan.kernel.ids import new_id
from sreplan.kernel.workspace import Workspace


def link_service(ws: Workspace, service_id: str, component_id: str) -> str:
    """Say that ``component_id`` serves the SLO service; refuse one of another plan."""
    plan_id = records.fetch(ws, "services", service_id, ("plan_id",))["plan_id"]
    same_plan(ws, "components", component_id, plan_id, "component")
    if ws.scalar("SELECT 1 FROM service_components WHERE service_id = ? AND component_id = ?",
                 [service_id, component_id]):  # fmt: skip
        raise ActionError("That component already serves this service.")
    link_id = new_id()
    records.insert(ws, "service_components", [{
        "id": link_id, "plan_id": plan_id, "service_id": service_id,
        "component_id": component_id,
    }])  # fmt: skip
    return link_id


def unlink_service(ws: Workspace, service_id: str, component_id: str) -> None:
    with ws.write() as conn:
        conn.execute("DELETE FROM service_components WHERE service_id = ? AND component_id = ?",
                     [service_id, component_id])  # fmt: skip


@dataclass(frozen=True)
class ServiceLinks:
    service_id: str
    service: str
    components: tuple[tuple[str, str], ...]  # (id, name) of the components serving it


def service_links(ws: Workspace, plan_id: str) -> list[ServiceLinks]:
    found = []
    for service_id, name in ws.conn.execute(
        "SELECT id, name FROM services WHERE plan_id = ? ORDER BY position, name", [plan_id]
    ):
        comps = tuple(
            (cid, cname)
            for cid, cname in ws.conn.execute(
                "SELECT c.id, c.name FROM service_components sc JOIN components c "
                "ON c.id = sc.component_id WHERE sc.service_id = ? ORDER BY c.name",
                [service_id],
            )
        )
        found.append(ServiceLinks(service_id, name, comps))
    return found


def components(ws: Workspace, plan_id: str) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in ws.conn.execute(
            "SELECT id, name FROM components WHERE plan_id = ? ORDER BY position, name", [plan_id]
        )
    ]


def link_resource(ws: Workspace, resource_id: str, component_id: str | None) -> None:
    """Link a capacity resource to the component it sizes (None: unlink)."""
    plan_id = records.fetch(ws, "capacity_resources", resource_id, ("plan_id",))["plan_id"]
    if component_id is not None:
        same_plan(ws, "components", component_id, plan_id, "component")
    records.update(ws, "capacity_resources", resource_id, {"component_id": component_id})

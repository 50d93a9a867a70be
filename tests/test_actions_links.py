"""One plan, one truth: SLO services linked to components, instance counts with one home."""

from __future__ import annotations

import pytest

from sreplan.actions.links import link_resource, link_service, service_links
from sreplan.actions.store import ActionError
from sreplan.architecture.lint import LintRule
from sreplan.architecture.lint_triage import run_lint
from sreplan.architecture.store import slo_targets
from sreplan.capacity.store import get_resource, instance_home, list_resources
from sreplan.kernel.workspace import Workspace
from sreplan.plans.demo import DEMO_PLAN_ID


def _id(ws: Workspace, table: str, column: str, value: str) -> str:
    return str(ws.scalar(f"SELECT id FROM {table} WHERE {column} = ?", [value]))


def test_the_demo_links_slo_services_to_the_components_serving_them(demo_ws: Workspace) -> None:
    names = {s.service: [c for _, c in s.components] for s in service_links(demo_ws, DEMO_PLAN_ID)}
    assert names == {"checkout": ["Checkout API"], "payments": ["Payment provider"]}
    targets = slo_targets(demo_ws, DEMO_PLAN_ID)
    assert targets[_id(demo_ws, "components", "name", "Checkout API")] == pytest.approx(0.999)
    assert targets[_id(demo_ws, "components", "name", "Payment provider")] == pytest.approx(0.9995)


def test_the_lint_slo_rule_now_speaks_on_the_demo(demo_ws: Workspace) -> None:
    def slo_rules() -> list[str]:
        return [s.title for s in run_lint(demo_ws, DEMO_PLAN_ID).all
                if s.rule is LintRule.SLO_UNACHIEVABLE]  # fmt: skip

    assert slo_rules() == []  # 99.9 % through a 99.95 % provider is reachable
    with demo_ws.write():
        demo_ws.conn.execute("UPDATE slos SET target = 99.99 WHERE name = 'checkout-availability'")
    assert slo_rules() == ["Checkout API cannot meet its SLO through its dependencies"]
    with demo_ws.write():
        demo_ws.conn.execute("DELETE FROM service_components")
    assert slo_rules() == []  # by name alone, "checkout" is no component: the rule was silent


def test_a_link_to_another_plans_component_is_refused(demo_ws: Workspace) -> None:
    from sreplan.features import create_plan
    from sreplan.plans.model import Plan

    create_plan(demo_ws, Plan(id="other", name="Other"))
    with demo_ws.write():
        demo_ws.conn.execute(
            "INSERT INTO components (id, plan_id, name) VALUES ('theirs', 'other', 'Theirs')"
        )
    service = _id(demo_ws, "services", "name", "checkout")
    resource = _id(demo_ws, "capacity_resources", "name", "Payment worker CPU cores")
    with pytest.raises(ActionError, match="another plan"), demo_ws.write():
        link_service(demo_ws, service, "theirs")
    with pytest.raises(ActionError, match="another plan"), demo_ws.write():
        link_resource(demo_ws, resource, "theirs")


def test_the_instance_count_has_one_home(demo_ws: Workspace) -> None:
    resource = _id(demo_ws, "capacity_resources", "name", "Checkout API peak RPS")
    component = _id(demo_ws, "components", "name", "Checkout API")
    assert instance_home(demo_ws, resource) == ("Checkout API", 15)
    assert get_resource(demo_ws, resource).current_units == 15
    with demo_ws.write():
        demo_ws.conn.execute("UPDATE components SET instances = 18 WHERE id = ?", [component])
    assert get_resource(demo_ws, resource).current_units == 18  # read from the inventory
    by_name = {r.name: r.current_units for r in list_resources(demo_ws, DEMO_PLAN_ID)}
    assert by_name["Checkout API peak RPS"] == 18
    # Storage is counted in volumes, not instances: it keeps its own count.
    storage = _id(demo_ws, "capacity_resources", "name", "Orders DB storage")
    assert instance_home(demo_ws, storage) is None
    assert by_name["Orders DB storage"] == 4

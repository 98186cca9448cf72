"""OKR quality rules: each one firing and not firing."""

from __future__ import annotations

import datetime as dt

import pytest

from okrdesk.domain.entities import (
    Direction,
    FormulaKind,
    KeyResult,
    KeyResultKind,
    KpiNode,
    Objective,
    Period,
    PeriodKind,
    Team,
)
from okrdesk.domain.quality import check_okrs, reads_like_task

TEAMS = [Team(1, "Sales"), Team(2, "Product")]
PERIODS = [Period(10, "2027-Q1", PeriodKind.QUARTER, dt.date(2027, 1, 1), dt.date(2027, 3, 31))]


def obj(id_, team=1, period=10, owner=7, title=None):
    return Objective(id_, f"O-{id_}", title or f"Objective {id_}", period, team, owner_id=owner)


def kr(id_, objective, title=None, start=0.0, target=10.0, kind=KeyResultKind.METRIC, node=None):
    return KeyResult(id_, f"KR-{id_}", objective, title or f"Raise metric {id_} to 10", kind=kind,
                     start=start, target=target, kpi_node_id=node)


def healthy(n_objectives=3, krs_each=2):
    objectives = [obj(i) for i in range(1, n_objectives + 1)]
    krs = [kr(o.id * 100 + k, o.id) for o in objectives for k in range(krs_each)]
    return objectives, krs


def rules(issues):
    return sorted(i.rule for i in issues)


def test_healthy_set_has_no_issues():
    assert check_okrs(*healthy(), TEAMS, PERIODS) == []


@pytest.mark.parametrize("n,rule", [(2, "team-too-few-objectives"), (6, "team-too-many-objectives")])
def test_objective_count_per_team_and_period(n, rule):
    issues = check_okrs(*healthy(n), TEAMS, PERIODS)
    assert rules(issues) == [rule]
    issue = issues[0]
    assert (issue.subject, issue.subject_id, issue.team_id, issue.period_id) == ("team", 1, 1, 10)
    assert issue.severity == "warning"
    assert f"Sales has {n} objectives in 2027-Q1" in issue.message


def test_objective_count_boundaries_do_not_fire():
    for n in (3, 5):
        assert check_okrs(*healthy(n), TEAMS, PERIODS) == []


@pytest.mark.parametrize(
    "krs_each,rule,text", [(0, "objective-too-few-krs", "has no key results yet"),
                           (1, "objective-too-few-krs", "has only 1 key result"),
                           (6, "objective-too-many-krs", "has 6 key results")],
)  # fmt: skip
def test_key_result_count(krs_each, rule, text):
    issues = check_okrs(*healthy(3, krs_each), TEAMS, PERIODS)
    assert rules(issues) == [rule] * 3
    assert text in issues[0].message and issues[0].subject == "objective"


def test_key_result_count_boundary_five():
    assert check_okrs(*healthy(3, 5), TEAMS, PERIODS) == []


def test_kr_missing_numbers_and_milestone_exempt():
    objectives, krs = healthy()
    krs[0] = kr(krs[0].id, 1, start=None)
    krs[1] = kr(krs[1].id, 1, start=None, target=None)
    krs[2] = kr(krs[2].id, 2, start=None, target=None, kind=KeyResultKind.MILESTONE,
                title="Partner contract signed")
    issues = check_okrs(objectives, krs, TEAMS, PERIODS)
    assert rules(issues) == ["kr-missing-numbers"] * 2
    assert "has no start value" in issues[0].message
    assert "has no start and no target value" in issues[1].message
    assert issues[0].subject == "key_result" and issues[0].team_id == 1 and issues[0].period_id == 10


@pytest.mark.parametrize(
    "title,flagged",
    [("Launch the new website", True), ("implement SSO", True), ("Set up the data warehouse", True),
     ("ROLL OUT the CRM", True), ("Organise a customer summit", True), ("Organize the offsite", True),
     ("Hire a head of sales", True), ("Launch 3 new products", False), ("Raise NPS from 30 to 45", False),
     ("Increase activation rate", False), ("Builder pipeline coverage", False), ("Settle invoices", False)],
)  # fmt: skip
def test_reads_like_task(title, flagged):
    assert reads_like_task(title) is flagged


def test_task_rule_in_check():
    objectives, krs = healthy()
    krs[0] = kr(krs[0].id, 1, title="Migrate billing to the new platform")
    issues = check_okrs(objectives, krs, TEAMS, PERIODS)
    assert rules(issues) == ["kr-reads-like-task"]
    assert issues[0].severity == "info" and "reads like a task" in issues[0].message


def test_objective_needs_period_and_owner():
    objectives, krs = healthy(4)
    objectives[3] = obj(4, period=None, owner=None)
    issues = check_okrs(objectives, krs, TEAMS, PERIODS)
    assert rules(issues) == ["objective-no-owner", "objective-no-period"]
    assert all(i.subject_id == 4 and i.period_id is None for i in issues)


# ---- targets adding up through the KPI tree ---------------------------------
def tree(formula=FormulaKind.SUM, direction=Direction.HIGHER, expression=""):
    return [
        KpiNode(1, "REV", "Revenue", formula=formula, direction=direction, expression=expression),
        KpiNode(2, "REV.NEW", "New", parent_id=1, position=0),
        KpiNode(3, "REV.OLD", "Existing", parent_id=1, position=1),
    ]


def linked(parent_target, new_target, old_target):
    objectives, krs = healthy()
    krs[0] = kr(krs[0].id, 1, title="Grow revenue", target=parent_target, node=1)
    krs[1] = kr(krs[1].id, 1, title="Grow new revenue", target=new_target, node=2)
    krs[2] = kr(krs[2].id, 2, title="Keep existing revenue", target=old_target, node=3)
    return objectives, krs


def test_targets_that_fall_short_are_flagged_with_both_numbers():
    issues = check_okrs(*linked(1000, 300, 600), TEAMS, PERIODS, nodes=tree())
    assert rules(issues) == ["kr-targets-dont-add-up"]
    issue = issues[0]
    assert "aims for 1000 on REV" in issue.message and "only 900" in issue.message
    assert issue.subject == "key_result" and issue.subject_id == 100 and issue.period_id == 10


def test_targets_that_add_up_are_fine():
    assert check_okrs(*linked(900, 300, 600), TEAMS, PERIODS, nodes=tree()) == []


def test_rule_needs_every_child_target():
    objectives, krs = linked(1000, 300, 600)
    krs[2] = kr(krs[2].id, 2, title="Keep existing revenue")  # not linked
    assert check_okrs(objectives, krs, TEAMS, PERIODS, nodes=tree()) == []


def test_rollup_targets_fill_missing_child_targets():
    objectives, krs = linked(1000, 300, 600)
    krs[2] = kr(krs[2].id, 2, title="Keep existing revenue")
    issues = check_okrs(objectives, krs, TEAMS, PERIODS, nodes=tree(), rollup_targets={(3, 10): 650})
    assert rules(issues) == ["kr-targets-dont-add-up"] and "only 950" in issues[0].message


def test_lower_is_better_direction():
    nodes = tree(direction=Direction.LOWER)
    assert check_okrs(*linked(1000, 300, 600), TEAMS, PERIODS, nodes=nodes) == []
    issues = check_okrs(*linked(800, 300, 600), TEAMS, PERIODS, nodes=nodes)
    assert rules(issues) == ["kr-targets-dont-add-up"] and "at most 800" in issues[0].message


def test_expression_formula_and_other_period_ignored():
    nodes = tree(FormulaKind.EXPRESSION, expression="REV.NEW * 2 + REV.OLD")
    assert check_okrs(*linked(1200, 300, 600), TEAMS, PERIODS, nodes=nodes) == []
    assert rules(check_okrs(*linked(1300, 300, 600), TEAMS, PERIODS, nodes=nodes)) == ["kr-targets-dont-add-up"]
    objectives, krs = linked(1000, 300, 600)
    objectives[1] = obj(2, period=11)  # the REV.OLD target is in another period
    issues = check_okrs(objectives, krs, TEAMS, PERIODS, nodes=tree())
    assert "kr-targets-dont-add-up" not in rules(issues)

"""Labels matched to KPI nodes: exact code, exact name, case-insensitive, fuzzy suggestion."""

from __future__ import annotations

from okrdesk.domain.entities import KpiNode
from okrdesk.excel.foreign import ImportSpec, apply_matches, match_labels, undecided

NODES = [KpiNode(1, "REV", "Revenue"), KpiNode(2, "COGS", "Cost of sales"),
         KpiNode(3, "CUST.NEW", "New customers"), KpiNode(4, "X1", "Churn"),
         KpiNode(5, "X2", "Churn")]


def _by_label(labels):
    return {m.label: m for m in match_labels(labels, NODES)}


def test_each_kind_of_match() -> None:
    got = _by_label(["REV", "Cost of sales", "new CUSTOMERS", "Cost of sale", "Churn", "Headcount"])
    assert (got["REV"].code, got["REV"].how, got["REV"].confirmed) == ("REV", "code", True)
    assert (got["Cost of sales"].code, got["Cost of sales"].how) == ("COGS", "name")
    assert (got["new CUSTOMERS"].code, got["new CUSTOMERS"].how) == ("CUST.NEW", "case")
    fuzzy = got["Cost of sale"]
    assert (fuzzy.code, fuzzy.how, fuzzy.confirmed) == ("COGS", "fuzzy", False)
    assert got["Churn"].how == "ambiguous" and got["Churn"].candidates == ("X1", "X2")
    assert (got["Headcount"].code, got["Headcount"].how) == (None, "none")


def test_only_confirmed_matches_go_into_the_spec_and_user_choices_stay() -> None:
    spec = ImportSpec()
    spec.skip_label("REV")
    matches = match_labels({"REV": "S!A2", "Cost of sales": "S!A3", "Cost of sale": "S!A4"}, NODES)
    apply_matches(spec, matches)
    assert spec.mapping == {"REV": "", "Cost of sales": "COGS"}
    assert undecided(spec, ["REV", "Cost of sales", "Cost of sale"]) == ["Cost of sale"]
    assert matches[2].place == "S!A4"


def test_suggested_codes_for_new_nodes() -> None:
    from okrdesk.excel.foreign import suggest_code

    assert suggest_code("Office rent", "FIN", ["FIN"]) == "FIN.OFFICE_RENT"
    assert suggest_code("Office rent", "FIN", ["FIN.OFFICE_RENT"]) == "FIN.OFFICE_RENT-2"
    assert suggest_code("Bürofläche (m²)", None, []) == "BUROFLACHE_M2"
    assert suggest_code("2027 plan", None, []) == "N2027_PLAN"
    assert suggest_code("—", None, []) == "NEW"


def test_fuzzy_suggestions_on_a_firm_sized_tree_are_right_and_quick() -> None:
    import time

    nodes = [KpiNode(i, f"N{i:04d}.X", f"Node metric number {i} of branch {i % 17}")
             for i in range(1500)]
    labels = [f"Node metric numbr {i} of branch {i % 17}" for i in range(0, 1500, 10)]
    started = time.perf_counter()
    got = match_labels(labels, nodes)
    elapsed = time.perf_counter() - started
    assert [m.code for m in got] == [f"N{i:04d}.X" for i in range(0, 1500, 10)]
    assert all(m.how == "fuzzy" and not m.confirmed for m in got)
    assert elapsed < 5.0  # 150 labels; about 0.3 s on a quiet machine

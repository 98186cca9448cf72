"""Deterministic demo workspaces (PRODUCT.md §6): a believable B2B SaaS company,
Northwind Analytics, with its KPI tree, years of measurements and OKRs.

    from okrdesk.store.demo import generate_demo
    summary = generate_demo(workspace.engine, size="firm", as_of=date(2026, 11, 18))
"""

from .generate import DELIBERATE_CODES, SIZES, DemoSummary, generate_demo

__all__ = ["DELIBERATE_CODES", "SIZES", "DemoSummary", "generate_demo"]

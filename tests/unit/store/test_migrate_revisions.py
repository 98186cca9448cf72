"""The migration plan reads revisions from the scripts' text, as Alembic would."""

from __future__ import annotations

from pathlib import Path

from okrdesk.store.migrate import DEFAULT_PLAN, FORMAT_VERSION, MigrationPlan, read_revisions

FIXTURES = Path(__file__).with_name("migration_fixtures")


def _alembic_graph(plan: MigrationPlan) -> dict[str, str | None]:
    script = plan.script()
    return {r.revision: r.down_revision for r in script.walk_revisions()}  # type: ignore[misc]


def test_text_reading_agrees_with_alembic() -> None:
    for plan in (DEFAULT_PLAN, MigrationPlan(FORMAT_VERSION + 1, (FIXTURES,))):
        assert read_revisions(plan.version_locations()) == _alembic_graph(plan)
        assert plan.head() == plan.script().get_current_head()
        assert all(plan.knows(rev) for rev in _alembic_graph(plan))
        assert plan.knows(None) and not plan.knows("ffff-not-a-revision")


def test_scripts_not_in_the_usual_shape_are_left_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "0003_next.py").write_text(
        '"""Next."""\nREV = "0003"\nrevision = REV\ndown_revision = "0002"\n'
        "def upgrade():\n    pass\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    plan = MigrationPlan(FORMAT_VERSION + 1, (tmp_path,))
    assert read_revisions(plan.version_locations()) is None
    assert plan.head() == "0003"  # Alembic imported the script and found it
    assert plan.knows("0003") and plan.knows("0002") and plan.knows("0001") and not plan.knows("0004")


def test_a_missing_folder_is_left_to_alembic(tmp_path: Path) -> None:
    assert read_revisions([tmp_path / "nowhere"]) is None
    assert read_revisions([]) == {}

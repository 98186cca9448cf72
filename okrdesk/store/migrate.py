"""Schema migrations of workspaces with Alembic, run from code (no ini file on disk).

The file format has two marks: ``PRAGMA application_id`` (okrdesk's, set
once) and ``PRAGMA user_version`` = the format version, bumped by every
migration that changes the format. Alembic's ``alembic_version`` table holds
the exact revision. A format change is one new file in ``migrations/versions``
plus a ``FORMAT_VERSION`` bump here.

SQLite ALTERs in batch mode copy tables; with foreign keys on, dropping the old
copy would fire ``ON DELETE CASCADE`` and silently delete rows. So foreign keys
are switched off (outside the transaction, where the pragma takes effect)
before the migration and back on after it, and ``foreign_key_check`` must come
back empty before the migration commits.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection

APPLICATION_ID = 0x4F4B5244  # "OKRD"
FORMAT_VERSION = 1
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


@dataclass(frozen=True)
class MigrationPlan:
    """Where the migration scripts are and which format version their head is.

    The default plan is the application's; tests add a version folder to rehearse
    the next format change.
    """

    format_version: int = FORMAT_VERSION
    extra_version_locations: Sequence[Path] = field(default_factory=tuple)

    def config(self, connection: Connection | None = None) -> Config:
        """An Alembic Config built in memory, pointing into the package."""
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("path_separator", "os")
        locations = [MIGRATIONS_DIR / "versions", *self.extra_version_locations]
        cfg.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def script(self) -> ScriptDirectory:
        """The Alembic script directory of this plan."""
        return ScriptDirectory.from_config(self.config())

    def head(self) -> str:
        """The revision every workspace is migrated to."""
        head = self.script().get_current_head()
        if head is None:
            raise RuntimeError("okrdesk has no migration scripts; the installation is broken.")
        return head

    def knows(self, revision: str | None) -> bool:
        """True when ``revision`` (None = empty base) is one of this plan's revisions."""
        if revision is None:
            return True
        try:
            return self.script().get_revision(revision) is not None
        except CommandError:
            return False


DEFAULT_PLAN = MigrationPlan()


class MigrationFailed(RuntimeError):
    """A migration left dangling foreign keys; it was rolled back."""


def _raw(connection: Connection):  # noqa: ANN202 - the sqlite3/psycopg connection
    return connection.connection.driver_connection


def upgrade(connection: Connection, plan: MigrationPlan = DEFAULT_PLAN) -> None:
    """Migrate the database behind ``connection`` to the plan's head, in one transaction.

    On SQLite also stamps ``application_id`` and ``user_version`` in that
    transaction, with foreign keys off during the migration and checked after.
    ``connection`` must not be inside a transaction.
    """
    sqlite = connection.dialect.name == "sqlite"
    if connection.in_transaction():
        raise RuntimeError("migrate.upgrade needs a connection outside any transaction")
    if sqlite:
        _raw(connection).execute("PRAGMA foreign_keys=OFF")
    try:
        with connection.begin():
            command.upgrade(plan.config(connection), "head")
            if sqlite:
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationFailed(
                        f"the migration would leave {len(problems)} rows pointing at missing "
                        f"rows (first: {tuple(problems[0])}); it was rolled back"
                    )
                connection.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                connection.exec_driver_sql(f"PRAGMA user_version={int(plan.format_version)}")
    finally:
        if sqlite:
            _raw(connection).execute("PRAGMA foreign_keys=ON")


def current_revision(connection: Connection) -> str | None:
    """The Alembic revision stored in the database (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()

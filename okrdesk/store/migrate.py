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

Alembic (with Mako) costs about 0.3 s to import, so it is imported only when a
migration runs or a revision cannot be read from the scripts' text: opening a
workspace that is already at the current format never loads it. The plan reads
``revision`` / ``down_revision`` from the version files directly (as Alembic's
own script template writes them) and asks Alembic only when a file does not
follow that shape.
"""

from __future__ import annotations

import ast
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Alembic is imported where it is used (see the module docstring)
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Connection

APPLICATION_ID = 0x4F4B5244  # "OKRD"
FORMAT_VERSION = 2
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
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("path_separator", "os")
        locations = [MIGRATIONS_DIR / "versions", *self.extra_version_locations]
        cfg.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
        if connection is not None:
            cfg.attributes["connection"] = connection
        return cfg

    def version_locations(self) -> tuple[Path, ...]:
        """The folders holding this plan's revision scripts."""
        return (MIGRATIONS_DIR / "versions", *(Path(p) for p in self.extra_version_locations))

    def script(self) -> ScriptDirectory:
        """The Alembic script directory of this plan."""
        from alembic.script import ScriptDirectory

        return ScriptDirectory.from_config(self.config())

    def head(self) -> str:
        """The revision every workspace is migrated to."""
        graph = read_revisions(self.version_locations())
        if graph is not None:
            heads = set(graph) - {down for down in graph.values() if down is not None}
            if len(heads) == 1:
                return heads.pop()
        head = self.script().get_current_head()
        if head is None:
            raise RuntimeError("okrdesk has no migration scripts; the installation is broken.")
        return head

    def knows(self, revision: str | None) -> bool:
        """True when ``revision`` (None = empty base) is one of this plan's revisions."""
        if revision is None:
            return True
        graph = read_revisions(self.version_locations())
        if graph is not None:
            return revision in graph
        from alembic.util.exc import CommandError

        try:
            return self.script().get_revision(revision) is not None
        except CommandError:
            return False


DEFAULT_PLAN = MigrationPlan()


def read_revisions(locations: Sequence[Path]) -> dict[str, str | None] | None:
    """``{revision: down_revision}`` of every script in ``locations``, read as text.

    Returns None when some script does not assign both as plain string (or
    None) constants, or when a folder is missing: then only Alembic can tell.
    """
    return _read_revisions(tuple(_file_stamps(Path(folder)) for folder in locations))


def _file_stamps(folder: Path) -> tuple[Path, tuple[tuple[str, int, int], ...] | None]:
    """``folder`` with the name, size and mtime of each script (the cache key)."""
    try:
        entries = sorted((e for e in os.scandir(folder) if e.name.endswith(".py") and e.is_file()),
                         key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return folder, None
    return folder, tuple((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries)


@lru_cache(maxsize=16)
def _read_revisions(
    folders: tuple[tuple[Path, tuple[tuple[str, int, int], ...] | None], ...],
) -> dict[str, str | None] | None:
    graph: dict[str, str | None] = {}
    for folder, stamps in folders:
        if stamps is None:
            return None
        for name, _size, _mtime in stamps:
            if name.startswith("__"):
                continue
            found = _script_revision(folder / name)
            if found is None:
                return None
            graph[found[0]] = found[1]
    return graph


def _script_revision(path: Path) -> tuple[str, str | None] | None:
    """(revision, down_revision) assigned at the top level of ``path``, else None."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return None
    values: dict[str, object] = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            names, value = [stmt.target.id], stmt.value
        elif isinstance(stmt, ast.Assign) and all(isinstance(t, ast.Name) for t in stmt.targets):
            names, value = [t.id for t in stmt.targets], stmt.value  # type: ignore[union-attr]
        else:
            continue
        if isinstance(value, ast.Constant):
            for name in names:
                values[name] = value.value
        else:
            for name in names:
                values[name] = ...  # not a plain constant: let Alembic read it
    revision, down = values.get("revision"), values.get("down_revision", ...)
    if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
        return None
    return revision, down


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
    from alembic import command

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

"""Alembic environment of okrdesk workspaces.

Run through ``okrdesk.store.migrate`` (which passes an open connection in
``config.attributes["connection"]``, turns SQLite foreign keys off around the
batch operations and stamps the format version in the same transaction).
Batch mode is on, because SQLite can only ALTER tables by copying them.
"""

from __future__ import annotations

from alembic import context

from okrdesk.store.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "okrdesk migrations run through okrdesk.store.migrate.upgrade(), "
        "which supplies the database connection."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

"""The workspace file: SQLAlchemy models, open/create/migrate/lock/backup, and the
service facade that the UI, the CLI and the Excel code talk to. No Qt."""

"""Rows of the tables to the plain dataclasses of ``okrdesk.domain.entities``.

Reads use Core ``select`` on the tables (no ORM objects are built), and each
row mapping becomes a frozen dataclass with its enum strings turned into the
StrEnums.
"""

from __future__ import annotations

from . import models as m
from .entity_rows import to_entity  # noqa: F401  re-exported: rows to dataclasses

TEAMS = m.TeamRow.__table__
PEOPLE = m.PersonRow.__table__
NODES = m.KpiNodeRow.__table__
LINKS = m.InfluenceLinkRow.__table__
MEASUREMENTS = m.MeasurementRow.__table__
PERIODS = m.PeriodRow.__table__
OBJECTIVES = m.ObjectiveRow.__table__
KEY_RESULTS = m.KeyResultRow.__table__
CHECK_INS = m.CheckInRow.__table__
PROFILES = m.ImportProfileRow.__table__
VALUE_IMPORTS = m.ValueImportRow.__table__
SETTINGS = m.Setting.__table__

TABLES = {t.name: t for t in m.Base.metadata.sorted_tables}

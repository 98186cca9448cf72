"""Settings, teams, people and import profiles."""

from __future__ import annotations

import datetime as dt

import json
from typing import Any

from sqlalchemy import delete, func, select, update

from okrdesk.domain.entities import Grain, ImportProfile, Person, Team

from .cache_keys import CACHE_PREFIX
from .convert import PEOPLE, PROFILES, SETTINGS, TABLES, TEAMS, to_entity
from .errors import NotFound, ValidationError
from .service_base import ServiceBase
from .validation import Position, Ref, Rule, Text, check_refs, clean

GRAIN_KEY = "grain"
NAME_KEY = "name"

TEAM_RULES: dict[str, Rule] = {
    "name": Text(200, required=True),
    "parent_id": Ref("teams", "team"),
    "description": Text(),
}
PERSON_RULES: dict[str, Rule] = {
    "name": Text(200, required=True),
    "email": Text(320),
    "team_id": Ref("teams", "team"),
}


class PeopleService(ServiceBase):
    """Workspace settings, the team tree, people, saved import profiles."""

    # --- settings -------------------------------------------------------------------

    def settings(self) -> dict[str, str]:
        """Every workspace setting as ``{key: value}`` (caches left out)."""
        with self._session() as s:
            rows = s.execute(select(SETTINGS.c.key, SETTINGS.c.value)
                             .where(~SETTINGS.c.key.startswith(CACHE_PREFIX)))
            return {k: v for k, v in rows}

    def setting(self, key: str, default: str | None = None) -> str | None:
        """One setting's value, or ``default`` when it is not set."""
        with self._session() as s:
            value = s.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == key)).scalar()
        return default if value is None else value

    def reporting_grain(self) -> Grain:
        """The bucket size of the workspace (setting ``grain``; month by default)."""
        value = self.setting(GRAIN_KEY)
        try:
            return Grain(value) if value else Grain.MONTH
        except ValueError:
            return Grain.MONTH

    def today(self, clock: dt.date | None = None) -> dt.date:
        """The date the workspace is looked at: its frozen ``as_of`` setting when it has
        one (demo workspaces are snapshots of a company on that day), else ``clock``
        (default: the computer's date). Pace, expected progress and "latest" use it."""
        value = self.setting("as_of")
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return clock or dt.date.today()

    def set_setting(self, key: str, value: str) -> None:
        """Set (or replace) one setting. ``grain`` must be a Grain value."""
        key = Text(64, required=True).clean(key, "key", "Setting")
        value = Text(strip=False).clean(value, "value", f"Setting {key!r}")
        if key == GRAIN_KEY:
            try:
                value = Grain(value).value
            except ValueError:
                allowed = ", ".join(g.value for g in Grain)
                raise ValidationError(
                    f"Setting 'grain': {value!r} is not one of: {allowed}.", "value"
                ) from None
        if key == NAME_KEY and not value.strip():
            raise ValidationError("Setting 'name': the workspace name must not be empty.", "value")
        with self._session(write=True) as s:
            done = s.execute(update(SETTINGS).where(SETTINGS.c.key == key).values(value=value))
            if done.rowcount == 0:
                s.execute(SETTINGS.insert().values(key=key, value=value))

    # --- teams ----------------------------------------------------------------------

    def teams(self) -> list[Team]:
        """Every team, ordered by parent, then position, then id."""
        with self._session() as s:
            rows = s.execute(
                select(TEAMS).order_by(TEAMS.c.parent_id.is_not(None), TEAMS.c.parent_id,
                                       TEAMS.c.position, TEAMS.c.id)
            ).mappings()
            return [to_entity(Team, r) for r in rows]

    def create_team(
        self, name: str, parent_id: int | None = None, description: str = "",
        position: int | None = None,
    ) -> Team:
        """Add a team (appended under its parent unless ``position`` is given)."""
        values = clean(TEAM_RULES, {"name": name, "parent_id": parent_id,
                                    "description": description}, "Team")
        with self._session(write=True) as s:
            check_refs(s, TEAM_RULES, values, TABLES)
            self._check_unique(s, TEAMS, "name", values["name"], None, "Team")
            if position is None:
                position = s.execute(
                    select(func.count()).where(self._same_parent(TEAMS.c.parent_id, parent_id))
                ).scalar_one()
            new_id = s.execute(TEAMS.insert().values(**values, position=int(position),
                                                     revision=1)).inserted_primary_key[0]
            return to_entity(Team, self._row(s, TEAMS, new_id, "team"))

    def update_team(self, team_id: int, **changes: Any) -> Team:
        """Change a team's name, parent, description or position."""
        rules = {**TEAM_RULES, "position": Position()}
        values = clean(rules, changes, f"Team {team_id}")
        with self._session(write=True) as s:
            row = self._row(s, TEAMS, team_id, "team")
            check_refs(s, rules, values, TABLES)
            if "name" in values:
                self._check_unique(s, TEAMS, "name", values["name"], team_id, "Team")
            if values.get("parent_id") is not None:
                self._refuse_team_cycle(s, team_id, values["parent_id"])
            return to_entity(Team, self._apply_update(s, TEAMS, row, values))

    def _refuse_team_cycle(self, s: Any, team_id: int, parent_id: int) -> None:
        seen: set[int] = set()
        current: int | None = parent_id
        while current is not None and current not in seen:
            if current == team_id:
                raise ValidationError(
                    f"Team {team_id} cannot be placed under itself or one of its sub-teams.",
                    "parent_id",
                )
            seen.add(current)
            current = s.execute(select(TEAMS.c.parent_id).where(TEAMS.c.id == current)).scalar()

    def delete_team(self, team_id: int) -> Team:
        """Delete a team; its sub-teams, people, nodes and objectives lose the reference."""
        with self._session(write=True) as s:
            row = self._row(s, TEAMS, team_id, "team")
            s.execute(delete(TEAMS).where(TEAMS.c.id == team_id))
            return to_entity(Team, row)

    # --- people ---------------------------------------------------------------------

    def people(self) -> list[Person]:
        """Every person, ordered by name then id."""
        with self._session() as s:
            rows = s.execute(select(PEOPLE).order_by(PEOPLE.c.name, PEOPLE.c.id)).mappings()
            return [to_entity(Person, r) for r in rows]

    def create_person(self, name: str, email: str = "", team_id: int | None = None) -> Person:
        """Add a person."""
        values = clean(PERSON_RULES, {"name": name, "email": email, "team_id": team_id}, "Person")
        with self._session(write=True) as s:
            check_refs(s, PERSON_RULES, values, TABLES)
            new_id = s.execute(PEOPLE.insert().values(**values, revision=1)).inserted_primary_key[0]
            return to_entity(Person, self._row(s, PEOPLE, new_id, "person"))

    def update_person(self, person_id: int, **changes: Any) -> Person:
        """Change a person's name, email or team."""
        values = clean(PERSON_RULES, changes, f"Person {person_id}")
        with self._session(write=True) as s:
            row = self._row(s, PEOPLE, person_id, "person")
            check_refs(s, PERSON_RULES, values, TABLES)
            return to_entity(Person, self._apply_update(s, PEOPLE, row, values))

    def delete_person(self, person_id: int) -> Person:
        """Delete a person; what they owned keeps no owner."""
        with self._session(write=True) as s:
            row = self._row(s, PEOPLE, person_id, "person")
            s.execute(delete(PEOPLE).where(PEOPLE.c.id == person_id))
            return to_entity(Person, row)

    # --- import profiles ------------------------------------------------------------

    def import_profiles(self) -> list[ImportProfile]:
        """Every saved import profile, by name."""
        with self._session() as s:
            rows = s.execute(select(PROFILES).order_by(PROFILES.c.name)).mappings()
            return [to_entity(ImportProfile, r) for r in rows]

    def save_import_profile(self, name: str, definition: str | dict[str, Any]) -> ImportProfile:
        """Save a profile under ``name`` (replacing one of that name); ``definition`` is JSON."""
        name = Text(200, required=True).clean(name, "name", "Import profile")
        if isinstance(definition, dict):
            definition = json.dumps(definition, sort_keys=True)
        if not isinstance(definition, str):
            raise ValidationError(
                f"Import profile {name!r}: definition must be a JSON text or a dict.", "definition"
            )
        try:
            json.loads(definition)
        except ValueError as exc:
            raise ValidationError(
                f"Import profile {name!r}: definition is not valid JSON ({exc}).", "definition"
            ) from None
        with self._session(write=True) as s:
            existing = s.execute(select(PROFILES.c.id).where(PROFILES.c.name == name)).scalar()
            if existing is None:
                existing = s.execute(
                    PROFILES.insert().values(name=name, definition=definition)
                ).inserted_primary_key[0]
            else:
                s.execute(update(PROFILES).where(PROFILES.c.id == existing)
                          .values(definition=definition, updated_at=func.now()))
            return to_entity(ImportProfile, self._row(s, PROFILES, existing, "import profile"))

    def delete_import_profile(self, name_or_id: str | int) -> ImportProfile:
        """Delete a saved profile, given by name or id; returns what was deleted."""
        with self._session(write=True) as s:
            col = PROFILES.c.name if isinstance(name_or_id, str) else PROFILES.c.id
            row = s.execute(select(PROFILES).where(col == name_or_id)).mappings().first()
            if row is None:
                raise NotFound("import profile", name_or_id)
            s.execute(delete(PROFILES).where(PROFILES.c.id == row["id"]))
            return to_entity(ImportProfile, row)

    # --- whole workspace ------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """The number of rows of every table, by table name."""
        with self._session() as s:
            return {
                name: s.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in TABLES.items()
            }


"""Named what-if scenarios, kept in the workspace's ``settings`` table (no table of their own).

Every scenario of the workspace lives in one setting, ``whatif_scenarios``, as
the JSON document of :mod:`okrdesk.domain.scenarios`. Each change reads,
changes and writes that document in one write transaction. Scenarios are not
data: they are never measurements, never exported, and not on the undo stack
(see the README, "What-if").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from okrdesk.domain.scenarios import Scenario, ScenarioValue, clean_name, decode, encode

from .convert import SETTINGS
from .errors import ValidationError
from .service_base import ServiceBase

SCENARIOS_KEY = "whatif_scenarios"


class ScenarioService(ServiceBase):
    """List, save, rename and delete named what-if scenarios."""

    def whatif_scenarios(self) -> list[Scenario]:
        """Every saved scenario, by name (case-insensitive)."""
        with self._session() as s:
            return self._load_scenarios(s)

    def whatif_scenario(self, name: str) -> Scenario:
        """The scenario called ``name`` (case-insensitive); ValidationError when there is none."""
        with self._session() as s:
            scenarios = self._load_scenarios(s)
        return scenarios[self._find(scenarios, self._name(name))]

    def save_whatif_scenario(self, name: str, values: Sequence[ScenarioValue], *, replace: bool = False,
                             saved: dt.datetime | None = None) -> Scenario:
        """Keep ``values`` under ``name``. A scenario of that name is replaced only with
        ``replace``; otherwise ValidationError. ``saved`` defaults to now."""
        name = self._name(name)
        values = tuple(self._check_value(v, k) for k, v in enumerate(values, start=1))
        if not values:
            raise ValidationError(f"Scenario “{name}”: there are no what-if values to keep.", "values")
        scenario = Scenario(name, values, (saved or dt.datetime.now()).replace(microsecond=0))
        with self._session(write=True) as s:
            scenarios = self._load_scenarios(s)
            same = [k for k, other in enumerate(scenarios) if other.name.casefold() == name.casefold()]
            if same and not replace:
                raise ValidationError(f"A scenario called “{scenarios[same[0]].name}” already exists.", "name")
            scenarios = [other for k, other in enumerate(scenarios) if k not in same] + [scenario]
            self._store_scenarios(s, scenarios)
        return scenario

    def rename_whatif_scenario(self, name: str, new_name: str) -> Scenario:
        """Give the scenario ``name`` the name ``new_name`` (which no other scenario has)."""
        name, new_name = self._name(name), self._name(new_name)
        with self._session(write=True) as s:
            scenarios = self._load_scenarios(s)
            k = self._find(scenarios, name)
            for j, other in enumerate(scenarios):
                if j != k and other.name.casefold() == new_name.casefold():
                    raise ValidationError(f"A scenario called “{other.name}” already exists.", "name")
            renamed = Scenario(new_name, scenarios[k].values, scenarios[k].saved)
            scenarios[k] = renamed
            self._store_scenarios(s, scenarios)
        return renamed

    def delete_whatif_scenario(self, name: str) -> Scenario:
        """Delete the scenario ``name``; returns it."""
        name = self._name(name)
        with self._session(write=True) as s:
            scenarios = self._load_scenarios(s)
            gone = scenarios.pop(self._find(scenarios, name))
            self._store_scenarios(s, scenarios)
        return gone

    # --- helpers ----------------------------------------------------------------------

    @staticmethod
    def _name(name: object) -> str:
        try:
            return clean_name(name)
        except ValueError as error:
            raise ValidationError(f"{error}.", "name") from None

    @staticmethod
    def _check_value(value: ScenarioValue, k: int) -> ScenarioValue:
        if not isinstance(value, ScenarioValue):
            raise ValidationError(f"What-if value {k} is not a ScenarioValue: {value!r}.", "values")
        try:
            encode([Scenario("check", (value,))])
        except (TypeError, ValueError):
            raise ValidationError(f"What-if value {k} ({value.code}): {value.value!r} is not a finite number.",
                                  "values") from None
        return value

    @staticmethod
    def _find(scenarios: list[Scenario], name: str) -> int:
        for k, scenario in enumerate(scenarios):
            if scenario.name.casefold() == name.casefold():
                return k
        raise ValidationError(f"There is no scenario called “{name}”.", "name")

    @staticmethod
    def _load_scenarios(s: Session) -> list[Scenario]:
        text = s.execute(select(SETTINGS.c.value).where(SETTINGS.c.key == SCENARIOS_KEY)).scalar()
        try:
            scenarios = decode(text)
        except ValueError as error:
            raise ValidationError(f"Setting '{SCENARIOS_KEY}': {error}. The saved scenarios are left as they are.",
                                  SCENARIOS_KEY) from None
        return sorted(scenarios, key=lambda sc: sc.name.casefold())

    @staticmethod
    def _store_scenarios(s: Session, scenarios: list[Scenario]) -> None:
        value = encode(sorted(scenarios, key=lambda sc: sc.name.casefold()))
        done = s.execute(update(SETTINGS).where(SETTINGS.c.key == SCENARIOS_KEY).values(value=value))
        if done.rowcount == 0:
            s.execute(SETTINGS.insert().values(key=SCENARIOS_KEY, value=value))

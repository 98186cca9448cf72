"""The service facade of a workspace: the one way the UI, the CLI and the Excel code
read and change data.

Every method runs in its own Session and transaction and returns the plain
dataclasses of ``okrdesk.domain.entities`` (never ORM objects). Edits raise
``ValidationError`` (or its subclass ``NotFound``) for bad input and then change
nothing; on a read-only workspace they raise ``WorkspaceReadOnly``.

The methods live in topic mixins: ``PeopleService`` (settings, teams, people,
import profiles, counts), ``TreeService`` (KPI nodes, links),
``ValuesService`` (measurements), ``OkrService`` (periods, objectives, key
results, check-ins), ``ScenarioService`` (named what-if scenarios, kept in
the settings table), ``ImportsService`` (values-import history);
``BatchService`` (first, so that its ``transaction()``
can make every other method join one outer transaction).
"""

from __future__ import annotations

from .service_batch import BatchService
from .service_imports import ImportsService
from .service_okr import OkrService
from .service_people import PeopleService
from .service_scenarios import ScenarioService
from .service_tree import TreeService
from .service_values import ValuesService
from .snapshots import KeyResultSnapshot, NodeSubtreeSnapshot, ObjectiveSnapshot


class WorkspaceService(BatchService, PeopleService, TreeService, ValuesService, OkrService,
                       ScenarioService, ImportsService):
    """Everything a workspace holds, read and edited one transaction per call."""


__all__ = ["KeyResultSnapshot", "NodeSubtreeSnapshot", "ObjectiveSnapshot", "WorkspaceService"]

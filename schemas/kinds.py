"""The three activity logs and the organisation lists, each with its models and spec."""

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field, create_model

from schemas.abstraction import Abstraction, AbstractionCreate
from schemas.activity import ActivityFields, RecordFields
from schemas.base import StrictModel
from schemas.duty import Duty
from schemas.engagement import Engagement, EngagementCreate
from schemas.hotspot import Hotspot
from schemas.lpa import Lpa
from schemas.patrol import Patrol, PatrolCreate
from schemas.person import Person
from schemas.priority import Priority
from schemas.spec import ListSpec, list_spec
from schemas.team import Team


def partial(model: type[BaseModel], name: str) -> type[StrictModel]:
    """The model for PATCH: every field optional, limits kept, cross-field rules left to core."""
    fields: dict[str, Any] = {}
    for field_name, field in model.model_fields.items():
        annotation: Any = field.annotation
        if field.metadata:
            annotation = Annotated[(annotation, *field.metadata)]  # type: ignore[valid-type]
        fields[field_name] = (annotation | None, Field(None, description=field.description))
    return create_model(
        name, __base__=StrictModel, __doc__=f"Changes to {model.__name__}.", **fields
    )


@dataclass(frozen=True)
class ActivityKind:
    name: str
    collection: str
    create: type[ActivityFields]
    update: type[StrictModel]
    read: type[RecordFields]
    spec: ListSpec

    @property
    def read_only(self) -> frozenset[str]:
        return frozenset(c.name for c in self.spec.columns if c.read_only) | {"dip_check"}


def _kind(
    name: str, collection: str, create: type[ActivityFields], read: type[Any]
) -> ActivityKind:
    title = collection.capitalize()
    update = partial(create, f"{create.__name__.removesuffix('Create')}Update")
    return ActivityKind(
        name, collection, create, update, read, list_spec(name, title, read, create)
    )


ENGAGEMENT = _kind("engagement", "engagements", EngagementCreate, Engagement)
PATROL = _kind("patrol", "patrols", PatrolCreate, Patrol)
ABSTRACTION = _kind("abstraction", "abstractions", AbstractionCreate, Abstraction)

ACTIVITY_KINDS: dict[str, ActivityKind] = {k.name: k for k in (ENGAGEMENT, PATROL, ABSTRACTION)}
BY_COLLECTION: dict[str, ActivityKind] = {k.collection: k for k in ACTIVITY_KINDS.values()}

ORGANISATION_LISTS: dict[str, tuple[type[StrictModel], ListSpec]] = {
    spec.name: (model, spec)
    for model, spec in (
        (Lpa, list_spec("lpa", "Local policing areas", Lpa)),
        (Team, list_spec("team", "Neighbourhood teams", Team)),
        (Person, list_spec("person", "People", Person)),
        (Priority, list_spec("priority", "Neighbourhood priorities", Priority)),
        (Hotspot, list_spec("hotspot", "Hotspots", Hotspot)),
    )
}

DUTY_SPEC = list_spec("duty", "Rostered duties", Duty)
"""Duties are not a list in Microsoft Lists: they come from Shifts or a roster import."""

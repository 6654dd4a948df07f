"""Every table, imported here so that SQLModel.metadata (and Alembic) sees them all."""

from storage.models import (
    after,
    deliveries,
    discord,
    events,
    insights,
    journey,
    members,
    people,
    resources,
    sharing,
    slack,
    topics,
)

__all__ = [
    "after",
    "deliveries",
    "discord",
    "events",
    "insights",
    "journey",
    "members",
    "people",
    "resources",
    "sharing",
    "slack",
    "topics",
]

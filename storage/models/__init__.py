"""Every table, imported here so that SQLModel.metadata (and Alembic) sees them all."""

from storage.models import (
    deliveries,
    discord,
    events,
    insights,
    journey,
    members,
    people,
    resources,
    rsvps,
    sharing,
    slack,
    topics,
)

__all__ = [
    "deliveries",
    "discord",
    "events",
    "insights",
    "journey",
    "members",
    "people",
    "resources",
    "rsvps",
    "sharing",
    "slack",
    "topics",
]

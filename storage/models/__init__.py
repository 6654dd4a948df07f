"""Every table, imported here so that SQLModel.metadata (and Alembic) sees them all."""

from storage.models import (
    after,
    deliveries,
    discord,
    events,
    insights,
    journey,
    journey_goals,
    members,
    people,
    resources,
    rsvps,
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
    "journey_goals",
    "members",
    "people",
    "resources",
    "rsvps",
    "sharing",
    "slack",
    "topics",
]

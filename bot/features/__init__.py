"""The composition: every feature the bot ships with, in one list.

Each feature is a package under bot/features/ that owns one Router (its commands, buttons,
forms, jobs, middleware) and, if it has a ``[section]`` in config.toml, its settings model.
Routers are merged in this order and middleware runs in this order around every handler:
ops counts the call, members resolves the person, insights counts the member as active.
`adapters/runtime.py` hands COMPOSITION to the config, the app and the runtime; the kernel
(bot/ outside this package) never imports a feature.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.composition import Composition, Feature
from bot.config import Settings
from bot.config import load_settings as load_with
from bot.features.digest.commands import router as digest
from bot.features.digest.settings import DigestSettings
from bot.features.events import starter as events_starter
from bot.features.events import zones
from bot.features.events.commands import router as events
from bot.features.events.settings import EventsSettings
from bot.features.help.commands import router as help_router
from bot.features.housekeeping.jobs import router as housekeeping
from bot.features.insights.commands import router as insights
from bot.features.insights.settings import InsightsSettings
from bot.features.journey import starter as journey_starter
from bot.features.journey.commands import router as journey
from bot.features.journey.settings import JourneySettings
from bot.features.members.link import router as members
from bot.features.ops.activity import router as ops
from bot.features.privacy.commands import router as privacy
from bot.features.resources import starter as resources_starter
from bot.features.resources.commands import router as resources
from bot.features.resources.settings import ResourcesSettings
from bot.features.resources.sharing import router as sharing
from bot.features.settings.commands import router as settings_router
from bot.features.topics import starter as topics_starter
from bot.features.topics.commands import router as topics
from bot.features.topics.settings import TopicsSettings
from bot.router import Router

FEATURES: tuple[Feature, ...] = (
    Feature("ops", ops),
    Feature("help", help_router),
    Feature("housekeeping", housekeeping),
    Feature("privacy", privacy),
    Feature("members", members),
    Feature("resources", resources, ResourcesSettings, resources_starter.load),
    Feature("sharing", sharing),
    Feature("events", events, EventsSettings, events_starter.load),
    Feature("topics", topics, TopicsSettings, topics_starter.load),
    Feature("journey", journey, JourneySettings, journey_starter.load),
    Feature("digest", digest, DigestSettings),
    Feature("settings", settings_router),
    Feature("insights", insights, InsightsSettings),
)
COMPOSITION = Composition(FEATURES, resolve_zone=zones.resolve)
# The composed settings model: the kernel's sections and every feature's.
AppSettings: type[Settings] = COMPOSITION.settings_model


def build_router(extra: Sequence[Router] = ()) -> Router:
    return COMPOSITION.router(extra)


def parse_settings(data: Mapping[str, object], source: str = "<config>") -> Settings:
    return COMPOSITION.schema.parse(data, source)


def load_settings(path: str | Path | None = None) -> Settings:
    return load_with(path, COMPOSITION.schema)

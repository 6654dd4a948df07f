"""Configuration: a TOML file validated by pydantic, secrets only from the environment.

An error names the file and the dotted key (``config.toml: slack.mode: ...``). A missing
file means the defaults, which run the console demo on a local SQLite file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.durations import parse_duration
from bot.features.events.settings import EventsSettings
from bot.features.insights.settings import InsightsSettings
from bot.features.journey.settings import JourneySettings
from bot.features.resources.settings import ResourcesSettings
from bot.features.topics.settings import TopicsSettings
from bot.model import Place

Purpose = Literal["announcements", "journey", "suggestions", "organizers"]


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BotSettings(_Section):
    name: str = "collab-bot"
    collaborative: str = "P4HE Collaborative"
    timezone: str = "America/Chicago"
    starter_pack: bool = True

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"unknown time zone {value!r}; use a name like America/Chicago"
            ) from error
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class DatabaseSettings(_Section):
    path: str = "collab-bot.db"
    url: str = ""
    echo: bool = False
    pool_size: int = Field(default=10, ge=1)

    def resolved_url(self, env: Mapping[str, str]) -> str:
        """The URL to connect to; the password, if any, comes from the environment."""
        url = env.get("COLLAB_BOT_DATABASE_URL") or self.url
        if not url:
            return f"sqlite+aiosqlite:///{self.path}"
        password = env.get("COLLAB_BOT_DATABASE_PASSWORD")
        if password and "://" in url:
            from sqlalchemy.engine import make_url

            return make_url(url).set(password=password).render_as_string(hide_password=False)
        return url


class Channels(_Section):
    announcements: list[str] = []
    journey: list[str] = []
    suggestions: list[str] = []
    organizers: list[str] = []


class SlackSettings(_Section):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    api_url: str = "https://slack.com/api/"
    organizer_user_ids: list[str] = []
    organizer_usergroup: str = ""
    channels: Channels = Channels()


class DiscordSettings(_Section):
    enabled: bool = False
    command_sync: Literal["guild", "global"] = "guild"
    guild_ids: list[int] = []
    organizer_role_ids: list[int] = []
    organizer_user_ids: list[int] = []
    message_content_intent: bool = False
    mirror_scheduled_events: bool = False
    channels: Channels = Channels()


class ConsoleSettings(_Section):
    organizers: list[str] = []
    channels: Channels = Channels(
        announcements=["announcements"],
        journey=["journey"],
        suggestions=["suggestions"],
        organizers=["organizers"],
    )


class HttpSettings(_Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    public_url: str = ""


class SchedulerSettings(_Section):
    poll_seconds: float = Field(default=1.0, gt=0, le=60)
    lease_seconds: float = Field(default=60.0, gt=0)
    batch_size: int = Field(default=50, ge=1, le=1000)
    concurrency: int = Field(default=8, ge=1, le=100)
    max_attempts: int = Field(default=5, ge=1, le=50)
    late_after: str = "1m"
    retention: str = "90d"

    @field_validator("late_after", "retention")
    @classmethod
    def _duration(cls, value: str) -> str:
        parse_duration(value)
        return value


class LoggingSettings(_Section):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    json_lines: bool = False


class Settings(_Section):
    bot: BotSettings = BotSettings()
    database: DatabaseSettings = DatabaseSettings()
    slack: SlackSettings = SlackSettings()
    discord: DiscordSettings = DiscordSettings()
    console: ConsoleSettings = ConsoleSettings()
    http: HttpSettings = HttpSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    logging: LoggingSettings = LoggingSettings()
    resources: ResourcesSettings = ResourcesSettings()
    events: EventsSettings = EventsSettings()
    topics: TopicsSettings = TopicsSettings()
    journey: JourneySettings = JourneySettings()
    insights: InsightsSettings = InsightsSettings()

    def channels(self, platform: str) -> Channels:
        section: SlackSettings | DiscordSettings | ConsoleSettings = getattr(self, platform)
        return section.channels

    def places(self, purpose: Purpose, platforms: tuple[str, ...]) -> list[Place]:
        """Every configured channel for `purpose` on the given (enabled) platforms."""
        return [
            Place(platform, channel)
            for platform in platforms
            for channel in getattr(self.channels(platform), purpose)
        ]


@dataclass(frozen=True)
class Secrets:
    """Tokens and passwords, read from the environment only and never logged."""

    slack_bot_token: str = ""
    slack_app_token: str = ""
    slack_signing_secret: str = ""
    discord_token: str = ""
    insights_key: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            discord_token=env.get("DISCORD_TOKEN", ""),
            insights_key=env.get("COLLAB_BOT_INSIGHTS_KEY", ""),
        )

    def values(self) -> list[str]:
        return [
            v
            for v in (
                self.slack_bot_token,
                self.slack_app_token,
                self.slack_signing_secret,
                self.discord_token,
                self.insights_key,
            )
            if v
        ]

    def __repr__(self) -> str:
        return "Secrets(<hidden>)"


_SECRET_WORDS = ("token", "secret", "password")


def _format(error: ValidationError, source: str) -> str:
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"])
        message = problem["msg"]
        if problem["type"] == "extra_forbidden":
            last = str(problem["loc"][-1]).lower()
            if any(word in last for word in _SECRET_WORDS):
                message = "secrets are read from the environment, never from the config file"
            else:
                message = "unknown setting (see config.example.toml for the ones there are)"
        lines.append(f"{source}: {key}: {message}")
    return "\n".join(lines)


def parse_settings(data: Mapping[str, object], source: str = "<config>") -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_format(error, source)) from None


def load_settings(path: str | Path | None = None) -> Settings:
    """Settings from `path`; no path and no ./config.toml means the defaults."""
    if path is None:
        default = Path("config.toml")
        if not default.exists():
            return Settings()
        path = default
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return parse_settings(data, str(path))

"""Configuration: a TOML file validated by pydantic, secrets only from the environment.

An error names the file and the dotted key (``config.toml: slack.mode: ...``). A missing
file means the defaults, which run the console demo on a local SQLite file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)

from bot.durations import parse_duration
from bot.errors import BadInput
from bot.i18n.catalogs import SOURCE, has_catalog, translations
from bot.member_limits import LimitsSettings
from bot.model import Place

Purpose = Literal["announcements", "journey", "suggestions", "organizers"]
# A time zone as people type it -> its tz name; raises BadInput. The composition provides
# one (events reads "Central" or "CST"); without it only tz names are known.
ZoneResolver = Callable[[str], str]
RESOLVE_ZONE = "resolve_zone"
S = TypeVar("S", bound=BaseModel)


class ConfigError(Exception):
    """The config file cannot be used; the message names the file and key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BotSettings(_Section):
    name: str = "collab-bot"
    collaborative: str = "P4HE Collaborative"
    timezone: str = "America/Chicago"
    starter_pack: bool = True
    # What members are answered in when neither they (/language) nor their platform say;
    # `languages` are those offered, each with bot/locale/<code>/LC_MESSAGES/messages.po.
    language: str = "en"
    languages: tuple[str, ...] = ("en", "es")

    @field_validator("languages")
    @classmethod
    def _have_catalogs(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        missing = [code for code in value if not has_catalog(code)]
        if missing:
            raise ValueError(
                f"no catalog for {', '.join(missing)}: add bot/locale/<code>/LC_MESSAGES/"
                "messages.po (docs/languages.md)"
            )
        for code in value:
            try:
                translations(code)  # compiled now, at start: a broken .po fails here
            except Exception as error:
                raise ValueError(f"the {code} catalog cannot be read: {error}") from None
        return value if SOURCE in value else (SOURCE, *value)

    @model_validator(mode="after")
    def _offered(self) -> BotSettings:
        if self.language not in self.languages:
            raise ValueError(
                f"language {self.language!r} is not in languages {list(self.languages)}"
            )
        return self

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str, info: ValidationInfo) -> str:
        context = info.context if isinstance(info.context, dict) else {}
        resolve: ZoneResolver = context.get(RESOLVE_ZONE) or _tz_name
        try:
            return resolve(value)
        except BadInput as error:
            raise ValueError(error.message) from None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class DatabaseSettings(_Section):
    path: str = "collab-bot.db"
    url: str = ""
    echo: bool = False
    pool_size: int = Field(default=10, ge=1)

    @field_validator("url")
    @classmethod
    def _no_password(cls, value: str) -> str:
        if "://" in value and urlsplit(value).password:
            raise ValueError(
                "a password in the URL is refused: secrets are read from the environment, "
                "set COLLAB_BOT_DATABASE_PASSWORD (or COLLAB_BOT_DATABASE_URL) instead"
            )
        return value

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
    # Read each member's time zone from their Slack profile (users.info) again when the
    # last reading is older than this many days; 0 never reads it.
    profile_zone_days: float = Field(default=3.0, ge=0)
    channels: Channels = Channels()


class DiscordSettings(_Section):
    enabled: bool = False
    api_url: str = "https://discord.com/api/v10"
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
    limits: LimitsSettings = LimitsSettings()
    # Each feature's own section is added by `compose_settings`; features read theirs with
    # `settings.section(TheirSettings)`.

    def section(self, kind: type[S]) -> S:
        """The feature section of this type (``settings.section(EventsSettings)``)."""
        for name, info in type(self).model_fields.items():
            if info.annotation is kind:
                found = getattr(self, name)
                assert isinstance(found, kind)
                return found
        raise LookupError(f"no {kind.__name__} section: settings not composed with it")

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
    calendar_secret: str = ""
    database_password: str = ""
    insights_key: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Secrets:
        env = os.environ if env is None else env
        return cls(
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            discord_token=env.get("DISCORD_TOKEN", ""),
            calendar_secret=env.get("COLLAB_BOT_CALENDAR_SECRET", ""),
            database_password=env.get("COLLAB_BOT_DATABASE_PASSWORD", "")
            or _url_password(env.get("COLLAB_BOT_DATABASE_URL", "")),
            insights_key=env.get("COLLAB_BOT_INSIGHTS_KEY", ""),
        )

    def values(self) -> list[str]:
        return [
            v.strip()
            for v in (
                self.slack_bot_token,
                self.slack_app_token,
                self.slack_signing_secret,
                self.discord_token,
                *self.calendar_secret.split(","),
                self.database_password,
                self.insights_key,
            )
            if v.strip()
        ]

    def __repr__(self) -> str:
        return "Secrets(<hidden>)"


def _url_password(url: str) -> str:
    """The password written inside a database URL, if any (so logs can redact it)."""
    if "://" not in url:
        return ""
    try:
        return unquote(urlsplit(url).password or "")
    except ValueError:
        return ""


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


def _tz_name(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ValueError, KeyError):
        raise BadInput(f"{value!r} is not a time zone name such as America/Chicago") from None
    return value


def compose_settings(sections: Mapping[str, type[BaseModel]]) -> type[Settings]:
    """The kernel's Settings plus one section per feature, each at its defaults."""
    fields: dict[str, object] = {name: (kind, kind()) for name, kind in sections.items()}
    return create_model("Settings", __base__=Settings, **fields)  # type: ignore[call-overload, no-any-return]


@dataclass(frozen=True)
class Schema:
    """What config is read into: the composed model and how to read a time zone."""

    model: type[Settings] = Settings
    resolve_zone: ZoneResolver | None = field(default=None)

    def parse(self, data: Mapping[str, object], source: str = "<config>") -> Settings:
        try:
            return self.model.model_validate(data, context={RESOLVE_ZONE: self.resolve_zone})
        except ValidationError as error:
            raise ConfigError(_format(error, source)) from None


def parse_settings(
    data: Mapping[str, object], source: str = "<config>", schema: Schema | None = None
) -> Settings:
    return (schema or Schema()).parse(data, source)


def load_settings(path: str | Path | None = None, schema: Schema | None = None) -> Settings:
    """Settings from `path`; no path and no ./config.toml means the defaults."""
    schema = schema or Schema()
    if path is None:
        default = Path("config.toml")
        if not default.exists():
            return schema.parse({})
        path = default
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    return schema.parse(data, str(path))

"""Config: the shipped example loads, errors name the file and key, secrets stay out."""

from pathlib import Path

import pytest

from bot.config import ConfigError, Secrets
from bot.features import AppSettings as Settings
from bot.features import load_settings, parse_settings

ROOT = Path(__file__).resolve().parents[2]


def test_example_config_loads_and_matches_defaults() -> None:
    settings = load_settings(ROOT / "config.example.toml")
    assert settings == Settings()


def test_every_setting_is_documented_in_the_example() -> None:
    example = (ROOT / "config.example.toml").read_text()

    def keys(model: object, prefix: str = "") -> list[str]:
        out = []
        for name in type(model).model_fields:  # type: ignore[attr-defined]
            value = getattr(model, name)
            if hasattr(type(value), "model_fields") and not isinstance(value, list):
                out += keys(value, f"{prefix}{name}.")
            else:
                out.append(f"{prefix}{name}")
        return out

    missing = [k for k in keys(Settings()) if f"\n{k.rsplit('.', 1)[-1]} =" not in example]
    assert missing == []


def test_error_names_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[slack]\nmode = "carrier-pigeon"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(path) in str(caught.value)
    assert "slack.mode" in str(caught.value)


def test_unknown_key_and_secret_in_file_are_refused() -> None:
    with pytest.raises(ConfigError, match=r"bot\.colour: unknown setting"):
        parse_settings({"bot": {"colour": "blue"}})
    with pytest.raises(ConfigError, match="environment"):
        parse_settings({"slack": {"bot_token": "xoxb-1"}})


def test_bad_timezone_is_named() -> None:
    with pytest.raises(ConfigError, match=r"bot\.timezone"):
        parse_settings({"bot": {"timezone": "Mars/Olympus"}})


def test_missing_file_is_an_error_but_no_file_means_defaults(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "nope.toml")
    monkeypatch.chdir(tmp_path)
    assert load_settings() == Settings()


def test_secrets_come_from_environment_and_hide_in_repr() -> None:
    secrets = Secrets.from_env({"SLACK_BOT_TOKEN": "xoxb-secret", "DISCORD_TOKEN": "abc"})
    assert secrets.slack_bot_token == "xoxb-secret"
    assert "xoxb-secret" not in repr(secrets)
    assert set(secrets.values()) == {"xoxb-secret", "abc"}


def test_database_password_comes_from_environment() -> None:
    settings = parse_settings({"database": {"url": "postgresql+asyncpg://bot@db/collab"}})
    url = settings.database.resolved_url({"COLLAB_BOT_DATABASE_PASSWORD": "s3cret"})
    assert url == "postgresql+asyncpg://bot:s3cret@db/collab"
    assert settings.database.resolved_url({}).endswith("bot@db/collab")

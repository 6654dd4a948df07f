"""Discord's own limits, and lints that check a command or a message payload against them.

Written from Discord's documentation (discord/discord-api-docs: resources/message "Embed
Limits", components/reference, interactions/receiving-and-responding, interactions/
application-commands). discord.py checks few of these locally, so the renderer, the
components and the command tree clamp to these values; the tests' fake Discord enforces its
own copy, so a wrong value here shows up as a refused request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from enum import IntEnum
from typing import Any

CONTENT = 2000
EMBEDS = 10
EMBED_TOTAL = 6000
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
EMBED_AUTHOR = 256
BUTTON_LABEL = 80
CUSTOM_ID = 100
BUTTONS_PER_ROW = 5
ROWS = 5
MODAL_TITLE = 45
MODAL_INPUTS = 5
INPUT_LABEL = 45
INPUT_VALUE = 4000  # a text input's value, and its min_length (0-4000) / max_length (1-4000)
INPUT_PLACEHOLDER = 100
LABEL_DESCRIPTION = 100
SELECT_OPTIONS = 25
SELECT_OPTION_TEXT = 100  # an option's label, value and description
SELECT_PLACEHOLDER = 150
COMMAND_NAME_LENGTH = 32
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
CONTEXT_MENU_NAME = re.compile(r"^[-_' \w]{1,32}$")
COMMAND_DESCRIPTION = 100
COMMAND_OPTIONS = 25
COMMAND_CHOICES = 25
COMMAND_TOTAL = 8000
# Per app, global (the same again per guild): docs/interactions/application-commands.mdx,
# "Registering a Command" (newer revisions of that page say 15 message commands; 5 holds
# under both).
CHAT_INPUT_COMMANDS = 100
MESSAGE_COMMANDS = 5
AUTOCOMPLETE_CHOICES = 25
CHOICE_TEXT = 100  # a command choice's (or autocomplete suggestion's) name and value
NONCE = 25
THREAD_NAME = 100  # channel: Start Thread from Message
EVENT_NAME = 100  # guild-scheduled-event: Create Guild Scheduled Event
EVENT_DESCRIPTION = 1000
EVENT_LOCATION = 100


class ResponseType(IntEnum):
    """Interaction callback types (receiving-and-responding: Interaction Callback Type)."""

    PONG = 1
    CHANNEL_MESSAGE_WITH_SOURCE = 4
    DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE = 5
    DEFERRED_UPDATE_MESSAGE = 6
    UPDATE_MESSAGE = 7
    APPLICATION_COMMAND_AUTOCOMPLETE_RESULT = 8
    MODAL = 9


def _name_problems(where: str, name: str) -> list[str]:
    # \w is Unicode letters, digits and underscore: Discord's ^[-_\p{L}\p{N}]{1,32}$
    if not COMMAND_NAME.fullmatch(name) or name != name.lower():
        return [f"{where}: name {name!r} is not 1-32 lowercase letters, digits, - or _"]
    return []


def _described(where: str, item: Mapping[str, Any]) -> list[str]:
    found = _name_problems(where, str(item.get("name", "")))
    description = str(item.get("description", ""))
    if not 1 <= len(description) <= COMMAND_DESCRIPTION:
        found.append(f"{where}: description is {len(description)} characters (1-100)")
    return found


def _text_size(item: Mapping[str, Any]) -> int:
    size = len(str(item.get("name", ""))) + len(str(item.get("description", "")))
    for choice in item.get("choices", []) or []:
        size += len(str(choice["name"])) + len(str(choice["value"]))
    for option in item.get("options", []) or []:
        size += _text_size(option)
    return size


def _menu_problems(command: Mapping[str, Any]) -> list[str]:
    """A message (or user) command: a 1-32 character name that may be mixed case with
    spaces, an empty description, no options."""
    name = str(command.get("name", ""))
    found = []
    if not CONTEXT_MENU_NAME.fullmatch(name):
        found.append(f"{name!r}: not a 1-32 character message command name")
    if command.get("description") or command.get("options"):
        found.append(f"{name!r}: a message command has no description or options")
    return found


def command_problems(command: Mapping[str, Any]) -> list[str]:
    """Every Discord limit a command's to_dict() breaks (empty when it can be synced)."""
    if command.get("type", 1) != 1:
        return _menu_problems(command)
    top = f"/{command.get('name')}"
    found = _described(top, command)
    found += _option_problems(top, command.get("options", []) or [])
    if _text_size(command) > COMMAND_TOTAL:
        found.append(f"{top}: names, descriptions and choices exceed {COMMAND_TOTAL} characters")
    return found


def _option_problems(where: str, options: Sequence[Mapping[str, Any]]) -> list[str]:
    found = []
    if len(options) > COMMAND_OPTIONS:
        found.append(f"{where}: {len(options)} options > {COMMAND_OPTIONS}")
    names = [str(o.get("name")) for o in options]
    if len(set(names)) != len(names):
        found.append(f"{where}: option names repeat: {names}")
    seen_optional = False
    for option in options:
        path = f"{where} {option.get('name')}"
        found += _described(path, option)
        choices = option.get("choices", []) or []
        if len(choices) > COMMAND_CHOICES:
            found.append(f"{path}: {len(choices)} choices > {COMMAND_CHOICES}")
        if choices and option.get("autocomplete"):
            found.append(f"{path}: choices and autocomplete cannot be combined")
        if option.get("type") in (1, 2):
            found += _option_problems(path, option.get("options", []) or [])
            continue
        if option.get("required") and seen_optional:
            found.append(f"{path}: a required option follows an optional one")
        seen_optional = seen_optional or not option.get("required")
    return found


def embed_size(embed: Mapping[str, Any]) -> int:
    fields = embed.get("fields", []) or []
    return (
        len(embed.get("title", "") or "")
        + len(embed.get("description", "") or "")
        + len((embed.get("footer") or {}).get("text", "") or "")
        + len((embed.get("author") or {}).get("name", "") or "")
        + sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
    )


def _embed_problems(n: int, embed: Mapping[str, Any]) -> list[str]:
    found = []
    if len(embed.get("title", "") or "") > EMBED_TITLE:
        found.append(f"embed {n} title > {EMBED_TITLE}")
    if len(embed.get("description", "") or "") > EMBED_DESCRIPTION:
        found.append(f"embed {n} description > {EMBED_DESCRIPTION}")
    fields = embed.get("fields", []) or []
    if len(fields) > EMBED_FIELDS:
        found.append(f"embed {n} has {len(fields)} fields > {EMBED_FIELDS}")
    for field in fields:
        if not 1 <= len(field.get("name", "")) <= FIELD_NAME:
            found.append(f"embed {n} field name is empty or > {FIELD_NAME}")
        if not 1 <= len(field.get("value", "")) <= FIELD_VALUE:
            found.append(f"embed {n} field value is empty or > {FIELD_VALUE}")
    if len((embed.get("footer") or {}).get("text", "") or "") > FOOTER:
        found.append(f"embed {n} footer > {FOOTER}")
    return found


def _component_problems(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    found = []
    if len(rows) > ROWS:
        found.append(f"{len(rows)} component rows > {ROWS}")
    ids: list[str] = []
    for row in rows:
        buttons = row.get("components", []) or []
        if len(buttons) > BUTTONS_PER_ROW:
            found.append(f"a row holds {len(buttons)} buttons > {BUTTONS_PER_ROW}")
        for button in buttons:
            label = button.get("label", "") or ""
            if not 1 <= len(label) <= BUTTON_LABEL:
                found.append(f"button label {label[:20]!r} is empty or > {BUTTON_LABEL}")
            if "custom_id" in button:
                ids.append(button["custom_id"])
                if not 1 <= len(button["custom_id"]) <= CUSTOM_ID:
                    found.append(f"custom_id {button['custom_id'][:20]!r} > {CUSTOM_ID}")
            elif not button.get("url"):
                found.append(f"button {label[:20]!r} has neither custom_id nor url")
    if len(set(ids)) != len(ids):
        found.append("custom_ids repeat within one message")
    return found


def message_problems(payload: Mapping[str, Any]) -> list[str]:
    """Every Discord limit a message body (content, embeds, components) breaks."""
    found = []
    content = payload.get("content") or ""
    embeds = payload.get("embeds") or []
    if not content and not embeds and not payload.get("attachments"):
        found.append("message has neither content nor embeds")
    if len(content) > CONTENT:
        found.append(f"content is {len(content)} characters > {CONTENT}")
    if len(embeds) > EMBEDS:
        found.append(f"{len(embeds)} embeds > {EMBEDS}")
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL:
        found.append(f"embeds hold more than {EMBED_TOTAL} characters")
    for n, embed in enumerate(embeds):
        found += _embed_problems(n, embed)
    found += _component_problems(payload.get("components") or [])
    mentions = payload.get("allowed_mentions")
    if mentions is None or mentions.get("parse") != []:
        found.append("allowed_mentions does not disable mentions")
    return found


def modal_problems(modal: Mapping[str, Any]) -> list[str]:
    """Every Discord limit a modal body breaks."""
    found = []
    title = modal.get("title", "") or ""
    if not 1 <= len(title) <= MODAL_TITLE:
        found.append(f"modal title is empty or > {MODAL_TITLE}")
    if len(modal.get("custom_id", "")) > CUSTOM_ID:
        found.append(f"modal custom_id > {CUSTOM_ID}")
    rows = modal.get("components", []) or []
    if not 1 <= len(rows) <= MODAL_INPUTS:
        found.append(f"modal has {len(rows)} inputs (1-{MODAL_INPUTS})")
    for row in rows:
        if len(row.get("label", "") or "") > INPUT_LABEL:
            found.append(f"input label > {INPUT_LABEL}")
        inner = row.get("component") or {}
        if (inner.get("max_length") or 0) > INPUT_VALUE:
            found.append(f"input max_length > {INPUT_VALUE}")
        if len(inner.get("options", []) or []) > SELECT_OPTIONS:
            found.append(f"select has more than {SELECT_OPTIONS} options")
    return found


def size_of(payload: Mapping[str, Any]) -> int:
    return len(json.dumps(payload))

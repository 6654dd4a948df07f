"""What Discord's API refuses, written from discord/discord-api-docs for the fake to enforce.

Independent of the adapter on purpose: nothing here imports bot/limits.py or
adapters/discord/limits.py, so a wrong limit in our code cannot also be the limit the tests
check against. Each check returns problems as (path, code, message); the fake turns them into
Discord's 400 answer: ``{"code": 50035, "message": "Invalid Form Body", "errors": {...}}``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

# docs/resources/message.mdx (Create Message), docs/resources/message.mdx#embed-limits
CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBEDS_TOTAL_MAX = 6000
NONCE_MAX = 25
# docs/components/reference.mdx
ACTION_ROWS_MAX = 5
BUTTONS_PER_ROW_MAX = 5
BUTTON_LABEL_MAX = 80
CUSTOM_ID_MAX = 100
LINK_STYLE = 5
SELECT_OPTIONS_MAX = 25
SELECT_OPTION_TEXT_MAX = 100
SELECT_PLACEHOLDER_MAX = 150
TEXT_INPUT_LENGTH_MAX = 4000
TEXT_INPUT_PLACEHOLDER_MAX = 100
LABEL_TEXT_MAX = 45
LABEL_DESCRIPTION_MAX = 100
# docs/interactions/receiving-and-responding.mdx
MODAL_TITLE_MAX = 45
MODAL_COMPONENTS_MAX = 5
CALLBACK_TYPES = {1, 4, 5, 6, 7, 8, 9, 10, 12}
AUTOCOMPLETE_CHOICES_MAX = 25
EPHEMERAL = 1 << 6
# docs/interactions/application-commands.mdx
COMMAND_NAME = re.compile(r"^[-_'\w]{1,32}$")
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
COMMAND_CHOICES_MAX = 25
CHOICE_TEXT_MAX = 100
COMMANDS_MAX = 100
# "An app can have: 100 global CHAT_INPUT commands, 5 global USER commands, 5 global MESSAGE
# commands" (the same per guild). USER and MESSAGE names "may be mixed case and can include
# spaces"; their description is the empty string, and only CHAT_INPUT takes options.
CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND = 1, 2, 3
COMMANDS_PER_TYPE_MAX = {CHAT_INPUT: 100, USER_COMMAND: 5, MESSAGE_COMMAND: 5}
# docs/reference.mdx#locales: the locales a name_localizations / description_localizations
# key may be; "Values follow the same restrictions as name" (and description), and a
# localized name must be unique among its siblings in that locale like the name itself.
LOCALES = frozenset(
    [
        "id",
        "da",
        "de",
        "en-GB",
        "en-US",
        "es-ES",
        "es-419",
        "fr",
        "hr",
        "it",
        "lt",
        "hu",
        "nl",
        "no",
        "pl",
        "pt-BR",
        "ro",
        "fi",
        "sv-SE",
        "vi",
        "tr",
        "cs",
        "el",
        "bg",
        "ru",
        "uk",
        "hi",
        "th",
        "zh-CN",
        "ja",
        "zh-TW",
        "ko",
    ]
)
CONTEXT_MENU_NAME = re.compile(r"^[-_' \w]{1,32}$")
COMMAND_CHARACTERS_MAX = 8000
CONTEXTS = {0, 1, 2}
INTEGRATION_TYPES = {0, 1}
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
# docs/resources/channel.mdx (Start Thread from Message)
THREAD_NAME_MAX = 100
ARCHIVE_DURATIONS = {60, 1440, 4320, 10080}
# docs/resources/guild-scheduled-event.mdx
EVENT_NAME_MAX = 100
EVENT_DESCRIPTION_MAX = 1000
EVENT_LOCATION_MAX = 100
EXTERNAL = 3
GUILD_ONLY = 2
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4

Problem = tuple[tuple[str | int, ...], str, str]
TOO_LONG = "BASE_TYPE_MAX_LENGTH"
BAD = "BASE_TYPE_BAD_LENGTH"
REQUIRED = "BASE_TYPE_REQUIRED"
INVALID = "BASE_TYPE_CHOICES"


def _length(path: tuple[str | int, ...], value: Any, low: int, high: int) -> list[Problem]:
    text = "" if value is None else str(value)
    if len(text) > high:
        return [(path, TOO_LONG, f"Must be {high} or fewer in length.")]
    if len(text) < low:
        return [(path, BAD, f"Must be between {low} and {high} in length.")]
    return []


def error_body(problems: Sequence[Problem]) -> dict[str, Any]:
    """Discord's shape: nested objects down each path, `_errors` lists at the leaves."""
    errors: dict[str, Any] = {}
    for path, code, message in problems:
        node = errors
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}


# ---- messages -------------------------------------------------------------------------


def _embed(n: int, embed: Mapping[str, Any]) -> tuple[list[Problem], int]:
    at: tuple[str | int, ...] = ("embeds", n)
    found = _length((*at, "title"), embed.get("title"), 0, EMBED_TITLE_MAX)
    found += _length((*at, "description"), embed.get("description"), 0, EMBED_DESCRIPTION_MAX)
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        found.append(((*at, "fields"), TOO_LONG, f"Must be {EMBED_FIELDS_MAX} or fewer in length."))
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    for i, item in enumerate(fields):
        found += _length((*at, "fields", i, "name"), item.get("name"), 1, EMBED_FIELD_NAME_MAX)
        found += _length((*at, "fields", i, "value"), item.get("value"), 1, EMBED_FIELD_VALUE_MAX)
        size += len(item.get("name") or "") + len(item.get("value") or "")
    footer = (embed.get("footer") or {}).get("text")
    author = (embed.get("author") or {}).get("name")
    found += _length((*at, "footer", "text"), footer, 0, EMBED_FOOTER_MAX)
    found += _length((*at, "author", "name"), author, 0, EMBED_AUTHOR_MAX)
    return found, size + len(footer or "") + len(author or "")


def _button(at: tuple[str | int, ...], button: Mapping[str, Any]) -> list[Problem]:
    found = _length((*at, "label"), button.get("label"), 0, BUTTON_LABEL_MAX)
    if button.get("style") == LINK_STYLE:
        if "custom_id" in button:
            found.append(((*at, "custom_id"), INVALID, "Link buttons cannot have a custom_id."))
        if not button.get("url"):
            found.append(((*at, "url"), REQUIRED, "This field is required"))
    elif button.get("style") in (1, 2, 3, 4):
        found += _length((*at, "custom_id"), button.get("custom_id"), 1, CUSTOM_ID_MAX)
        if "url" in button:
            found.append(((*at, "url"), INVALID, "Only link buttons may have a url."))
    else:
        found.append(((*at, "style"), INVALID, "Value must be one of {1, 2, 3, 4, 5, 6}."))
    return found


def _message_components(rows: Sequence[Mapping[str, Any]]) -> list[Problem]:
    found: list[Problem] = []
    if len(rows) > ACTION_ROWS_MAX:
        found.append((("components",), TOO_LONG, f"Must be {ACTION_ROWS_MAX} or fewer in length."))
    ids: set[str] = set()
    for r, row in enumerate(rows):
        at: tuple[str | int, ...] = ("components", r)
        if row.get("type") != 1:
            found.append(((*at, "type"), INVALID, "Top-level components must be action rows."))
            continue
        items = row.get("components") or []
        if not 1 <= len(items) <= BUTTONS_PER_ROW_MAX:
            found.append(((*at, "components"), BAD, "Must be between 1 and 5 in length."))
        for c, item in enumerate(items):
            if item.get("type") == 2:
                found += _button((*at, "components", c), item)
            elif item.get("type") == 3:
                found += _select((*at, "components", c), item)
            custom_id = item.get("custom_id")
            if custom_id is not None:
                if custom_id in ids:
                    found.append(
                        ((*at, "components", c, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED",
                         "Component custom id cannot be duplicated")
                    )  # fmt: skip
                ids.add(custom_id)
    return found


def message(body: Mapping[str, Any]) -> list[Problem]:
    """Create Message / Execute Webhook / Edit Message / an interaction's message data."""
    found = _length(("content",), body.get("content"), 0, CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        found.append((("embeds",), TOO_LONG, f"Must be {EMBEDS_MAX} or fewer in length."))
    total = 0
    for n, embed in enumerate(embeds):
        problems, size = _embed(n, embed)
        found += problems
        total += size
    if total > EMBEDS_TOTAL_MAX:
        found.append((("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size"))
    found += _message_components(body.get("components") or [])
    found += _length(("nonce",), body.get("nonce"), 0, NONCE_MAX)
    for n, attachment in enumerate(body.get("attachments") or []):
        # Attachment object: "description ... (max 1024 characters)"
        found += _length(("attachments", n, "description"), attachment.get("description"), 0, 1024)
    return found


def empty(body: Mapping[str, Any], files: int) -> bool:
    """Discord answers 50006 "Cannot send an empty message" to a new message with nothing."""
    keys = ("content", "embeds", "components", "sticker_ids", "poll")
    return not any(body.get(key) for key in keys) and files == 0


# ---- modals ---------------------------------------------------------------------------


def _select(at: tuple[str | int, ...], select: Mapping[str, Any]) -> list[Problem]:
    found = _length((*at, "custom_id"), select.get("custom_id"), 1, CUSTOM_ID_MAX)
    options = select.get("options") or []
    if not 1 <= len(options) <= SELECT_OPTIONS_MAX:
        found.append(((*at, "options"), BAD, "Must be between 1 and 25 in length."))
    for n, option in enumerate(options):
        where = (*at, "options", n)
        found += _length((*where, "label"), option.get("label"), 1, SELECT_OPTION_TEXT_MAX)
        found += _length((*where, "value"), option.get("value"), 1, SELECT_OPTION_TEXT_MAX)
        found += _length((*where, "description"), option.get("description"), 0, 100)
    found += _length((*at, "placeholder"), select.get("placeholder"), 0, SELECT_PLACEHOLDER_MAX)
    low, high = select.get("min_values", 1), select.get("max_values", 1)
    if not 0 <= low <= SELECT_OPTIONS_MAX or not 1 <= high <= max(1, len(options)) or low > high:
        found.append(((*at, "max_values"), INVALID, "min_values/max_values out of range."))
    return found


def _text_input(
    at: tuple[str | int, ...], item: Mapping[str, Any], labelled: bool
) -> list[Problem]:
    found = _length((*at, "custom_id"), item.get("custom_id"), 1, CUSTOM_ID_MAX)
    if item.get("style") not in (1, 2):
        found.append(((*at, "style"), INVALID, "Value must be one of {1, 2}."))
    if not labelled:  # inside an action row the input carries its own label
        found += _length((*at, "label"), item.get("label"), 1, LABEL_TEXT_MAX)
    low, high = item.get("min_length", 0), item.get("max_length", TEXT_INPUT_LENGTH_MAX)
    if not 0 <= low <= TEXT_INPUT_LENGTH_MAX:
        found.append(((*at, "min_length"), INVALID, "int value should be <= 4000 and >= 0."))
    if not 1 <= high <= TEXT_INPUT_LENGTH_MAX:
        found.append(((*at, "max_length"), INVALID, "int value should be <= 4000 and >= 1."))
    found += _length((*at, "value"), item.get("value"), 0, min(high, TEXT_INPUT_LENGTH_MAX))
    found += _length((*at, "placeholder"), item.get("placeholder"), 0, TEXT_INPUT_PLACEHOLDER_MAX)
    return found


def modal(data: Mapping[str, Any]) -> list[Problem]:
    found = _length(("data", "custom_id"), data.get("custom_id"), 1, CUSTOM_ID_MAX)
    found += _length(("data", "title"), data.get("title"), 1, MODAL_TITLE_MAX)
    rows = data.get("components") or []
    if not 1 <= len(rows) <= MODAL_COMPONENTS_MAX:
        found.append((("data", "components"), BAD, "Must be between 1 and 5 in length."))
    ids: set[str] = set()
    for n, row in enumerate(rows):
        at: tuple[str | int, ...] = ("data", "components", n)
        if row.get("type") == 18:  # Label wrapping one input
            found += _length((*at, "label"), row.get("label"), 1, LABEL_TEXT_MAX)
            found += _length((*at, "description"), row.get("description"), 0, LABEL_DESCRIPTION_MAX)
            inner = [row.get("component") or {}]
            path: tuple[str | int, ...] = (*at, "component")
            labelled = True
        elif row.get("type") == 1:
            inner = list(row.get("components") or [])
            path, labelled = (*at, "components", 0), False
            if len(inner) != 1:
                found.append(((*at, "components"), BAD, "Must be 1 in length."))
        else:
            found.append(((*at, "type"), INVALID, "Modals hold labels or action rows."))
            continue
        for item in inner[:1]:
            if item.get("type") == 4:
                found += _text_input(path, item, labelled)
            elif item.get("type") == 3 and labelled:
                found += _select(path, item)
            else:
                found.append(((*path, "type"), INVALID, "Not a component a modal accepts."))
            if item.get("custom_id") in ids:
                found.append(((*path, "custom_id"), INVALID, "custom_id repeats in the modal."))
            ids.add(str(item.get("custom_id")))
    return found


# ---- interaction callbacks ------------------------------------------------------------


def callback(body: Mapping[str, Any]) -> list[Problem]:
    kind = body.get("type")
    if kind not in CALLBACK_TYPES:
        return [(("type",), INVALID, f"Value must be one of {sorted(CALLBACK_TYPES)}.")]
    data = body.get("data") or {}
    if kind == 4:
        found = [(("data", *p), c, m) for p, c, m in message(data)]
        if empty(data, len(body.get("_files", []))):
            found.append((("data",), "50006", "Cannot send an empty message"))
        return found
    if kind == 7:
        return [(("data", *p), c, m) for p, c, m in message(data)]
    if kind == 8:
        choices = data.get("choices") or []
        found = []
        if len(choices) > AUTOCOMPLETE_CHOICES_MAX:
            found.append((("data", "choices"), TOO_LONG, "Must be 25 or fewer in length."))
        for n, choice in enumerate(choices):
            at = ("data", "choices", n)
            found += _length((*at, "name"), choice.get("name"), 1, CHOICE_TEXT_MAX)
            found += _length((*at, "value"), choice.get("value"), 1, CHOICE_TEXT_MAX)
        return found
    if kind == 9:
        return modal(data)
    return []


# ---- application commands -------------------------------------------------------------


def _name(at: tuple[str | int, ...], name: Any) -> list[Problem]:
    text = str(name or "")
    if not COMMAND_NAME.fullmatch(text) or text != text.lower():
        return [((*at, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")]
    return []


def _localized(at: tuple[str | int, ...], item: Mapping[str, Any]) -> list[Problem]:
    """name_localizations and description_localizations: known locales, the same limits."""
    found: list[Problem] = []
    names = item.get("name_localizations") or {}
    descriptions = item.get("description_localizations") or {}
    for locale in [*names, *descriptions]:
        if locale not in LOCALES:
            found.append(
                ((*at, "name_localizations"), "INVALID_LOCALE", f"Invalid locale {locale}")
            )
    for locale, name in names.items():
        found += _name((*at, "name_localizations", locale), name)
    for locale, text in descriptions.items():
        found += _length((*at, "description_localizations", locale), text, 1, 100)
    return found


def _unique_localized(
    at: tuple[str | int, ...], items: Sequence[Mapping[str, Any]]
) -> list[Problem]:
    """In each locale, siblings' names (localized, else the name) must differ."""
    found: list[Problem] = []
    for locale in LOCALES:
        shown = [(i.get("name_localizations") or {}).get(locale, i.get("name")) for i in items]
        if len(set(shown)) != len(shown):
            found.append(
                (at, "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Names must be unique ({locale})")
            )
    return found


def _size(item: Mapping[str, Any]) -> int:
    size = len(str(item.get("name", ""))) + len(str(item.get("description", "")))
    for choice in item.get("choices") or []:
        size += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
    return size + sum(_size(o) for o in item.get("options") or [])


def _options(at: tuple[str | int, ...], options: Sequence[Mapping[str, Any]]) -> list[Problem]:
    found: list[Problem] = []
    if len(options) > COMMAND_OPTIONS_MAX:
        found.append(((*at, "options"), TOO_LONG, "Must be 25 or fewer in length."))
    names = [o.get("name") for o in options]
    if len(set(names)) != len(names):
        found.append(((*at, "options"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                      "Option names must be unique"))  # fmt: skip
    optional_seen = False
    found += _unique_localized((*at, "options"), options)
    for n, option in enumerate(options):
        where = (*at, "options", n)
        found += _name(where, option.get("name"))
        found += _localized(where, option)
        found += _length((*where, "description"), option.get("description"), 1, 100)
        choices = option.get("choices") or []
        if len(choices) > COMMAND_CHOICES_MAX:
            found.append(((*where, "choices"), TOO_LONG, "Must be 25 or fewer in length."))
        for c, choice in enumerate(choices):
            found += _length((*where, "choices", c, "name"), choice.get("name"), 1, 100)
            found += _length((*where, "choices", c, "value"), choice.get("value"), 1, 100)
        if choices and option.get("autocomplete"):
            found.append(((*where, "autocomplete"), INVALID, "Autocomplete cannot have choices."))
        if option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP):
            found += _options(where, option.get("options") or [])
            continue
        if option.get("required") and optional_seen:
            why = "Required options must be placed before non-required options"
            found.append(
                ((*where, "required"), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", why)
            )
        optional_seen = optional_seen or not option.get("required")
    return found


def commands(body: Any) -> list[Problem]:
    """Bulk Overwrite (Global or Guild) Application Commands: the whole list at once."""
    if not isinstance(body, list):
        return [((), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")]
    found: list[Problem] = []
    kinds = [c.get("type", CHAT_INPUT) for c in body]
    if any(kind not in COMMANDS_PER_TYPE_MAX for kind in kinds):
        found.append(((), INVALID, "Value must be one of {1, 2, 3}."))
    for kind, most in COMMANDS_PER_TYPE_MAX.items():
        if kinds.count(kind) > most:
            found.append(((), TOO_LONG, f"Must be {most} or fewer commands of type {kind}."))
        names = [c.get("name") for c in body if c.get("type", CHAT_INPUT) == kind]
        if len(set(names)) != len(names):  # names are unique per type
            found.append(((), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Names must be unique"))
        found += _unique_localized((), [c for c in body if c.get("type", CHAT_INPUT) == kind])
    for n, command in enumerate(body):
        description = command.get("description")
        if command.get("type", CHAT_INPUT) != CHAT_INPUT:
            if not CONTEXT_MENU_NAME.fullmatch(str(command.get("name") or "")):
                found.append(((n, "name"), "APPLICATION_COMMAND_INVALID_NAME", "Invalid name"))
            if description not in ("", None):
                found.append(((n, "description"), INVALID, "Must be empty for this type."))
            if command.get("options"):
                found.append(((n, "options"), INVALID, "Only CHAT_INPUT commands take options."))
        else:
            found += _name((n,), command.get("name"))
            found += _length((n, "description"), description, 1, COMMAND_DESCRIPTION_MAX)
            found += _localized((n,), command)
            found += _options((n,), command.get("options") or [])
        if _size(command) > COMMAND_CHARACTERS_MAX:
            found.append(((n,), "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size"))
        permissions = command.get("default_member_permissions")
        if permissions is not None and not str(permissions).isdigit():
            found.append(((n, "default_member_permissions"), INVALID, "Not a permission bit set."))
        if not set(command.get("contexts") or []) <= CONTEXTS:
            found.append(((n, "contexts"), INVALID, "Value must be one of {0, 1, 2}."))
        if not set(command.get("integration_types") or []) <= INTEGRATION_TYPES:
            found.append(((n, "integration_types"), INVALID, "Value must be one of {0, 1}."))
    return found


# ---- threads and scheduled events -----------------------------------------------------


def thread(body: Mapping[str, Any]) -> list[Problem]:
    found = _length(("name",), body.get("name"), 1, THREAD_NAME_MAX)
    duration = body.get("auto_archive_duration")
    if duration is not None and duration not in ARCHIVE_DURATIONS:
        found.append((("auto_archive_duration",), INVALID, "Value must be one of 60, 1440, ..."))
    return found


def _time(at: str, value: Any) -> list[Problem]:
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return [((at,), "DATE_TIME_TYPE_PARSE", "Could not parse the date and time.")]
    if parsed.tzinfo is None:
        return [((at,), "DATE_TIME_TYPE_PARSE", "A time zone offset is required.")]
    return []


def scheduled_event(body: Mapping[str, Any], *, create: bool) -> list[Problem]:
    found: list[Problem] = []
    if create or "name" in body:
        found += _length(("name",), body.get("name"), 1, EVENT_NAME_MAX)
    found += _length(("description",), body.get("description"), 0, EVENT_DESCRIPTION_MAX)
    if create and body.get("privacy_level") != GUILD_ONLY:
        found.append((("privacy_level",), INVALID, "Value must be one of {2}."))
    if (create or "entity_type" in body) and body.get("entity_type") not in (1, 2, 3):
        found.append((("entity_type",), INVALID, "Value must be one of {1, 2, 3}."))
    for key in ("scheduled_start_time", "scheduled_end_time"):
        if key in body:
            found += _time(key, body[key])
        elif create and (key == "scheduled_start_time" or body.get("entity_type") == EXTERNAL):
            found.append(((key,), REQUIRED, "This field is required"))
    if body.get("entity_type") == EXTERNAL:
        location = (body.get("entity_metadata") or {}).get("location")
        found += _length(("entity_metadata", "location"), location, 1, EVENT_LOCATION_MAX)
    if "status" in body and body["status"] not in (ACTIVE, COMPLETED, CANCELED):
        found.append((("status",), INVALID, "Value must be one of {2, 3, 4}."))
    return found

"""Slack's documented payload rules, written from the Block Kit reference and the Web API pages.

Independent on purpose: nothing here imports bot/ or adapters/, so a wrong limit in our code
cannot also be the limit a test checks against. `message_errors` and `view_errors` return
Slack-style messages ("must be less than 3001 characters [json-pointer:/blocks/0/text/text]");
an empty list means Slack would accept the payload.
"""

from __future__ import annotations

from typing import Any

# https://docs.slack.dev/reference/block-kit/blocks and .../block-elements, .../views
MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
MESSAGE_TEXT = 40_000  # longer text is truncated (message_truncated warning)
MODAL_TITLE = 24
MODAL_SUBMIT = 24
MODAL_CLOSE = 24
PRIVATE_METADATA = 3000
CALLBACK_ID = 255
BLOCK_ID = 255
ACTION_ID = 255
SECTION_TEXT = 3000
SECTION_FIELDS = 10
FIELD_TEXT = 2000
HEADER_TEXT = 150
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 3000
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
BUTTON_URL = 3000
BUTTON_STYLES = ("primary", "danger")
OPTION_TEXT = 75
OPTION_VALUE = 150
OPTIONS = 100
PLACEHOLDER = 150
INPUT_LABEL = 2000
INPUT_HINT = 2000
TEXT_INPUT_LENGTH = (1, 3000)  # plain_text_input.max_length, inclusive
TEXT_INPUT_MIN_LENGTH = (0, 3000)

Node = dict[str, Any]


class Check:
    """Collects errors as Slack words them, each with the JSON pointer it is about."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str, at: str) -> None:
        self.errors.append(f"{message} [json-pointer:{at}]")

    def length(self, value: Any, limit: int, at: str, *, required: bool = True) -> None:
        if value is None:
            if required:
                self.fail("missing required field", at)
            return
        if not isinstance(value, str):
            self.fail("must be a string", at)
        elif required and not value:
            self.fail("must be more than 0 characters", at)
        elif len(value) > limit:
            self.fail(f"must be less than {limit + 1} characters", at)

    def count(self, items: Any, low: int, high: int, at: str) -> list[Any]:
        if not isinstance(items, list):
            self.fail("must be an array", at)
            return []
        if not low <= len(items) <= high:
            self.fail(f"must have between {low} and {high} items", at)
        return items

    def text(self, node: Any, limit: int, at: str, *, plain_only: bool = False) -> None:
        if not isinstance(node, dict):
            self.fail("missing required field", at)
            return
        kinds = ("plain_text",) if plain_only else ("plain_text", "mrkdwn")
        if node.get("type") not in kinds:
            self.fail(f"must be one of {', '.join(kinds)}", f"{at}/type")
        self.length(node.get("text"), limit, f"{at}/text")

    # ---- elements --------------------------------------------------------------------------
    def element(self, node: Any, at: str, *, in_input: bool = False) -> None:
        if not isinstance(node, dict):
            self.fail("must be an object", at)
            return
        kind = node.get("type")
        self.length(node.get("action_id"), ACTION_ID, f"{at}/action_id", required=False)
        if kind == "button" and not in_input:
            self.button(node, at)
        elif kind == "static_select":
            self.select(node, at)
        elif kind == "plain_text_input" and in_input:
            self.text_input(node, at)
        else:
            self.fail(f"unsupported element type {kind!r} here", f"{at}/type")

    def button(self, node: Node, at: str) -> None:
        self.text(node.get("text"), BUTTON_TEXT, f"{at}/text", plain_only=True)
        self.length(node.get("value"), BUTTON_VALUE, f"{at}/value", required=False)
        self.length(node.get("url"), BUTTON_URL, f"{at}/url", required=False)
        if "style" in node and node["style"] not in BUTTON_STYLES:
            self.fail("must be one of primary, danger", f"{at}/style")

    def select(self, node: Node, at: str) -> None:
        options = self.count(node.get("options"), 1, OPTIONS, f"{at}/options")
        for n, option in enumerate(options):
            self.option(option, f"{at}/options/{n}")
        if "placeholder" in node:
            self.text(node["placeholder"], PLACEHOLDER, f"{at}/placeholder", plain_only=True)
        initial = node.get("initial_option")
        if initial is not None and initial not in options:
            self.fail("must match one of the options", f"{at}/initial_option")

    def option(self, node: Any, at: str) -> None:
        if not isinstance(node, dict):
            self.fail("must be an object", at)
            return
        self.text(node.get("text"), OPTION_TEXT, f"{at}/text", plain_only=True)
        self.length(node.get("value"), OPTION_VALUE, f"{at}/value")

    def text_input(self, node: Node, at: str) -> None:
        low, high = TEXT_INPUT_LENGTH
        longest = node.get("max_length")
        if longest is not None and not (isinstance(longest, int) and low <= longest <= high):
            self.fail(f"must be between {low} and {high}", f"{at}/max_length")
        shortest = node.get("min_length")
        lo, hi = TEXT_INPUT_MIN_LENGTH
        if shortest is not None and not (isinstance(shortest, int) and lo <= shortest <= hi):
            self.fail(f"must be between {lo} and {hi}", f"{at}/min_length")
        initial = node.get("initial_value")
        if initial is not None:
            cap = longest if isinstance(longest, int) and low <= longest <= high else high
            self.length(initial, cap, f"{at}/initial_value", required=False)
        if "placeholder" in node:
            self.text(node["placeholder"], PLACEHOLDER, f"{at}/placeholder", plain_only=True)

    # ---- blocks ----------------------------------------------------------------------------
    def block(self, node: Any, at: str, *, in_modal: bool) -> None:
        if not isinstance(node, dict):
            self.fail("must be an object", at)
            return
        self.length(node.get("block_id"), BLOCK_ID, f"{at}/block_id", required=False)
        kind = node.get("type")
        if kind == "section":
            self.section(node, at)
        elif kind == "divider":
            pass
        elif kind == "header":
            self.text(node.get("text"), HEADER_TEXT, f"{at}/text", plain_only=True)
        elif kind == "context":
            elements = self.count(node.get("elements"), 1, CONTEXT_ELEMENTS, f"{at}/elements")
            for n, element in enumerate(elements):
                self.text(element, CONTEXT_TEXT, f"{at}/elements/{n}")
        elif kind == "actions":
            self.actions(node, at)
        elif kind == "input" and in_modal:
            self.input(node, at)
        else:
            self.fail(f"unsupported block type {kind!r}", f"{at}/type")

    def section(self, node: Node, at: str) -> None:
        if "text" not in node and "fields" not in node:
            self.fail("must provide text or fields", at)
        if "text" in node:
            self.text(node["text"], SECTION_TEXT, f"{at}/text")
        if "fields" in node:
            fields = self.count(node["fields"], 1, SECTION_FIELDS, f"{at}/fields")
            for n, item in enumerate(fields):
                self.text(item, FIELD_TEXT, f"{at}/fields/{n}")
        if "accessory" in node:
            self.element(node["accessory"], f"{at}/accessory")

    def actions(self, node: Node, at: str) -> None:
        elements = self.count(node.get("elements"), 1, ACTIONS_ELEMENTS, f"{at}/elements")
        seen: set[str] = set()
        for n, element in enumerate(elements):
            self.element(element, f"{at}/elements/{n}")
            action_id = element.get("action_id") if isinstance(element, dict) else None
            if action_id in seen:
                self.fail("action_id must be unique in the block", f"{at}/elements/{n}")
            if isinstance(action_id, str):
                seen.add(action_id)

    def input(self, node: Node, at: str) -> None:
        self.text(node.get("label"), INPUT_LABEL, f"{at}/label", plain_only=True)
        if "hint" in node:
            self.text(node["hint"], INPUT_HINT, f"{at}/hint", plain_only=True)
        self.element(node.get("element"), f"{at}/element", in_input=True)

    def blocks(self, blocks: Any, cap: int, at: str, *, in_modal: bool) -> None:
        items = self.count(blocks, 0, cap, at)
        for n, node in enumerate(items):
            self.block(node, f"{at}/{n}", in_modal=in_modal)


def message_errors(payload: Node) -> list[str]:
    """What Slack would refuse in a chat.* or response_url message payload."""
    check = Check()
    blocks = payload.get("blocks")
    text = payload.get("text")
    if not blocks and not (isinstance(text, str) and text.strip()):
        check.fail("no_text: text or blocks are required", "/text")
    if blocks is not None:
        check.blocks(blocks, MESSAGE_BLOCKS, "/blocks", in_modal=False)
    return check.errors


def view_errors(view: Any) -> list[str]:
    """What Slack would refuse in a views.open / update / push / publish view."""
    check = Check()
    if not isinstance(view, dict):
        check.fail("missing required field", "/view")
        return check.errors
    kind = view.get("type")
    if kind not in ("modal", "home"):
        check.fail("must be one of modal, home", "/view/type")
    blocks = view.get("blocks")
    check.blocks(blocks, VIEW_BLOCKS, "/view/blocks", in_modal=True)
    check.length(view.get("callback_id"), CALLBACK_ID, "/view/callback_id", required=False)
    metadata = view.get("private_metadata")
    check.length(metadata, PRIVATE_METADATA, "/view/private_metadata", required=False)
    if kind == "modal":
        check.text(view.get("title"), MODAL_TITLE, "/view/title", plain_only=True)
        for key, limit in (("submit", MODAL_SUBMIT), ("close", MODAL_CLOSE)):
            if key in view:
                check.text(view[key], limit, f"/view/{key}", plain_only=True)
        has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks or [])
        if has_input and "submit" not in view:
            check.fail("submit is required when a modal has input blocks", "/view/submit")
    return check.errors


def truncated(payload: Node) -> bool:
    """True when Slack would truncate the message text (and warn)."""
    text = payload.get("text")
    return isinstance(text, str) and len(text) > MESSAGE_TEXT


def unfurl_errors(args: Node) -> list[str]:
    """What Slack would refuse in chat.unfurl (docs.slack.dev/reference/methods/chat.unfurl):
    `channel` and `ts` together, or `unfurl_id` and `source` together; `unfurls` a JSON map
    keyed by each URL, whose values are message attachments or `{"blocks": [...]}`."""
    check = Check()
    by_message = bool(args.get("channel")) and bool(args.get("ts"))
    by_id = bool(args.get("unfurl_id")) and bool(args.get("source"))
    if not (by_message or by_id):
        check.fail("channel and ts, or unfurl_id and source, are required", "/channel")
    if args.get("source") not in (None, "composer", "conversations_history"):
        check.fail("must be one of composer, conversations_history", "/source")
    unfurls = args.get("unfurls")
    if not isinstance(unfurls, dict) or not unfurls:
        check.fail("must be a map keyed by URL", "/unfurls")
        return check.errors
    for url, unfurl in unfurls.items():
        at = f"/unfurls/{url}"
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            check.fail("keys must be the shared URLs", at)
        if not isinstance(unfurl, dict):
            check.fail("must be an object", at)
        elif "blocks" in unfurl:
            check.blocks(unfurl["blocks"], MESSAGE_BLOCKS, f"{at}/blocks", in_modal=False)
    return check.errors

"""Buttons and modals: one persistent handler for every button, modals built from Forms.

Every action button is an `ActionButton`, a DynamicItem whose template matches any
custom_id: the custom_id *is* the encoded Action, so a press after a restart finds its
handler the same way as one a second after the message was sent. Modal submissions are
read from the interaction payload (see `submitted_values`) for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord import limits as dl
from bot.message_commands import MessageCommandSpec
from bot.model import Button, Form, Input
from bot.router import CommandSpec


class Bridge(Protocol):
    """What a component or command callback hands on to (adapters/discord/bridge.py), as a
    protocol so this module need not import the bridge, which imports it."""

    async def press(self, interaction: discord.Interaction[Any], custom_id: str) -> None: ...

    async def command(
        self, interaction: discord.Interaction[Any], spec: CommandSpec, options: Mapping[str, str]
    ) -> None: ...

    async def complete(self, name: str, current: str) -> list[app_commands.Choice[str]]: ...

    async def message_command(
        self,
        interaction: discord.Interaction[Any],
        spec: MessageCommandSpec,
        message: discord.Message,
    ) -> None: ...


_STYLES = {
    "default": discord.ButtonStyle.secondary,
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
}
MODAL_SECONDS = 15 * 60  # an abandoned modal is forgotten after Discord's follow-up window


def bridge_of(client: discord.Client) -> Bridge:
    bridge: Bridge | None = getattr(client, "bridge", None)
    if bridge is None:
        raise RuntimeError("the Discord client has no bridge to the core yet")
    return bridge


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=re.compile(r"(?P<id>.+)", re.S)
):
    """Any button whose custom_id is one of our encoded Actions."""

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> ActionButton:
        if not isinstance(item, discord.ui.Button):
            raise TypeError("our actions are only ever buttons")
        return cls(item)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        custom_id = self.item.custom_id or ""
        await bridge_of(interaction.client).press(interaction, custom_id)


def _label(text: str) -> str:
    return text if len(text) <= dl.BUTTON_LABEL else text[: dl.BUTTON_LABEL - 1] + "…"


def button_item(button: Button, row: int) -> discord.ui.Item[Any]:
    if button.action is not None:
        inner: discord.ui.Button[Any] = discord.ui.Button(
            style=_STYLES[button.style],
            label=_label(button.label),
            custom_id=button.action.encode(),
        )
        return ActionButton(inner, row=row)
    return discord.ui.Button(
        style=discord.ButtonStyle.link, label=_label(button.label), url=button.url, row=row
    )


def view_of(rows: Sequence[Sequence[Button]]) -> discord.ui.View:
    """A view that holds no state: every press is handled by ActionButton, forever."""
    view = discord.ui.View(timeout=None)
    for number, row in enumerate(rows[: dl.ROWS]):
        for button in row[: dl.BUTTONS_PER_ROW]:
            view.add_item(button_item(button, number))
    return view


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _field(item: Input) -> discord.ui.Item[Any]:
    if item.kind == "choice" and 0 < len(item.choices) <= dl.SELECT_OPTIONS:
        options = [
            discord.SelectOption(
                label=_short(c, dl.SELECT_OPTION_TEXT) or "-",
                value=c[: dl.SELECT_OPTION_TEXT] or "-",
                default=c == item.initial and bool(c),
            )
            for c in item.choices
        ]
        return discord.ui.Select(
            custom_id=item.name[: dl.CUSTOM_ID],
            options=options[: dl.SELECT_OPTIONS],
            min_values=1 if item.required else 0,
            max_values=1,
            required=item.required,
            placeholder=_short(item.placeholder, dl.SELECT_PLACEHOLDER) or None,
        )
    hint = item.placeholder or (", ".join(item.choices) if item.choices else "")
    longest = max(1, min(item.max_length, dl.INPUT_VALUE))
    return discord.ui.TextInput(
        custom_id=item.name[: dl.CUSTOM_ID],
        style=discord.TextStyle.paragraph if item.kind == "long" else discord.TextStyle.short,
        required=item.required,
        default=item.initial[:longest] or None,  # Discord refuses a value over max_length
        placeholder=_short(hint, dl.INPUT_PLACEHOLDER) or None,
        max_length=longest,
    )


class FormModal(discord.ui.Modal):
    """A neutral Form as a Discord modal; the submission is handled by the bridge."""

    def __init__(self, form: Form) -> None:
        super().__init__(
            title=_short(form.title, dl.MODAL_TITLE) or "Form",
            custom_id=form.action.encode(),
            timeout=MODAL_SECONDS,
        )
        for item in form.inputs[: dl.MODAL_INPUTS]:
            self.add_item(
                discord.ui.Label(text=_short(item.label, dl.INPUT_LABEL), component=_field(item))
            )


def submitted_values(components: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Input name -> value from a MODAL_SUBMIT payload (action rows or labels, any depth)."""
    values: dict[str, str] = {}
    for component in components:
        if component.get("type") == 1:
            values.update(submitted_values(component.get("components", [])))
        elif component.get("type") == 18 and component.get("component"):
            values.update(submitted_values([component["component"]]))
        elif "custom_id" in component:
            raw = component.get("values")
            value = ",".join(raw) if isinstance(raw, list) else str(component.get("value") or "")
            values[str(component["custom_id"])] = value
    return values

"""Discord interactions in, neutral interactions to the core, replies back within 3 seconds.

Discord wants an answer to every interaction within 3 seconds. The core's reply usually
comes sooner and is sent as the answer itself; when it does not, the interaction is
deferred (privately, since most replies are private) and the reply follows up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import discord
from discord import app_commands

from adapters.discord import limits as dl
from adapters.discord.components import FormModal, submitted_values
from adapters.discord.platform import roles
from adapters.discord.render import NO_MENTIONS, Rendered, render
from bot.app import App
from bot.errors import UserError
from bot.message_commands import MessageCommandSpec, message_submit
from bot.model import Actor, ButtonPress, Command, FormSubmit, Place, Reply
from bot.params import clean
from bot.router import CommandSpec

log = logging.getLogger(__name__)
Kind = Literal["command", "press", "submit"]
DEFER_AFTER = 2.0  # seconds; Discord's deadline is 3, the network needs the rest
COMPLETE_WITHIN = 2.5
IN_SERVER_ONLY = (
    "Organizer tools work in the server, where your organizer role is known. "
    "Please run this command in a channel there."
)
NO_FORM_NOW = "That needs a form, which Discord can only open right away. Please try again."
POSTED = "Posted."


def role_ids(user: discord.abc.User) -> list[int]:
    """The member's roles as the guild cache knows them (the guilds intent keeps it current:
    GUILD_CREATE at connect, GUILD_ROLE_CREATE/UPDATE after). A user in a DM has none."""
    if not isinstance(user, discord.Member):
        return []
    return [role.id for role in user.roles]


def place_of(interaction: discord.Interaction[Any]) -> Place:
    channel = interaction.channel
    if isinstance(channel, discord.Thread) and channel.parent_id is not None:
        return Place("discord", str(channel.parent_id), str(channel.id))
    return Place("discord", str(interaction.channel_id or ""))


@dataclass
class Bridge:
    """Everything the Discord client needs from the core, and nothing more."""

    app: App
    defer_after: float = DEFER_AFTER

    def actor(self, interaction: discord.Interaction[Any]) -> Actor:
        user = interaction.user
        user_id = str(user.id)
        found = roles(self.app.deps.settings, user_id, role_ids(user))
        # The member's client language, sent with every interaction (es-419, pt-BR).
        locale = str(getattr(interaction.locale, "value", "") or "") or None
        return Actor("discord", user_id, user.display_name, found, locale=locale)

    async def command(
        self,
        interaction: discord.Interaction[Any],
        spec: CommandSpec,
        options: Mapping[str, str],
    ) -> None:
        if spec.organizer_only and interaction.guild_id is None:
            await self.answer(interaction, _ready(Reply(text=IN_SERVER_ONLY)), "command")
            return
        command = Command(
            spec.name, "", self.actor(interaction), place_of(interaction), dict(options)
        )
        await self.answer(interaction, self.app.handle(command), "command")

    async def message_command(
        self,
        interaction: discord.Interaction[Any],
        spec: MessageCommandSpec,
        message: discord.Message,
    ) -> None:
        """A message context-menu command: the message (data.resolved.messages) to the core,
        its embeds' links and titles as the link previews."""
        previews = [(e.url or "", e.title or "") for e in message.embeds if e.url and e.title]
        submit = message_submit(
            spec,
            self.actor(interaction),
            place_of(interaction),
            clean(message.content or ""),
            previews,
            str(message.id),
        )
        await self.answer(interaction, self.app.handle(submit), "command")

    async def press(self, interaction: discord.Interaction[Any], custom_id: str) -> None:
        try:
            action = self.app.decode(custom_id)
        except UserError as error:  # not one of ours (any more): a polite private answer
            await self.answer(interaction, _ready(Reply(text=error.message)), "press")
            return
        press = ButtonPress(action, self.actor(interaction), place_of(interaction))
        await self.answer(interaction, self.app.handle(press), "press")

    async def submit(self, interaction: discord.Interaction[Any]) -> None:
        data: Mapping[str, Any] = interaction.data or {}
        try:
            form = self.app.decode(str(data.get("custom_id", "")))
        except UserError as error:
            await self.answer(interaction, _ready(Reply(text=error.message)), "submit")
            return
        values = {k: clean(v) for k, v in submitted_values(data.get("components", [])).items()}
        submit = FormSubmit(form, values, self.actor(interaction), place_of(interaction))
        await self.answer(interaction, self.app.handle(submit), "submit")

    async def complete(self, name: str, current: str) -> list[app_commands.Choice[str]]:
        """Autocomplete through a router completer; a slow or failing one suggests nothing."""
        completer = self.app.deps.router.completers.get(name)
        if completer is None:
            return []
        try:
            found = await asyncio.wait_for(
                completer(clean(current)[: dl.CHOICE_TEXT], self.app.deps), COMPLETE_WITHIN
            )
        except Exception:
            log.exception("autocomplete %r failed", name)
            return []
        out: list[app_commands.Choice[str]] = []
        for value in dict.fromkeys(v for v in found if v and v.strip()):
            label = value if len(value) <= dl.CHOICE_TEXT else value[: dl.CHOICE_TEXT - 1] + "…"
            out.append(app_commands.Choice(name=label, value=value[: dl.CHOICE_TEXT]))
        return out[: dl.AUTOCOMPLETE_CHOICES]

    async def answer(
        self, interaction: discord.Interaction[Any], work: Awaitable[Reply], kind: Kind
    ) -> None:
        task = asyncio.ensure_future(work)
        done, _ = await asyncio.wait({task}, timeout=self.defer_after)
        deferred = not done
        if deferred:
            try:
                await _defer(interaction, kind)
            except discord.HTTPException:
                log.warning("could not defer a Discord %s; answering late", kind)
        reply = await task
        try:
            await send_reply(interaction, reply, kind, deferred=deferred)
        except Exception:  # an answer Discord refused must not take the client down
            log.exception("could not answer a Discord %s", kind)


async def _defer(interaction: discord.Interaction[Any], kind: Kind) -> None:
    """Buttons defer invisibly; commands and forms show a private "thinking…"."""
    if kind == "press":
        await interaction.response.defer()
    else:
        await interaction.response.defer(ephemeral=True, thinking=True)


async def _ready(reply: Reply) -> Reply:
    return reply


async def _follow(
    interaction: discord.Interaction[Any], messages: list[Rendered], private: bool
) -> None:
    for message in messages:
        await message.follow(interaction, ephemeral=private)


def _replaces(interaction: discord.Interaction[Any], reply: Reply, kind: Kind) -> bool:
    """Replace the pressed message only when nobody else would see what they should not."""
    if kind != "press" or not reply.replace_original or interaction.message is None:
        return False
    return not reply.private or interaction.message.flags.ephemeral


async def send_reply(
    interaction: discord.Interaction[Any], reply: Reply, kind: Kind, *, deferred: bool
) -> None:
    """The reply as the interaction's answer: a modal, an edit, a message and follow-ups."""
    if reply.form is not None:
        if not deferred and kind != "submit":
            await interaction.response.send_modal(FormModal(reply.form))
            return
        reply = Reply(text=f"{reply.text}\n{NO_FORM_NOW}".strip(), private=True)
    private = reply.private or bool(reply.form_errors)
    first, *rest = render(reply)
    if _replaces(interaction, reply, kind):
        await first.replace(interaction, deferred=deferred)
        await _follow(interaction, rest, private)
        return
    if not deferred:
        await first.answer(interaction, ephemeral=private)
        await _follow(interaction, rest, private)
    elif kind == "press":  # an invisible deferral: every message is a new follow-up
        await _follow(interaction, [first, *rest], private)
    elif private:  # the private "thinking…" message becomes the first page
        await first.replace(interaction, deferred=True)
        await _follow(interaction, rest, private)
    else:  # a private deferral cannot turn public: say so privately, post publicly
        await interaction.edit_original_response(content=POSTED, allowed_mentions=NO_MENTIONS)
        await _follow(interaction, [first, *rest], private)

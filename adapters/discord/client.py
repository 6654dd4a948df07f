"""The discord.py client: minimal intents, the generated tree, one handler per kind of event."""

from __future__ import annotations

import logging
from typing import Any

import discord

from adapters.discord.bridge import Bridge
from adapters.discord.components import ActionButton
from adapters.discord.conversation import addressed, answer
from adapters.discord.interest import interest_changed
from adapters.discord.messages import heard
from adapters.discord.translator import CatalogTranslator
from adapters.discord.tree import build_tree
from bot.config import Settings
from bot.router import Router

log = logging.getLogger(__name__)


def intents_for(settings: Settings) -> discord.Intents:
    """Only what is used: guilds (channels, threads, roles), messages (mentions of the bot
    and DMs, whose text Discord sends anyway), scheduled events (who marks a mirrored event
    Interested; not privileged) and, if enabled, the text of thread replies."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_scheduled_events = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.discord.message_content_intent
    return intents


async def sync_commands(tree: discord.app_commands.CommandTree[Any], settings: Settings) -> int:
    """Push the tree to Discord: per guild (instant, for development) or globally, with
    names and descriptions in each offered language (translator.py)."""
    if tree.translator is None:
        await tree.set_translator(CatalogTranslator(settings.bot.languages))
    if settings.discord.command_sync == "global":
        return len(await tree.sync())
    synced = 0
    for guild_id in settings.discord.guild_ids:
        guild = discord.Object(guild_id)
        tree.copy_global_to(guild=guild)
        synced += len(await tree.sync(guild=guild))
    return synced


def invite_permissions(settings: Settings) -> discord.Permissions:
    """What the bot needs in a guild: read and post (also in threads), embeds and files,
    and, when mirroring is on, creating scheduled events (which lets it edit its own)."""
    permissions = discord.Permissions(
        view_channel=True,
        send_messages=True,
        send_messages_in_threads=True,
        create_public_threads=True,
        embed_links=True,
        attach_files=True,
        read_message_history=True,
    )
    if settings.discord.mirror_scheduled_events:
        permissions.create_events = True
    return permissions


def invite_url(application_id: int, settings: Settings) -> str:
    return discord.utils.oauth_url(
        application_id,
        permissions=invite_permissions(settings),
        scopes=("bot", "applications.commands"),
    )


async def sync_now(settings: Settings, token: str, router: Router) -> int:
    """Log in over REST only, push the command tree, log out: `collab-bot discord sync`."""
    client = CollabClient(settings, sync_on_start=False)
    client.use_router(router)
    assert client.tree is not None
    try:
        await client.login(token)
        return await sync_commands(client.tree, settings)
    finally:
        await client.close()


class CollabClient(discord.Client):
    """A Client that hands interactions and thread replies to the core through a Bridge."""

    def __init__(self, settings: Settings, *, sync_on_start: bool = True, **options: Any) -> None:
        super().__init__(intents=intents_for(settings), **options)
        self.settings = settings
        self.sync_on_start = sync_on_start
        self.bridge: Bridge | None = None
        self.tree: discord.app_commands.CommandTree[Any] | None = None
        self._hear_interest()

    def _hear_interest(self) -> None:
        """Also hand Interested changes on with their raw ids: discord.py's own
        on_scheduled_event_user_add needs the event and the user in its cache."""
        parsers = self._connection.parsers
        for name, added in (
            ("GUILD_SCHEDULED_EVENT_USER_ADD", True),
            ("GUILD_SCHEDULED_EVENT_USER_REMOVE", False),
        ):
            original = parsers[name]

            def parse(data: Any, original: Any = original, added: bool = added) -> None:
                original(data)
                self.dispatch("interest_changed", data, added)

            parsers[name] = parse

    async def on_interest_changed(self, data: dict[str, Any], added: bool) -> None:
        if self.bridge is None:
            return
        user = (
            self.get_user(int(data["user_id"])) if str(data.get("user_id", "")).isdigit() else None
        )
        name = (user.global_name or user.name) if user is not None else ""
        await interest_changed(self.bridge.app.deps, data, added, name)

    def attach(self, bridge: Bridge) -> None:
        self.bridge = bridge
        self.use_router(bridge.app.deps.router)

    def use_router(self, router: Router) -> None:
        """Build the command tree (once per client: discord.py allows only one)."""
        if self.tree is None:
            self.tree = build_tree(self, router)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ActionButton)
        if self.tree is not None and self.sync_on_start:
            count = await sync_commands(self.tree, self.settings)
            log.info("synced %d Discord commands (%s)", count, self.settings.discord.command_sync)

    async def on_interaction(self, interaction: discord.Interaction[Any]) -> None:
        # Commands, autocomplete and buttons are dispatched by the tree and ActionButton;
        # modal submissions come here so that one survives a restart like a button does.
        if interaction.type is discord.InteractionType.modal_submit and self.bridge is not None:
            await self.bridge.submit(interaction)

    async def on_message(self, message: discord.Message) -> None:
        if self.bridge is None:
            return
        me = self.user.id if self.user else None
        if addressed(message, me):  # said to the bot: answered, not recorded as a reply
            await answer(message, self.bridge.app, self.settings)
            return
        found = heard(message, self.settings, me)
        if found is not None:
            await self.bridge.app.hear(found)

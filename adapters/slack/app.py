"""The bolt AsyncApp: one listener per root command, one for every button, one for every
form, thread replies for listeners, and the App Home tab.

Listeners translate payloads into the core's interactions and hand them to `runtime.app`;
the answer goes back through `Answerer`. Commands and buttons ack at once (Slack wants an
answer within 3 seconds) and do the work after; a form submission runs its handler before
acking, briefly, because field errors can only be shown in the ack.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.runtime import Runtime
from adapters.slack.answer import Answerer, Where
from adapters.slack.commands import slack_names
from adapters.slack.conversation import Conversation, unescape
from adapters.slack.forms import Origin, error_response, modal, submitted_values
from adapters.slack.home import home_view
from adapters.slack.render import LINK_ID_PREFIX
from adapters.slack.roles import SlackOrganizers
from adapters.slack.shortcuts import Shortcuts
from adapters.slack.unfurl import Unfurler
from adapters.slack.zones import ProfileZones
from bot.errors import UserError
from bot.features.members import api as people
from bot.model import Actor, ButtonPress, Command, FormSubmit, Message, Place, Reply
from storage import slack as slack_store

log = logging.getLogger(__name__)
FORM_WAIT_SECONDS = 2.5  # leave room in Slack's 3 s for the ack itself
SEEN_EVENTS = 10_000
ANY = re.compile(r".*")


class SeenEvents:
    """Event ids already handled by this process: Slack redelivers when an ack is slow."""

    def __init__(self, size: int = SEEN_EVENTS) -> None:
        self.size = size
        self._ids: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


class SlackBridge:
    """What the listeners share: the runtime, the Web API client and who organizes."""

    def __init__(
        self,
        runtime: Runtime,
        client: AsyncWebClient,
        organizers: SlackOrganizers,
        *,
        form_wait: float = FORM_WAIT_SECONDS,
    ) -> None:
        self.runtime = runtime
        self.client = client
        self.organizers = organizers
        self.answerer = Answerer(client)
        self.form_wait = form_wait
        self.seen = SeenEvents()
        self.roots = slack_names(runtime.deps.router.specs())
        self.zones = ProfileZones(runtime.deps, client)
        self.conversation = Conversation(self)

    async def note_member(self, actor: Actor) -> Actor:
        """Before answering a member: their Slack profile's time zone, when due, and the
        actor with their profile's locale (for their language, bot/features/members)."""
        await self.zones.refresh(actor.user_id)
        return self.with_locale(actor)

    def with_locale(self, actor: Actor) -> Actor:
        locale = self.zones.locale(actor.user_id)
        return dataclasses.replace(actor, locale=locale) if locale else actor

    async def on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        root = self.roots.get(str(body.get("command", "")).lstrip("/"), "")
        actor = await self.organizers.actor(str(body["user_id"]), str(body.get("user_name", "")))
        channel = str(body.get("channel_id") or "")
        text = unescape(str(body.get("text") or ""))
        # A command that reads no member data (a library search) never shows their zone:
        # their profile is read after the answer, which then does not wait for Slack.
        zoned = self.runtime.app.personal(root, text)
        if zoned:
            actor = await self.note_member(actor)
        else:
            actor = self.with_locale(actor)
        command = Command(root, text, actor, Place("slack", channel))
        reply = await self.runtime.app.handle(command)
        origin = Origin(channel, None, body.get("response_url"))
        await self.answerer.answer(reply, Where(actor.user_id, origin, body.get("trigger_id")))
        if not zoned:
            await self.note_member(actor)

    async def on_action(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        pressed = (body.get("actions") or [{}])[0]
        action_id = str(pressed.get("action_id") or "")
        if action_id.startswith(LINK_ID_PREFIX):
            return  # a link button: Slack opened the URL, nothing to do
        user = body.get("user") or {}
        actor = await self.organizers.actor(str(user.get("id")), _name(user))
        container = body.get("container") or {}
        channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
        thread = (body.get("message") or {}).get("thread_ts")
        place = Place("slack", channel, thread)
        actor = await self.note_member(actor)
        try:
            action = self.runtime.app.decode(action_id)
        except UserError as error:
            reply = Reply(text=error.message)
        else:
            reply = await self.runtime.app.handle(ButtonPress(action, actor, place))
        origin = Origin(channel, thread, body.get("response_url"))
        ephemeral = bool(container.get("is_ephemeral"))
        on_message = container.get("type") == "message"
        await self.answerer.answer(
            reply, Where(actor.user_id, origin, body.get("trigger_id"), ephemeral, on_message)
        )
        if (body.get("view") or {}).get("type") == "home":
            await self.publish_home(actor.user_id, _name(user))

    async def on_submit(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body.get("view") or {}
        user = body.get("user") or {}
        origin = Origin.load(view.get("private_metadata"))
        where = Where(str(user.get("id")), origin)
        values = submitted_values(view.get("state") or {})
        # Everything before the ack, the organizer lookup included, shares Slack's 3 s.
        task = asyncio.ensure_future(self._submit(view, user, values, origin))
        done, _ = await asyncio.wait({task}, timeout=self.form_wait)
        if not done:
            # Too slow to answer inside the modal: close it and answer in the conversation.
            await ack()
            await self.answerer.answer(await task, where)
            return
        reply = task.result()
        if reply.form_errors:
            await ack(**error_response(reply.form_errors, list(values)))
        elif reply.form is not None:
            await ack(response_action="update", view=modal(reply.form, origin))
        else:
            await ack()
            await self.answerer.answer(reply, where)

    async def _submit(
        self, view: dict[str, Any], user: dict[str, Any], values: dict[str, str], origin: Origin
    ) -> Reply:
        try:
            form = self.runtime.app.decode(str(view.get("callback_id") or ""))
        except UserError as error:
            return Reply(text=error.message)
        actor = self.with_locale(await self.organizers.actor(str(user.get("id")), _name(user)))
        place = Place("slack", origin.channel_id, origin.thread_id)
        return await self.runtime.app.handle(FormSubmit(form, values, actor, place))

    async def on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") == "im":
            await self.conversation.on_direct(body, event)
            return
        thread = event.get("thread_ts")
        if not thread or thread == event.get("ts") or event.get("bot_id"):
            return
        if event.get("subtype") not in (None, "thread_broadcast") or not event.get("user"):
            return
        if not await self.first_delivery(body.get("event_id")):
            return
        actor = await self.organizers.actor(str(event["user"]))
        place = Place("slack", str(event.get("channel") or ""), str(thread))
        text = unescape(str(event.get("text") or ""))
        await self.runtime.app.hear(Message(actor, place, text, str(event.get("ts") or "")))

    async def first_delivery(self, event_id: str | None) -> bool:
        """False for an event this or another process has handled (Slack redelivers)."""
        if not self.seen.first_time(event_id):
            return False
        if not event_id:
            return True
        deps = self.runtime.deps
        try:
            async with deps.db.session() as session:
                return await slack_store.first_sighting(session, event_id, now=deps.clock.now())
        except Exception as error:
            # Hearing a reply twice beats losing it while the database is away.
            log.warning("could not record Slack event %s: %s", event_id, error)
            return True

    async def on_home_opened(self, event: dict[str, Any]) -> None:
        if event.get("tab", "home") == "home" and event.get("user"):
            await self.publish_home(str(event["user"]))

    async def publish_home(self, user_id: str, display_name: str = "") -> None:
        actor = await self.organizers.actor(user_id, display_name)
        await self.note_member(actor)
        try:
            # A linked member's Home shows the reminders they set on either account.
            actor = await people.resolve_actor(actor, self.runtime.deps)
        except Exception:
            # As for each card of the Home: a failure shows less, never no Home at all.
            log.exception("could not find the linked person of %s", actor.key)
        view = await home_view(self.runtime.deps, actor)
        try:
            await self.client.views_publish(user_id=user_id, view=view)
        except SlackApiError as error:
            log.warning("views.publish for %s failed: %s", user_id, error.response.get("error"))


def _name(user: dict[str, Any]) -> str:
    return str(user.get("name") or user.get("username") or user.get("id") or "")


def build_app(bridge: SlackBridge, *, signing_secret: str = "", verify: bool = True) -> AsyncApp:
    """The AsyncApp with every listener; `verify` checks request signatures (HTTP mode)."""
    app = AsyncApp(
        client=bridge.client,
        signing_secret=signing_secret,
        request_verification_enabled=verify,
        name="collab-bot",
    )
    for name in bridge.roots:
        app.command(f"/{name}")(bridge.on_command)
    app.action(ANY)(bridge.on_action)
    app.view(ANY)(bridge.on_submit)
    app.event("message")(bridge.on_message)
    app.event("app_mention")(bridge.conversation.on_mention)
    app.event("app_home_opened")(bridge.on_home_opened)
    shortcuts = Shortcuts(bridge.runtime, bridge.answerer, bridge.organizers)
    for callback_id in shortcuts.specs:
        app.shortcut(callback_id)(shortcuts.on_shortcut)
    app.event("link_shared")(Unfurler(bridge.runtime, bridge.client).on_link_shared)
    # Last: any other event is acknowledged (bolt answers 404 to an event nobody handles,
    # and Slack then retries it and may switch the subscription off).
    app.event(ANY)(ignore)
    return app


async def ignore() -> None:
    """Events are acked by bolt before their listener runs; nothing else to do."""

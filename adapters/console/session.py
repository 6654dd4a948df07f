"""One person at the console: lines become interactions, replies become text or JSON.

A bare number presses button N of the last reply, through the same encode/decode path the
platforms use; a reply that opens a form asks for its fields one by one. `/as amy` (or
`/as olga organizer`) switches who is typing: a DM the bot sends that person is shown with
its buttons numbered, pressable like a reply's (each person keeps the buttons of the latest
reply or DM to them).
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

from adapters.console.outbox import ConsoleOutbox
from adapters.console.platform import roles as console_roles
from adapters.console.render import PLAIN, Rendered, render
from adapters.runtime import Runtime
from bot.actions import Action
from bot.model import (
    ORGANIZER,
    Actor,
    Attachment,
    Button,
    ButtonPress,
    Command,
    DirectMessage,
    Form,
    FormSubmit,
    Input,
    Place,
    Reply,
)
from bot.serialize import reply_to_dict

Ask = Callable[[str], Awaitable[str | None]]
QUIT = {"/quit", "/exit", "quit", "exit"}
# A refused field is asked again; past this many rounds the form is left (its answers shown).
MAX_FORM_TRIES = 5
FILES = Path("collab-bot-files")  # attached files (an event's .ics) are written here
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}")
AS_USAGE = "Use /as <name> to type as a member, /as <name> organizer for an organizer."


class ConsoleSession:
    def __init__(
        self,
        runtime: Runtime,
        actor: Actor,
        *,
        write: Callable[[str], None] = print,
        ask: Ask | None = None,
        as_json: bool = False,
        place: Place | None = None,
        files: Path = FILES,
        strong: tuple[str, str] = PLAIN,
        outbox: ConsoleOutbox | None = None,
    ) -> None:
        self.runtime = runtime
        self.actor = actor
        self.place = place or Place("console", "general")
        self.write = write
        self.ask = ask
        self.as_json = as_json
        self.buttons: tuple[str, ...] = ()
        self.replies: list[Reply] = []
        self.files = files
        self.strong = strong
        # Each person's latest buttons: switching back with /as finds them again.
        self.kept: dict[str, tuple[str, ...]] = {}
        if outbox is not None:
            outbox.show_dm = self.show_dm

    async def handle_line(self, line: str) -> bool:
        """Handle one typed line; False when the person asked to quit."""
        line = line.strip()
        if not line:
            return True
        if line.lower() in QUIT:
            return False
        if line.split(" ", 1)[0].lower() == "/as":
            self.act_as(line[3:].split())
            return True
        if line.isdigit() and not 1 <= int(line) <= len(self.buttons):
            # Not a button now: say so, and leave the last reply's buttons pressable.
            shown = f"1 to {len(self.buttons)}" if self.buttons else "none right now"
            self._said(f"There is no button {line} (buttons: {shown}).")
            return True
        reply = await self._reply(line)
        await self.show(reply)
        if reply.form is not None:
            await self.fill(reply.form)
        return True

    async def _reply(self, line: str) -> Reply:
        if line.isdigit():
            return await self._press(int(line))
        if not line.startswith("/"):
            return Reply(text="Commands start with a slash. Type /help to see them.")
        name, _, text = line[1:].partition(" ")
        command = Command(name=name, text=text, actor=self.actor, place=self.place)
        return await self.runtime.app.handle(command)

    async def _press(self, number: int) -> Reply:
        encoded = self.buttons[number - 1]
        if encoded.startswith("url:"):
            return Reply(text=f"Open this link in your browser: {encoded[4:]}")
        try:
            action = Action.decode(encoded)
        except ValueError:
            return Reply(text="That button cannot be pressed any more.")
        return await self.runtime.app.handle(ButtonPress(action, self.actor, self.place))

    def act_as(self, words: list[str]) -> None:
        """Type as someone else from now on; the demo clock and the database go on as they are."""
        if not words:
            role = "an organizer" if self.actor.is_organizer else "a member"
            self._said(f"You are typing as {self.actor.user_id} ({role}). {AS_USAGE}")
            return
        name, rest = words[0], [w.lower() for w in words[1:]]
        if not _NAME.fullmatch(name) or rest not in ([], ["organizer"]):
            self._said(f"I cannot switch to {' '.join(words)[:40]!r}. {AS_USAGE}")
            return
        roles = console_roles(self.runtime.settings, name)
        if rest:
            roles = roles | {ORGANIZER}
        self.kept[self.actor.user_id] = self.buttons
        self.actor = Actor("console", name, name, frozenset(roles))
        self.buttons = self.kept.get(name, ())
        role = "an organizer" if ORGANIZER in roles else "a member"
        self._said(f"You are now typing as {name} ({role}); the clock goes on.")

    def _said(self, text: str) -> None:
        """A line from the console itself, shown as a reply would be (or as its JSON)."""
        self.write(json.dumps(reply_to_dict(Reply(text=text))) if self.as_json else text)

    def show_dm(
        self, target: DirectMessage, reply: Reply, label: str, printed: dict[str, object]
    ) -> bool:
        """A DM to the person typing: shown with numbered buttons that a number presses. A DM
        to someone else prints as any post; its buttons wait for /as to switch to them."""
        if target.platform != self.actor.platform:
            return False
        if target.user_id != self.actor.user_id:
            rendered = render(reply, self.strong)
            self.kept[target.user_id] = tuple(_encoded(b) for b in rendered.buttons)
            return False
        rendered = self._take(reply)
        if self.as_json:
            labels = [b.label for b in rendered.buttons]
            self.write(json.dumps({**printed, "buttons": labels}))
        else:
            self.write(f"{label} {rendered.text}")
        return True

    def _take(self, reply: Reply) -> Rendered:
        """Render `reply` and make its buttons the ones a number presses now."""
        self.replies.append(reply)
        rendered = render(reply, self.strong)
        # A number always means a button of the latest reply: none if it has none.
        self.buttons = tuple(_encoded(b) for b in rendered.buttons)
        return rendered

    async def show(self, reply: Reply) -> None:
        rendered = self._take(reply)
        saved = [self._save(a) for a in reply.attachments]
        if self.as_json:
            self.write(json.dumps(reply_to_dict(reply)))
        else:
            self.write("\n".join([rendered.text, *(f"(saved {path})" for path in saved)]))

    def _save(self, attachment: Attachment) -> Path:
        """Write an attached file (an event's .ics) where the person can open it."""
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / Path(attachment.filename).name
        path.write_bytes(attachment.content)
        return path.resolve()

    async def fill(self, form: Form) -> None:
        """Ask each field in turn and submit. A field the bot refuses is asked again with
        what was wrong, the other answers kept; a choice takes its number or its words."""
        if self.ask is None:
            return
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        for _ in range(MAX_FORM_TRIES):
            for item in form.inputs:
                if errors and item.name not in errors:
                    continue
                # A refused answer is not offered again as the default.
                default = item.initial if item.name in errors else values.get(item.name)
                answer = await self._answer(item, default or item.initial, errors.get(item.name))
                if answer is None:
                    self.write("Form cancelled; nothing was submitted.")
                    return
                if answer.startswith("/"):
                    # A command is never an answer: leave the form and run it.
                    self.write(f"Left the form ({form.title}); nothing was submitted.")
                    await self.handle_line(answer)
                    return
                values[item.name] = answer
            submit = FormSubmit(form.action, values, self.actor, self.place)
            reply = await self.runtime.app.handle(submit)
            await self.show(reply)
            if not reply.form_errors:
                return
            errors = dict(reply.form_errors)
        typed = "; ".join(f"{k}: {v}" for k, v in values.items() if v)
        self.write(f"Leaving this form after {MAX_FORM_TRIES} tries; nothing was saved. ({typed})")

    async def _answer(self, item: Input, default: str, error: str | None) -> str | None:
        """One field's answer (the default if left empty); a choice is asked until it is one
        of the listed ones. None when input ended."""
        assert self.ask is not None
        while True:
            answer = await self.ask(_prompt(item, default, error))
            if answer is None:
                return None
            answer = answer.strip()
            if answer.startswith("/"):
                return answer
            if not answer:
                return default
            if not item.choices:
                return answer
            chosen = pick(item.choices, answer)
            if chosen is not None:
                return chosen
            error = (
                f"{answer!r} is not one of the choices: type its number (1 to {len(item.choices)})."
            )


def _encoded(button: Button) -> str:
    """What a number presses: the button's action, or its link."""
    return button.action.encode() if button.action else f"url:{button.url}"


def pick(choices: tuple[str, ...], answer: str) -> str | None:
    """The choice a typed answer names: its number as listed (from 1), its words, or the start
    of exactly one choice (`anon`); None if it names none."""
    if answer.isdigit():
        number = int(answer)
        return choices[number - 1] if 1 <= number <= len(choices) else None
    lowered = answer.lower()
    for choice in choices:
        if choice.lower() == lowered:
            return choice
    starting = [c for c in choices if c.lower().startswith(lowered)]
    return starting[0] if len(starting) == 1 else None


def _prompt(item: Input, default: str, error: str | None) -> str:
    listed = "; ".join(f"{n}) {c}" for n, c in enumerate(item.choices, start=1))
    hint = f" ({listed})" if item.choices else ""
    optional = "" if item.required else " (optional)"
    shown = f" [{default}]" if default else ""
    fix = f"{error} " if error else ""
    return f"{fix}{item.label}{hint}{optional}{shown}: "

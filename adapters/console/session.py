"""One person at the console: lines become interactions, replies become text or JSON.

A bare number presses button N of the last reply, through the same encode/decode path the
platforms use; a reply that opens a form asks for its fields one by one.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

from adapters.console.render import PLAIN, render
from adapters.runtime import Runtime
from bot.actions import Action
from bot.model import (
    Actor,
    Attachment,
    ButtonPress,
    Command,
    Form,
    FormSubmit,
    Place,
    Reply,
)
from bot.serialize import reply_to_dict

Ask = Callable[[str], Awaitable[str | None]]
QUIT = {"/quit", "/exit", "quit", "exit"}
MAX_FORM_TRIES = 3
FILES = Path("collab-bot-files")  # attached files (an event's .ics) are written here


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

    async def handle_line(self, line: str) -> bool:
        """Handle one typed line; False when the person asked to quit."""
        line = line.strip()
        if not line:
            return True
        if line.lower() in QUIT:
            return False
        if line.isdigit() and not 1 <= int(line) <= len(self.buttons):
            # Not a button now: say so, and leave the last reply's buttons pressable.
            shown = f"1 to {len(self.buttons)}" if self.buttons else "none right now"
            self.write(f"There is no button {line} (buttons: {shown}).")
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

    async def show(self, reply: Reply) -> None:
        self.replies.append(reply)
        rendered = render(reply, self.strong)
        # A number always means a button of the latest reply: none if it has none.
        self.buttons = tuple(
            b.action.encode() if b.action else f"url:{b.url}" for b in rendered.buttons
        )
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
        """Ask each field in turn and submit; ask again (at most 3 times) if a field is wrong."""
        if self.ask is None:
            return
        values: dict[str, str] = {}
        errors: dict[str, str] = {}
        for _ in range(MAX_FORM_TRIES):
            for item in form.inputs:
                if errors and item.name not in errors:
                    continue
                answer = await self.ask(
                    _prompt(
                        item.label,
                        item.required,
                        item.choices,
                        values.get(item.name) or item.initial,
                        errors.get(item.name),
                    )
                )
                if answer is None:
                    self.write("Form cancelled.")
                    return
                if answer.strip().startswith("/"):
                    # A command is never an answer: leave the form and run it.
                    self.write(f"Left the form ({form.title}); nothing was submitted.")
                    await self.handle_line(answer)
                    return
                values[item.name] = answer.strip() or values.get(item.name, item.initial)
            submit = FormSubmit(form.action, values, self.actor, self.place)
            reply = await self.runtime.app.handle(submit)
            await self.show(reply)
            if not reply.form_errors:
                return
            errors = dict(reply.form_errors)
        self.write("Giving up on this form after three tries; nothing was saved.")


def _prompt(
    label: str, required: bool, choices: tuple[str, ...], default: str, error: str | None
) -> str:
    hint = f" (one of: {', '.join(choices)})" if choices else ""
    optional = "" if required else " (optional)"
    shown = f" [{default}]" if default else ""
    fix = f"{error} " if error else ""
    return f"{fix}{label}{hint}{optional}{shown}: "

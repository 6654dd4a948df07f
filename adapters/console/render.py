"""A Reply as terminal text: sections as cards, buttons numbered so a bare number presses one."""

from __future__ import annotations

from dataclasses import dataclass

from bot.model import Button, Reply, Text


def spans(text: Text) -> str:
    out = []
    for span in text:
        piece = f"*{span.text}*" if span.strong else span.text
        out.append(f"{piece} <{span.url}>" if span.url else piece)
    return "".join(out)


@dataclass(frozen=True)
class Rendered:
    text: str
    buttons: tuple[Button, ...]


def render(reply: Reply) -> Rendered:
    lines = [reply.text] if reply.text and not reply.sections else []
    if reply.sections:
        lines.append(reply.text.split("\n", 1)[0])
    buttons: list[Button] = []
    for section in reply.sections:
        lines.append("")
        if section.title:
            url = f" <{section.title_url}>" if section.title_url else ""
            lines.append(f"== {section.title}{url}")
        if section.text:
            lines.append(spans(section.text))
        lines.extend(f"  {field.label}: {spans(field.value)}" for field in section.fields)
        if section.footer:
            lines.append(f"  ({section.footer})")
        labels = []
        for button in section.buttons:
            buttons.append(button)
            suffix = f" <{button.url}>" if button.url else ""
            labels.append(f"[{len(buttons)}] {button.label}{suffix}")
        if labels:
            lines.append("  " + "  ".join(labels))
    for attachment in reply.attachments:
        lines.append(f"(attached: {attachment.filename}, {len(attachment.content)} bytes)")
    if reply.form:
        lines.append(f"(form: {reply.form.title})")
    return Rendered("\n".join(lines).strip("\n"), tuple(buttons))

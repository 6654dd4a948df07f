"""Replies as plain JSON-able dicts and back: for the console's --json and for queued posts."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from bot.actions import Action
from bot.model import Attachment, Button, Field, Form, Input, Reply, Section, Span, Text


def _text(text: Text) -> list[dict[str, Any]]:
    out = []
    for span in text:
        item: dict[str, Any] = {"text": span.text}
        if span.strong:
            item["strong"] = True
        if span.url:
            item["url"] = span.url
        if span.mention:
            item["mention"] = span.mention
        if span.at is not None:
            item["at"] = span.at.isoformat()
        if span.until is not None:
            item["until"] = span.until.isoformat()
        out.append(item)
    return out


def _button(button: Button) -> dict[str, Any]:
    item: dict[str, Any] = {"label": button.label, "style": button.style}
    if button.action is not None:
        item["action"] = button.action.encode()
    if button.url is not None:
        item["url"] = button.url
    return item


def _form(form: Form) -> dict[str, Any]:
    return {
        "action": form.action.encode(),
        "title": form.title,
        "submit_label": form.submit_label,
        "inputs": [
            {
                "name": i.name,
                "label": i.label,
                "kind": i.kind,
                "required": i.required,
                "initial": i.initial,
                "placeholder": i.placeholder,
                "max_length": i.max_length,
                "choices": list(i.choices),
            }
            for i in form.inputs
        ],
    }


def reply_to_dict(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text,
        "private": reply.private,
        "replace_original": reply.replace_original,
        "sections": [
            {
                "title": s.title,
                "title_url": s.title_url,
                "text": _text(s.text),
                "fields": [{"label": f.label, "value": _text(f.value)} for f in s.fields],
                "buttons": [_button(b) for b in s.buttons],
                "footer": s.footer,
            }
            for s in reply.sections
        ],
        "form": _form(reply.form) if reply.form else None,
        "attachments": [
            {
                "filename": a.filename,
                "mime_type": a.mime_type,
                "description": a.description,
                "content_base64": base64.b64encode(a.content).decode(),
            }
            for a in reply.attachments
        ],
        "form_errors": dict(reply.form_errors),
        "thread": reply.thread,
    }


def _moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _spans(items: list[dict[str, Any]]) -> Text:
    return tuple(
        Span(
            i["text"],
            bool(i.get("strong")),
            i.get("url"),
            mention=i.get("mention"),
            at=_moment(i.get("at")),
            until=_moment(i.get("until")),
        )
        for i in items
    )


def reply_from_dict(data: dict[str, Any]) -> Reply:
    form = data.get("form")
    return Reply(
        text=data["text"],
        private=data.get("private", True),
        replace_original=data.get("replace_original", False),
        sections=tuple(
            Section(
                title=s.get("title"),
                title_url=s.get("title_url"),
                text=_spans(s.get("text", [])),
                fields=tuple(Field(f["label"], _spans(f["value"])) for f in s.get("fields", [])),
                buttons=tuple(
                    Button(
                        b["label"],
                        Action.decode(b["action"]) if b.get("action") else None,
                        b.get("url"),
                        b.get("style", "default"),
                    )
                    for b in s.get("buttons", [])
                ),
                footer=s.get("footer"),
            )
            for s in data.get("sections", [])
        ),
        form=Form(
            Action.decode(form["action"]),
            form["title"],
            tuple(
                Input(
                    i["name"],
                    i["label"],
                    i["kind"],
                    i["required"],
                    i["initial"],
                    i["placeholder"],
                    i["max_length"],
                    tuple(i["choices"]),
                )
                for i in form["inputs"]
            ),
            form["submit_label"],
        )
        if form
        else None,
        attachments=tuple(
            Attachment(
                a["filename"],
                base64.b64decode(a["content_base64"]),
                a["mime_type"],
                a.get("description", ""),
            )
            for a in data.get("attachments", [])
        ),
        form_errors=dict(data.get("form_errors", {})),
        thread=data.get("thread"),
    )

"""The organizer forms: add or edit a resource (five inputs), then its details (five more).

Discord modals hold five inputs, so the ten fields of a resource are split in two forms;
"Add details" follows every save.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.actions import Action
from bot.errors import FormErrors
from bot.features.resources.records import (
    MAX_DESCRIPTION,
    MAX_TITLE,
    TYPES,
    RowError,
    to_data,
)
from bot.model import Form, Input
from storage.models.resources import MAX_URL
from storage.resources import ResourceData

ADD = "resources.add"
EDIT = "resources.edit"
DETAILS = "resources.details"
MAIN_FIELDS = ("title", "url", "type", "topics", "description")
DETAIL_FIELDS = ("organization", "published", "authors", "audience", "language")


def main_form(action: Action, title: str, data: ResourceData | None = None) -> Form:
    given = data or ResourceData(url_key="", url="", title="")
    return Form(
        action=action,
        title=title,
        inputs=(
            Input("title", "Title", max_length=MAX_TITLE, initial=given.title),
            Input("url", "Link (https://…)", max_length=MAX_URL, initial=given.url),
            Input(
                "type",
                "Type",
                kind="choice",
                choices=TYPES,
                initial=given.type if data else "",
                required=False,
            ),
            Input(
                "topics",
                "Topics, separated by ;",
                required=False,
                initial="; ".join(given.topics),
                placeholder="housing; policy; rural health",
                max_length=1000,
            ),
            Input(
                "description",
                "Description",
                kind="long",
                required=False,
                initial=given.description,
                max_length=MAX_DESCRIPTION,
            ),
        ),
        submit_label="Save",
    )


def details_form(resource_id: int, data: ResourceData) -> Form:
    return Form(
        action=Action(DETAILS, (str(resource_id),)),
        title="Resource details",
        inputs=(
            Input("organization", "Organization", required=False, initial=data.organization),
            Input(
                "published",
                "Published (2024, 2024-05 or 2024-05-01)",
                required=False,
                initial=data.published,
                max_length=10,
            ),
            Input(
                "authors",
                "Authors, separated by ;",
                required=False,
                initial="; ".join(data.authors),
            ),
            Input(
                "audience",
                "Audience or sector, separated by ;",
                required=False,
                initial="; ".join(data.audience),
            ),
            Input(
                "language",
                "Language (en, es…; empty: read from the text)",
                required=False,
                initial=data.language,
                max_length=20,
            ),
        ),
        submit_label="Save",
    )


def merged(
    base: ResourceData | None, values: Mapping[str, str], fields: tuple[str, ...]
) -> ResourceData:
    """`base` with the submitted `fields` replaced, validated; FormErrors names the field."""
    row: dict[str, object] = {}
    if base is not None:
        row = {
            "title": base.title,
            "url": base.url,
            "description": base.description,
            "type": base.type,
            "topics": list(base.topics),
            "authors": list(base.authors),
            "audience": list(base.audience),
            "organization": base.organization,
            "published": base.published,
            "language": base.language,
        }
    for name in fields:
        row[name] = values.get(name, "")
    try:
        return to_data(row)
    except RowError as error:
        field = error.field if error.field in fields else fields[0]
        raise FormErrors({field: error.reason}) from None

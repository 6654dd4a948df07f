"""One resource as people write it (an import row, a form): validated into storage's shape.

Every problem is a `RowError` naming the field, so an import can list it with its line and a
form can show it next to the input.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from storage.models.resources import MAX_URL
from storage.resources import ResourceData, strip_marks
from storage.resources.language import code, guess

TYPES: tuple[str, ...] = (
    "blog",
    "podcast",
    "webinar recording",
    "toolkit",
    "report",
    "guide",
    "article",
    "video",
    "course",
    "dataset",
    "organization",
    "other",
)
# Words people use for a type, mapped to ours.
TYPE_ALIASES: dict[str, str] = {
    "webinar": "webinar recording",
    "recording": "webinar recording",
    "episode": "podcast",
    "podcast episode": "podcast",
    "blog post": "blog",
    "post": "blog",
    "tool": "toolkit",
    "tools": "toolkit",
    "data": "dataset",
    "tracker": "dataset",
    "org": "organization",
    "organisation": "organization",
    "paper": "article",
}
COLUMNS: tuple[str, ...] = (
    "title",
    "url",
    "description",
    "type",
    "topics",
    "authors",
    "organization",
    "published",
    "audience",
    "language",
)
LIST_COLUMNS = frozenset({"topics", "authors", "audience"})
# Accepted in place of a column (het_resources.json and similar lists call topics "tags").
ALIASES: dict[str, str] = {"tags": "topics", "lang": "language", "idioma": "language"}
MAX_TITLE = 300
MAX_DESCRIPTION = 4000
MAX_ITEM = 100
MAX_ITEMS = 20
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RowError(ValueError):
    """A value that cannot be stored; `field` names the column."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def clean(value: object) -> str:
    """One line of text: no control characters, no highlight markers, single spaces."""
    if value is None:
        return ""
    return _SPACE.sub(" ", strip_marks(_CONTROL.sub("", str(value)))).strip()


# Query parameters that say where a click came from, not what the page is.
TRACKING = frozenset(
    {"fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid"}
    | {"mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "oly_enc_id", "oly_anon_id"}
)


def is_tracking(key: str) -> bool:
    key = key.lower()
    return key.startswith(("utm_", "pk_", "mtm_")) or key in TRACKING


def normalize_url(url: str) -> str:
    """The identity of a link: lowercase scheme and host, no fragment, trailing slash or
    tracking parameters (utm_* and the like)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = urlencode([(k, v) for k, v in query if not is_tracking(k)])
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, kept, ""))


def check_url(value: object) -> str:
    url = clean(value)
    if not url:
        raise RowError("url", "missing; every resource needs a link")
    if len(url) > MAX_URL:
        raise RowError("url", f"longer than {MAX_URL} characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
        raise RowError("url", f"not a web link (http:// or https://): {url[:60]}")
    return url


def check_type(value: object) -> str:
    kind = clean(value).lower()
    if not kind:
        return "other"
    kind = TYPE_ALIASES.get(kind, kind)
    if kind not in TYPES:
        raise RowError("type", f"{kind[:40]!r} is not one of: {', '.join(TYPES)}")
    return kind


def check_published(value: object) -> tuple[str, int | None]:
    """``2024``, ``2024-05`` or ``2024-05-01`` (a full timestamp keeps its date)."""
    published = clean(value)[:10] if len(clean(value)) > 10 else clean(value)
    if not published:
        return "", None
    match = _PUBLISHED.fullmatch(published)
    if not match:
        raise RowError("published", f"{published!r} is not a year, year-month or date")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise RowError("published", f"{published!r} is not a real date") from None
    if not 1900 <= int(year) <= 2100:
        raise RowError("published", f"{year} is not a plausible year")
    return published, int(year)


def as_list(field: str, value: object) -> tuple[str, ...]:
    """A list from JSON, or a `;`-separated string from CSV; duplicates dropped, order kept."""
    items = value if isinstance(value, list | tuple) else str(value or "").split(";")
    out: dict[str, str] = {}
    for item in items:
        text = clean(item).replace(";", ",")
        if len(text) > MAX_ITEM:
            raise RowError(field, f"an entry is longer than {MAX_ITEM} characters")
        if text:
            out.setdefault(text.lower(), text)
    if len(out) > MAX_ITEMS:
        raise RowError(field, f"more than {MAX_ITEMS} entries")
    return tuple(out.values())


def check_language(value: object, title: str, description: str) -> str:
    """A language code from what was written ("es", "Spanish", "Español"); none written:
    what the title and description read as."""
    written = clean(value)
    found = code(written)
    if found is None:
        raise RowError("language", f"{written[:40]!r} is not a language; write es or en")
    return found or guess(title, description)


def to_data(row: Mapping[str, object]) -> ResourceData:
    """Validate one row (keys from COLUMNS; aliases already applied) into storage's shape."""
    title = clean(row.get("title"))
    if not title:
        raise RowError("title", "missing")
    if len(title) > MAX_TITLE:
        raise RowError("title", f"longer than {MAX_TITLE} characters")
    description = clean(row.get("description"))
    if len(description) > MAX_DESCRIPTION:
        raise RowError("description", f"longer than {MAX_DESCRIPTION} characters")
    organization = clean(row.get("organization"))
    if len(organization) > 200:
        raise RowError("organization", "longer than 200 characters")
    url = check_url(row.get("url"))
    published, year = check_published(row.get("published"))
    return ResourceData(
        url_key=normalize_url(url),
        url=url,
        title=title,
        description=description,
        type=check_type(row.get("type")),
        topics=as_list("topics", row.get("topics")),
        authors=as_list("authors", row.get("authors")),
        audience=as_list("audience", row.get("audience")),
        organization=organization,
        published=published,
        year=year,
        language=check_language(row.get("language"), title, description),
    )


def to_row(data: ResourceData) -> dict[str, object]:
    """The export shape: every column, lists as lists."""
    return {
        "title": data.title,
        "url": data.url,
        "description": data.description,
        "type": data.type,
        "topics": list(data.topics),
        "authors": list(data.authors),
        "organization": data.organization,
        "published": data.published,
        "audience": list(data.audience),
        "language": data.language,
    }

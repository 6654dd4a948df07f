"""Resource files in and out: CSV, JSON (a list of objects) and JSONL, with line numbers.

Reading never stops at a bad row: each row keeps the line it starts on so an import can
say exactly which rows it skipped and why. Unknown columns are reported, not dropped silently.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

from bot.features.resources.records import ALIASES, COLUMNS, LIST_COLUMNS

Format = Literal["csv", "json", "jsonl"]
Row = dict[str, object]


class FileError(ValueError):
    """The file as a whole cannot be read (not the format it claims to be)."""


@dataclass
class Parsed:
    rows: list[tuple[int, Row]] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def guess_format(path: Path) -> Format:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".json":
        return "json"
    return "csv"


def read_path(path: Path) -> Parsed:
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileError(f"{path.name} is not UTF-8 text: {error.reason}") from None
    return read_text(content, guess_format(path))


def read_text(content: str, fmt: Format) -> Parsed:
    readers = {"csv": _read_csv, "json": _read_json, "jsonl": _read_jsonl}
    parsed = readers[fmt](content)
    return _canonical(parsed)


def _canonical(parsed: Parsed) -> Parsed:
    """Known keys under their canonical names; unknown ones listed once, in order seen."""
    unknown: dict[str, None] = {}
    rows = []
    for line, row in parsed.rows:
        out: Row = {}
        for key, value in row.items():
            name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
            if name in COLUMNS:
                out[name] = value
            elif name not in ("id",):
                unknown.setdefault(str(key), None)
        rows.append((line, out))
    return Parsed(rows, list(unknown), parsed.errors)


def _read_csv(content: str) -> Parsed:
    parsed = Parsed()
    reader = csv.DictReader(io.StringIO(content, newline=""))
    try:
        start = reader.line_num + 1
        for record in reader:
            if None in record:
                parsed.errors.append((start, "more values than columns"))
            else:
                row = {k: v for k, v in record.items() if k is not None}
                if any((v or "").strip() for v in row.values()):
                    parsed.rows.append((start, dict(row)))
            start = reader.line_num + 1
    except csv.Error as error:
        raise FileError(f"not valid CSV near line {reader.line_num}: {error}") from None
    return parsed


def _read_jsonl(content: str) -> Parsed:
    parsed = Parsed()
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            parsed.errors.append((number, f"not valid JSON: {error.msg}"))
            continue
        _take(parsed, number, value)
    return parsed


def _read_json(content: str) -> Parsed:
    """A list of objects (or {"resources": [...]}); each object keeps its starting line."""
    try:
        document = json.loads(content)
    except json.JSONDecodeError as error:
        raise FileError(f"not valid JSON at line {error.lineno}: {error.msg}") from None
    if isinstance(document, dict) and isinstance(document.get("resources"), list):
        items = document["resources"]
    elif isinstance(document, list):
        items = document
    else:
        raise FileError('expected a JSON list of objects (or {"resources": [...]})')
    parsed = Parsed()
    for line, value in zip(_item_lines(content, len(items)), items, strict=True):
        _take(parsed, line, value)
    return parsed


def _item_lines(content: str, count: int) -> list[int]:
    """The line each item of the (first) list in `content` starts on."""
    decoder = json.JSONDecoder()
    start = content.find("[", content.find('"resources"') if content.lstrip()[:1] == "{" else 0)
    lines, index = [], start + 1
    for _ in range(count):
        while content[index] in " \t\r\n,":
            index += 1
        lines.append(content.count("\n", 0, index) + 1)
        _, index = decoder.raw_decode(content, index)
    return lines


def _take(parsed: Parsed, line: int, value: object) -> None:
    if isinstance(value, dict):
        parsed.rows.append((line, value))
    else:
        parsed.errors.append((line, "not an object with named fields"))


async def write_csv(rows: AsyncIterable[Mapping[str, object]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    async for row in rows:
        writer.writerow({k: _cell(k, row[k]) for k in COLUMNS})


def _cell(name: str, value: object) -> object:
    if name in LIST_COLUMNS and isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


async def write_json(rows: AsyncIterable[Mapping[str, object]], out: TextIO) -> None:
    """A JSON list, one object per line, written as it goes (a large library streams)."""
    out.write("[")
    first = True
    async for row in rows:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(dict(row), ensure_ascii=False))
        first = False
    out.write("\n]\n")

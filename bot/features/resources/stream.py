"""An organizer's file read as it streams: its encoding detected (Excel on Windows saves
cp1252), each row with the line it starts on, memory bounded whatever the file size.

CSV and JSONL stream row by row; a JSON list is parsed whole (use JSONL for big files).
A line that cannot be decoded is reported with its number instead of failing the file.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from bot.features.resources.files import FileError, Format, Row, guess_format, read_text
from bot.features.resources.records import ALIASES, COLUMNS

CHUNK = 1 << 20
SAMPLE = 1 << 20
Item = tuple[int, Row | str]  # a row, or the reason the row on that line was skipped


@dataclass
class Source:
    path: Path
    fmt: Format
    encoding: str
    size: int
    done: int = 0  # bytes read so far, for a progress bar
    unknown_columns: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        if self.encoding in ("utf-8", "utf_8", "utf-8-sig"):
            return ""
        return (
            f"Read as {self.encoding} (the file is not UTF-8). If accented letters look "
            'wrong, save it as "CSV UTF-8" and import again.'
        )


def open_source(path: Path) -> Source:
    size = path.stat().st_size
    return Source(path, guess_format(path), detect_encoding(path), size)


def detect_encoding(path: Path) -> str:
    """utf-8 when every byte decodes as UTF-8. Otherwise, from a sample around the first byte
    that does not: still utf-8 when other lines there are UTF-8 with accents (a few bad rows,
    reported by line); else cp1252, what Excel on Windows saves, when it reads most rows there;
    else what charset-normalizer makes of it."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                handle.seek(max(0, offset + error.start - SAMPLE // 2))
                return _guess(handle.read(SAMPLE))
            offset += len(chunk)
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _guess(sample: bytes) -> str:
    lines = [line for line in sample.splitlines()[1:-1] if not line.isascii()] or [sample]
    if any(_decodes(line, "utf-8") for line in lines):
        return "utf-8"
    if sum(_decodes(line, "cp1252") for line in lines) * 2 > len(lines):
        return "cp1252"  # the rows it cannot read are reported by line
    guess = from_bytes(sample).best()
    return guess.encoding if guess is not None else "cp1252"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def items(source: Source) -> Iterator[Item]:
    if source.fmt == "json":
        yield from _json_items(source)
        return
    bad: set[int] = set()
    lines = _decoded_lines(source, bad)
    reader = _csv_items(source, lines, bad) if source.fmt == "csv" else _jsonl_items(lines, bad)
    for line, item in reader:
        yield line, _canonical(source, item) if isinstance(item, dict) else item


def _decoded_lines(source: Source, bad: set[int]) -> Iterator[str]:
    encoding = "utf-8-sig" if source.encoding in ("utf-8", "utf_8") else source.encoding
    with source.path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            source.done += len(raw)
            try:
                text = raw.decode(encoding if number == 1 else encoding.replace("-sig", ""))
            except UnicodeDecodeError:
                bad.add(number)
                text = raw.decode(source.encoding, errors="replace")
            yield text


def _unreadable(source: Source) -> str:
    return (
        f"cannot be read as {source.encoding} (bytes that are not text there); "
        'fix that row or save the file as "CSV UTF-8"'
    )


def _csv_items(source: Source, lines: Iterator[str], bad: set[int]) -> Iterator[Item]:
    reader = csv.DictReader(lines)
    try:
        start = 2
        for record in reader:
            end = reader.line_num
            if any(n in bad for n in range(start, end + 1)):
                yield start, _unreadable(source)
            elif None in record:
                yield start, "more values than columns"
            else:
                row = {k: v for k, v in record.items() if k is not None}
                if any((v or "").strip() for v in row.values()):
                    yield start, dict(row)
            start = end + 1
    except csv.Error as error:
        raise FileError(f"not valid CSV near line {reader.line_num}: {error}") from None


def _jsonl_items(lines: Iterator[str], bad: set[int]) -> Iterator[Item]:
    for number, line in enumerate(lines, start=1):
        if number in bad:
            yield number, "cannot be read as text; save the file as UTF-8"
        elif line.strip():
            try:
                value = json.loads(line)
            except json.JSONDecodeError as error:
                yield number, f"not valid JSON: {error.msg}"
                continue
            yield (number, value) if isinstance(value, dict) else (number, _NOT_OBJECT)


_NOT_OBJECT = "not an object with named fields"


def _json_items(source: Source) -> Iterator[Item]:
    data = source.path.read_bytes()
    source.done = len(data)
    parsed = read_text(data.decode(source.encoding).lstrip("\ufeff"), "json")
    source.unknown_columns = parsed.unknown_columns
    merged: list[Item] = [*parsed.rows, *parsed.errors]
    yield from sorted(merged, key=lambda item: item[0])


def _canonical(source: Source, row: Row) -> Row:
    out: Row = {}
    for key, value in row.items():
        name = ALIASES.get(str(key).strip().lower(), str(key).strip().lower())
        if name in COLUMNS:
            out[name] = value
        elif name != "id" and str(key) not in source.unknown_columns:
            source.unknown_columns.append(str(key))
    return out

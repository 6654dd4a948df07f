"""A PostgreSQL search as the database reads it, with what it repeats merged.

The thesaurus joins forms that stem alike ("immigrant | immigrants" is 'immigr' | 'immigr')
and phrases of a word it also asks for alone ("housing | housing instability"). PostgreSQL
estimates an OR by adding up its parts, so each repeat inflates the estimate; at 100,000 rows
that made the planner walk 18,000 rows one by one where it should have intersected two
indexes, and a phrase costs a recheck of every row. Merging changes nothing a search matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*'(?::[*A-D]+)?)|(<\d+>|<->)|([&|!()]))")
_PRECEDENCE = {"|": 1, "&": 2}
_PHRASE = 3


@dataclass(frozen=True)
class _Node:
    op: str  # "" for a lexeme, "!", "&", "|", or a phrase operator such as "<->"
    parts: tuple[_Node | str, ...]


Tree = _Node | str


async def normalized(session: AsyncSession, expression: str, config: str = "english") -> str:
    """`expression` (for to_tsquery) as tsquery text in `config` ("english" or "spanish"),
    repeats merged. Both are read in one statement, once per search session: a search
    asks for both, and reads the same expression several times."""
    cache: dict[tuple[str, str], str] = session.info.setdefault("tsqueries", {})
    if (config, expression) not in cache:
        sql = text("SELECT to_tsquery('english', :q)::text, to_tsquery('spanish', :q)::text")
        english, spanish = (await session.execute(sql, {"q": expression})).one()
        cache[("english", expression)] = merged(english)
        cache[("spanish", expression)] = merged(spanish)
    return cache[(config, expression)]


def merged(query: str) -> str:
    """tsquery text with nested ANDs and ORs flattened and their repeated parts dropped;
    text it cannot read comes back unchanged (it is PostgreSQL's own output)."""
    tokens = _tokens(query)
    if not tokens:
        return query
    try:
        tree, end = _parse(tokens, 0, 0)
    except (IndexError, ValueError):
        return query
    return _show(tree) if end == len(tokens) else query


def _tokens(query: str) -> list[str]:
    out, at = [], 0
    while at < len(query.rstrip()):
        found = _TOKEN.match(query, at)
        if not found:
            return []
        out.append(next(group for group in found.groups() if group))
        at = found.end()
    return out


def _binary(token: str) -> int:
    if token in _PRECEDENCE:
        return _PRECEDENCE[token]
    return _PHRASE if token.startswith("<") else 0


def _parse(tokens: list[str], at: int, floor: int) -> tuple[Tree, int]:
    """Precedence climbing: | below & below phrase operators below !."""
    left, at = _operand(tokens, at)
    while at < len(tokens) and _binary(tokens[at]) > floor:
        op = tokens[at]
        right, at = _parse(tokens, at + 1, _binary(op))
        left = _join(op, left, right)
    return left, at


def _operand(tokens: list[str], at: int) -> tuple[Tree, int]:
    token = tokens[at]
    if token == "!":
        inner, at = _operand(tokens, at + 1)
        return _Node("!", (inner,)), at
    if token == "(":
        inner, at = _parse(tokens, at + 1, 0)
        if tokens[at] != ")":
            raise ValueError("unbalanced")
        return inner, at + 1
    if token.startswith("'"):
        return token, at + 1
    raise ValueError(token)


def _join(op: str, left: Tree, right: Tree) -> Tree:
    if op not in _PRECEDENCE:
        return _Node(op, (left, right))
    parts: list[Tree] = []
    for side in (left, right):
        for part in side.parts if isinstance(side, _Node) and side.op == op else (side,):
            if _show(part) not in {_show(p) for p in parts}:
                parts.append(part)
    if op == "|":
        parts = _absorbed(parts)
    return parts[0] if len(parts) == 1 else _Node(op, tuple(parts))


def _absorbed(parts: list[Tree]) -> list[Tree]:
    """Without phrases that contain a lexeme the OR also asks for alone: every row holding
    "housing instability" holds "housing" ('hous' | 'hous' <-> 'instabl' is 'hous')."""
    alone = {part for part in parts if isinstance(part, str)}
    return [part for part in parts if not (_phrase_lexemes(part) & alone)]


def _phrase_lexemes(tree: Tree) -> set[str]:
    """The lexemes of a phrase made only of lexemes and phrase operators, else none."""
    if isinstance(tree, str) or not tree.op.startswith("<"):
        return set()
    found: set[str] = set()
    for part in tree.parts:
        inner = {part} if isinstance(part, str) else _phrase_lexemes(part)
        if not inner:
            return set()
        found |= inner
    return found


def _show(tree: Tree) -> str:
    if isinstance(tree, str):
        return tree
    if tree.op == "!":
        return "!" + _wrapped(tree.parts[0])
    return f" {tree.op} ".join(_wrapped(part) for part in tree.parts)


def _wrapped(tree: Tree) -> str:
    return _show(tree) if isinstance(tree, str) or tree.op == "!" else f"( {_show(tree)} )"

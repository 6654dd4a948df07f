"""The router: one table per kind, duplicates fail at start, sub-commands resolve."""

import pytest

from bot.features import build_router
from bot.model import Reply
from bot.router import DuplicateName, Router


async def _reply(*_args: object) -> Reply:
    return Reply(text="ok")


def test_duplicate_command_fails_when_routers_are_combined() -> None:
    one, two = Router("one"), Router("two")
    one.command("help", "Mine")(_reply)
    with pytest.raises(DuplicateName, match="help"):
        build_router([one])
    two.action("x.y")(_reply)
    with pytest.raises(DuplicateName):
        two.action("x.y")(_reply)


def test_sub_commands_resolve_before_the_root() -> None:
    router = Router()
    router.command("resources", "Search")(_reply)
    router.command("resources add", "Add")(_reply)
    spec, _, rest = router.resolve("resources", "add My title") or (None, None, "")
    assert spec is not None and spec.name == "resources add" and rest == "My title"
    spec, _, rest = router.resolve("/Resources", "addiction recovery") or (None, None, "")
    assert spec is not None and spec.name == "resources" and rest == "addiction recovery"
    assert router.resolve("nope", "") is None


def test_descriptions_are_capped_for_the_platforms() -> None:
    with pytest.raises(ValueError, match="100"):
        Router().command("x", "d" * 101)

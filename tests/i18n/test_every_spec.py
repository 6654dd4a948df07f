"""Every description a member reads in /help (commands, their options, message commands)
has its Spanish in the catalog: found from the composed router itself, so a description
the extraction cannot see (a name held in a constant, say) still fails here."""

from __future__ import annotations

from bot.features import build_router
from tests.i18n.catalog_checks import catalog


def test_every_description_help_shows_is_translated() -> None:
    router = build_router()
    po = catalog("es")
    said = [spec.description for spec in router.specs()]
    said += [param.description for spec in router.specs() for param in spec.params]
    said += [menu.description for menu in router.message_commands.values()]
    found = {text: po.get(text) for text in said}
    missing = [text for text, message in found.items() if message is None or not message.string]
    assert missing == []

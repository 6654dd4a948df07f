"""/language through the core: one choice for a person's linked accounts, a clear answer to
a language the bot does not have, and an error told in the member's language."""

from __future__ import annotations

from tests.harness import TestBot, reply_text
from tests.members.test_link import DISCORD, SLACK, code_for, link


async def test_linked_accounts_share_one_language(bot: TestBot) -> None:
    await link(bot)
    chosen = await bot.command("/language es", SLACK, platform="slack")
    assert chosen.text.startswith("Listo: te respondo en español.")
    on_discord = await bot.command("/help", DISCORD, platform="discord")
    assert "Esto es lo que collab-bot puede hacer por ti" in reply_text(on_discord)
    shown = await bot.command("/language", DISCORD, platform="discord")
    assert shown.text.startswith("Te respondo en español, como elegiste.")


async def test_a_language_the_bot_does_not_have_is_refused_with_the_choices(bot: TestBot) -> None:
    refused = await bot.command("/language klingon", "ana")
    assert refused.text == (
        "I don't have klingon. Choose one of: /language en (English), "
        "/language es (español), /language auto."
    )
    await bot.command("/language es", "ana")
    again = await bot.command("/language fr", "ana")
    assert again.text.startswith("No tengo «fr». Elige uno de estos:")


async def test_errors_and_unknown_commands_are_told_in_the_members_language(
    bot: TestBot,
) -> None:
    await bot.command("/language es", "ana")
    unknown = await bot.command("/resorces housing", "ana")
    assert unknown.text == (
        "No conozco /resorces. ¿Quisiste decir /resources? Escribe /help para ver lo que "
        "puedo hacer."
    )
    organizers_only = await bot.command("/resources add", "ana")
    assert organizers_only.text.startswith("Solo el equipo organizador puede hacer eso.")
    kept = await bot.command("/privacy", "ana")
    assert "Lo que el bot guarda sobre ti" in reply_text(kept)
    assert "Zona horaria: sin elegir (se usa la predeterminada)." in reply_text(kept)


async def test_linking_keeps_a_language_chosen_before(bot: TestBot) -> None:
    await bot.command("/language es", DISCORD, platform="discord")
    code = await code_for(bot, SLACK)  # the Slack account made the code: its row is kept
    linked = await bot.command(f"/link {code}", DISCORD, platform="discord")
    assert linked.text.startswith("Vinculadas: tus cuentas de Slack y Discord")
    on_slack = await bot.command("/help", SLACK, platform="slack")
    assert "Esto es lo que collab-bot puede hacer por ti" in reply_text(on_slack)
    await bot.command("/unlink", SLACK, platform="slack")
    assert "Esto es lo que" in reply_text(await bot.command("/help", DISCORD, platform="discord"))

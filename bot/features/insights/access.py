"""Whether a dashboard link's organizer is still one, asked afresh on every load.

A signed link lives up to a week; an organizer who loses the role must lose the dashboard
at once. The platform's own answer is used where its adapter runs in this process (a Slack
user group, Discord roles); otherwise the ids in config decide, and a role-based organizer
whose platform is not here is refused (fail closed). The adapters register every check.
"""

from __future__ import annotations

from bot.deps import Deps


async def still_organizer(deps: Deps, account_key: str) -> bool:
    platform, _, user_id = account_key.partition(":")
    check = deps.organizer_checks.get(platform)
    if check is None:
        return False
    try:
        return await check(user_id)
    except Exception:
        return False  # the platform cannot say: no dashboard until it can

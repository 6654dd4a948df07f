"""A member's permissions in a channel, computed as Discord's docs describe (Permissions >
Permission Overwrites): base from @everyone and roles, then overwrites in order."""

from __future__ import annotations

from typing import Any

ADMINISTRATOR = 1 << 3
BITS = {
    "View Channel": 1 << 10,
    "Send Messages": 1 << 11,
    "Embed Links": 1 << 14,
    "Create Public Threads": 1 << 35,
    "Send Messages in Threads": 1 << 38,
}
CHANNEL_POST = BITS["View Channel"] | BITS["Send Messages"] | BITS["Embed Links"]
THREAD_POST = BITS["Create Public Threads"] | BITS["Send Messages in Threads"]
ALL = (1 << 53) - 1


def names(bits: int) -> list[str]:
    return [name for name, bit in BITS.items() if bits & bit]


def base_permissions(guild: Any, member: Any, member_id: int) -> int:
    if str(guild.get("owner_id")) == str(member_id):
        return ALL
    roles = {str(r["id"]): int(r["permissions"]) for r in guild.get("roles", [])}
    permissions = roles.get(str(guild["id"]), 0)  # @everyone's role id is the guild's id
    for role in member.get("roles", []):
        permissions |= roles.get(str(role), 0)
    return ALL if permissions & ADMINISTRATOR else permissions


def channel_permissions(guild: Any, member: Any, member_id: int, overwrites: list[Any]) -> int:
    permissions = base_permissions(guild, member, member_id)
    if permissions == ALL:
        return ALL
    by_id = {str(o["id"]): o for o in overwrites}
    everyone = by_id.get(str(guild["id"]))
    if everyone:
        permissions = (permissions & ~int(everyone["deny"])) | int(everyone["allow"])
    allow = deny = 0
    for role in member.get("roles", []):
        overwrite = by_id.get(str(role))
        if overwrite:
            allow |= int(overwrite["allow"])
            deny |= int(overwrite["deny"])
    permissions = (permissions & ~deny) | allow
    own = by_id.get(str(member_id))
    if own:
        permissions = (permissions & ~int(own["deny"])) | int(own["allow"])
    return permissions

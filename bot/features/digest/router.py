"""The digest feature's one Router; commands, the job and the renderer register on it."""

from bot.router import Router

router = Router("digest")
KIND = "digest.member"

"""Posting on its own: the durable delivery queue, its worker and the scheduler around it."""

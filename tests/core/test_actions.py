"""Button ids: state round-trips through the id, which stays within 100 characters."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.actions import MAX_ID_LENGTH, Action, ActionIdError, fit_arg


@given(
    name=st.from_regex(r"[a-z]{1,12}\.[a-z_]{1,12}", fullmatch=True),
    args=st.lists(st.text(max_size=15), max_size=3),
)
def test_any_state_round_trips(name: str, args: list[str]) -> None:
    action = Action(name, tuple(args))
    try:
        encoded = action.encode()
    except ActionIdError:
        return
    assert len(encoded) <= MAX_ID_LENGTH
    assert Action.decode(encoded) == action


def test_colons_and_percent_in_args_survive() -> None:
    action = Action("resources.more", ("a:b%c", "2"))
    assert Action.decode(action.encode()) == action


def test_too_long_fails_at_encode_and_fit_arg_makes_it_fit() -> None:
    with pytest.raises(ActionIdError):
        Action("resources.more", ("x" * 200,)).encode()
    text = fit_arg("équité " * 40, 80)
    assert len(Action("resources.more", (text,)).encode()) <= MAX_ID_LENGTH


@pytest.mark.parametrize("bad", ["", ":x", "x" * 101])
def test_foreign_ids_are_refused(bad: str) -> None:
    with pytest.raises(ActionIdError):
        Action.decode(bad)

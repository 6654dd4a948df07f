"""Journey content in Spanish: a quarter's theme and introduction, a prompt's text and
questions, each optional and checked like the English (room buscar; rendering at merge)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.features.journey.content import ContentError, load_content

SPANISH = """
[quarters.Q2]
theme = "Partnerships and Coalitions"
theme_es = "Alianzas y coaliciones"
introduction = "This quarter: {theme}."
introduction_es = "Este trimestre: {theme}."
[quarters.Q2.kickoff]
text = "Welcome to {quarter}"
text_es = "Bienvenidos a {quarter}"
questions = ["Who is missing from your coalition?"]
questions_es = ["¿Quién falta en su coalición?"]
[[quarters.Q2.followups]]
offset = "4w"
text = "Halfway there"
"""


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "content.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_spanish_texts_are_read_beside_the_english(tmp_path: Path) -> None:
    quarter = load_content(write(tmp_path, SPANISH)).quarters[0]
    assert (quarter.theme_es, quarter.introduction_es) == (
        "Alianzas y coaliciones",
        "Este trimestre: {theme}.",
    )
    kickoff, followup = quarter.prompts
    assert kickoff.text_es == "Bienvenidos a {quarter}"
    assert kickoff.questions_es == ("¿Quién falta en su coalición?",)
    assert (followup.text_es, followup.questions_es) == ("", ())


def test_the_starter_set_still_reads_without_spanish() -> None:
    assert all(q.theme_es == "" for q in load_content("").quarters)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('text_es = "Bienvenidos a {quarter}"', 'text_es = "Hola {nombre}"'), "kickoff.text_es"),
        (('theme_es = "Alianzas y coaliciones"', "theme_es = 3"), "Q2.theme_es"),
        (
            ('questions_es = ["¿Quién falta en su coalición?"]', 'questions_es = "¿Quién?"'),
            "kickoff.questions_es",
        ),
        (('theme_es = "Alianzas y coaliciones"', 'tema_es = "Alianzas"'), "Q2.tema_es"),
    ],
)
def test_bad_spanish_is_refused_with_its_key(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    with pytest.raises(ContentError) as error:
        load_content(write(tmp_path, SPANISH.replace(*change)))
    assert error.value.key.endswith(key)

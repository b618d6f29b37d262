"""Rule *language-from-text*: a book that names no language gets the one its prose reads
as, with MK104 saying so; a language given is never second-guessed; too little text
stays English, with the warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkbook import api
from mkbook.readers.language import prose_sample

PROSE = {
    "ru": "Была чудная ночь, такая ночь, которая разве только и может быть тогда, когда мы "
          "молоды, любезный читатель. Небо было такое звездное, такое светлое небо, что, "
          "взглянув на него, невольно нужно было спросить себя: неужели же могут жить под "
          "таким небом разные сердитые и капризные люди?",
    "pt": "Era uma vez um rapaz que morava numa casa pequena perto do rio. Todas as manhãs ele "
          "acordava cedo, tomava o café com a avó e descia a rua até a escola, onde os "
          "colegas o esperavam para jogar bola antes da primeira aula do dia.",
    "fr": "Nous étions à l'étude, quand le proviseur entra, suivi d'un nouveau habillé en "
          "bourgeois et d'un garçon de classe qui portait un grand pupitre. Ceux qui "
          "dormaient se réveillèrent, et chacun se leva comme surpris dans son travail.",
    "de": "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich in "
          "seinem Bett zu einem ungeheueren Ungeziefer verwandelt. Er lag auf seinem "
          "panzerartig harten Rücken und sah, wenn er den Kopf ein wenig hob, seinen Bauch.",
    "en": "The rain had not stopped for three days, and the river was rising faster than "
          "anyone in the village could remember. The old men stood on the bridge and argued "
          "about the year of the great flood, and the children were sent home from school.",
}


def _book(tmp_path: Path, text: str, toml: str = "") -> api.Project:
    (tmp_path / "book.toml").write_text(toml or '[book]\ntitle = "T"\n', encoding="utf-8")
    (tmp_path / "one.md").write_text(f"# One\n\n{text}\n\n# Two\n\n{text}\n", encoding="utf-8")
    return api.load_project(tmp_path)


@pytest.mark.parametrize("language", sorted(PROSE))
def test_a_book_that_names_no_language_is_marked_with_the_one_its_text_reads_as(
        tmp_path: Path, language: str) -> None:
    book = _book(tmp_path, PROSE[language]).book
    assert book.metadata.language == language
    (warning,) = [w for w in book.warnings if w.code == "MK104"]
    assert f'[book] language = "{language}"' in warning.message  # the line that confirms it


def test_the_warning_names_the_language_in_words(tmp_path: Path) -> None:
    (warning,) = _book(tmp_path, PROSE["ru"]).book.warnings
    assert "reads as Russian (ru)" in warning.message


def test_a_language_the_book_gives_is_kept_whatever_the_text_reads_as(tmp_path: Path) -> None:
    project = _book(tmp_path, PROSE["ru"], '[book]\ntitle = "T"\nlanguage = "de"\n')
    assert project.book.metadata.language == "de"
    assert not [w for w in project.book.warnings if w.code == "MK104"]


def test_a_language_the_manuscript_gives_is_kept(tmp_path: Path) -> None:
    (tmp_path / "book.md").write_text(f"---\ntitle: T\nlang: fr\n---\n\n# Un\n\n{PROSE['pt']}\n",
                                      encoding="utf-8")
    book = api.load_project(tmp_path / "book.md").book
    assert book.metadata.language == "fr" and not book.warnings


def test_too_little_text_stays_english_and_says_why(tmp_path: Path) -> None:
    book = _book(tmp_path, "Да.").book
    assert book.metadata.language == "en"
    (warning,) = book.warnings
    assert warning.code == "MK104" and "too little text" in warning.message
    assert "[book] language" in warning.message


def test_code_and_headings_do_not_count_as_prose(tmp_path: Path) -> None:
    """A programming book's listings are not its language: only paragraphs are asked."""
    code = "```python\n" + "def read(path):\n    return open(path).read()\n" * 40 + "```"
    book = _book(tmp_path, f"{PROSE['pt']}\n\n{code}").book
    assert book.metadata.language == "pt"
    assert "def read" not in prose_sample(book)

"""Property tests: no text makes a reader crash, and what it builds is always well formed."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkbook import api
from mkbook.errors import MkbookError
from mkbook.render.documents import plan_documents

LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "", "Chapter 1", "CHAPTER IV.", "Part One", "* * *", "#", "The End.",
                     "[ Author Note: hi", "]", "by Someone", "# Title", "_a_ *b*", "A/N: x",
                     "---", "===== CHAPTER 2 =====", "<div>", "[x](y)", "![i](missing.png)"]),
)
MANUSCRIPTS = st.lists(LINES, max_size=40).map("\n".join)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=MANUSCRIPTS, suffix=st.sampled_from([".txt", ".md"]))
def test_readers_never_raise_anything_but_mkbook_errors(tmp_path: Path, text: str,
                                                        suffix: str) -> None:
    path = tmp_path / f"story{suffix}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass") if _encodable(text) else None
    if not path.exists():
        return
    try:
        book = api.load_project(path).book
    except MkbookError:
        return
    assert book.chapters
    assert all(chapter.title.strip() for chapter in book.chapters)
    ids = [doc.id for doc in plan_documents(book)]
    assert len(ids) == len(set(ids))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

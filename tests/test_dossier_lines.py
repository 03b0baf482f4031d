"""The dossier's Chinese lines follow 避头尾: checked on the text lines pymupdf extracts."""

from __future__ import annotations

import json
from pathlib import Path

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dossier.lines import NO_END, NO_START, break_paragraph, tokens
from bot.dossier.pdf import export_case
from bot.store.sqlite import Store
from tests.dossier_fixture import make_case

# Punctuation at every position a naive character wrap could put it at a line start.
STORY = "".join(f"第{i}次联系客服，对方说「再等等」。我问：为什么？（已截图）" + "好" * (i % 7)
                + "、" * (i % 2) + "！" for i in range(1, 40))


def lines_of(pdf: Path) -> list[str]:
    found: list[str] = []
    with pymupdf.open(pdf) as doc:
        for page in doc:
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(span["text"] for span in line["spans"]).strip()
                    if text:
                        found.append(text)
    return found


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kinsoku")
    make_case(folder / "weiquan.db", folder, n_evidence=2)
    store = Store(folder / "weiquan.db")
    fields = json.loads(store.db.execute("SELECT fields FROM cases WHERE id=1").fetchone()[0])
    fields["description"] = STORY
    store.db.execute("UPDATE cases SET fields=? WHERE id=1",
                     [json.dumps(fields, ensure_ascii=False)])
    try:
        return export_case(store, 1, folder, folder / "case.pdf", lang="zh")
    finally:
        store.close()


def test_no_line_starts_with_a_closing_mark(dossier: Path) -> None:
    lines = lines_of(dossier)
    assert sum("联系客服" in line for line in lines) > 20  # the long story is there, wrapped
    bad = [line for line in lines if line[0] in NO_START]
    assert bad == []


def test_no_line_ends_with_an_opening_mark(dossier: Path) -> None:
    assert [line for line in lines_of(dossier) if line[-1] in NO_END] == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="好的客服说。，、！？「」（）ab1 ", min_size=1, max_size=120),
       st.integers(min_value=3, max_value=20))
def test_breaking_keeps_every_character_and_obeys_the_rules(text: str, width: int) -> None:
    lines = break_paragraph(text, len, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for before, after in zip(lines, lines[1:], strict=False):
        assert len(before) <= width or len(tokens(before)) == 1
        if after[:1] in NO_START or before[-1:] in NO_END:
            # only where no earlier break in this line would have been a good one
            toks = [t for t in tokens(before) if not t.isspace()] + [after[:1]]
            assert all(toks[p][:1] in NO_START or toks[p - 1][-1:] in NO_END
                       for p in range(1, len(toks))), (before, after)

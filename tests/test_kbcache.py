"""The knowledge base is built once per version of its data and then loaded from the cache:
reused on the next start, built again when a data file changes, rebuilt (never fatal) when the
cache file is damaged or cannot be written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from knowledge import kbcache, lexicon
from knowledge.base import KnowledgeBase
from knowledge.loader import DATA_DIR, build_strict

QUESTION, ENTRY = "七天无理由怎么算", "no_reason_7d"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(kbcache.ENV, str(folder))
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


class Builds:
    """`kbcache.load` with a build function that counts how often it ran."""

    def __init__(self, data: Path) -> None:
        self.data, self.count = data, 0

    def __call__(self) -> KnowledgeBase:
        self.count += 1
        return build_strict(self.data)

    def load(self) -> KnowledgeBase:
        return kbcache.load(self.data, self)


def _pickles(cache: Path) -> list[Path]:
    return sorted(cache.glob("kb-*.pickle"))


def test_second_load_uses_the_cache(cache: Path, data: Path) -> None:
    builds = Builds(data)
    first = builds.load()
    second = builds.load()
    assert builds.count == 1
    assert len(_pickles(cache)) == 1
    assert second.ask(QUESTION).entry == first.ask(QUESTION).entry == ENTRY
    assert second.classify("买的耐克鞋是假的，防伪码查不到").category == "counterfeit"
    assert second.path == data


def test_a_changed_data_file_is_built_again(cache: Path, data: Path) -> None:
    builds = Builds(data)
    assert "七天无理由" in (builds.load().ask(QUESTION).answer or "")
    rights = data / "faq_rights.yaml"
    text = rights.read_text(encoding="utf-8")
    assert "七天无理由退换货是平台的售后保障之一" in text
    rights.write_text(text.replace("七天无理由退换货是平台的售后保障之一", "七天无理由退换货（已更新）是平台的售后保障之一"),
                      encoding="utf-8")
    again = builds.load()
    assert builds.count == 2
    assert "（已更新）" in (again.ask(QUESTION).answer or "")


def test_a_changed_file_read_beside_the_data_is_built_again(cache: Path, data: Path, tmp_path: Path) -> None:
    """The texts, letter templates and deadline rules are cached with the base: an edit of one of
    them builds it again, an unchanged one does not."""
    text = tmp_path / "zh.yaml"
    text.write_text("greeting: 你好\n", encoding="utf-8")
    builds = Builds(data)
    kbcache.load(data, builds, [text])
    kbcache.load(data, builds, [text])
    assert builds.count == 1
    text.write_text("greeting: 您好\n", encoding="utf-8")
    kbcache.load(data, builds, [text])
    assert builds.count == 2


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],  # cut short, as by a crash while writing without rename
    lambda raw: b"not a pickle at all",
])
def test_a_damaged_cache_file_is_rebuilt_with_a_correct_answer(
        cache: Path, data: Path, damage: Callable[[bytes], bytes]) -> None:
    builds = Builds(data)
    builds.load()
    [stored] = _pickles(cache)
    stored.write_bytes(damage(stored.read_bytes()))
    kb = builds.load()
    assert builds.count == 2
    assert kb.ask(QUESTION).entry == ENTRY
    assert builds.load().ask(QUESTION).entry == ENTRY  # the rebuilt file is whole again
    assert builds.count == 2


def test_a_cache_folder_that_cannot_be_written_is_no_cache(
        tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("x")
    monkeypatch.setenv(kbcache.ENV, str(blocked / "cache"))
    builds = Builds(data)
    assert builds.load().ask(QUESTION).entry == ENTRY
    assert builds.load().ask(QUESTION).entry == ENTRY
    assert builds.count == 2


def _ask(cache: Path) -> subprocess.Popen[str]:
    env = {**os.environ, kbcache.ENV: str(cache)}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "kb", "ask", "--json", QUESTION],
                            env=env, stdout=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_processes_starting_together_all_answer_and_leave_one_whole_cache(cache: Path) -> None:
    """Concurrent writers: each writes a temporary file and renames it; none sees half a file."""
    procs = [_ask(cache) for _ in range(3)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0]
    assert all(json.loads(out)["entry"] == ENTRY for out in outputs)
    [stored] = _pickles(cache)
    inode = stored.stat().st_ino
    assert not list(cache.glob(".*.tmp"))
    # the next start reads it: the file is not written again
    later = _ask(cache)
    assert json.loads(later.communicate(timeout=300)[0])["entry"] == ENTRY
    assert stored.stat().st_ino == inode


def test_the_lazy_dictionary_cuts_as_jieba_does() -> None:
    """The dictionary read part by part gives jieba's own cuts, domain words included."""
    import jieba

    words = ["七天无理由", "仅退款", "小二介入", "运费险"]
    ours = lexicon.Lexicon(words).tokenizer
    theirs = jieba.Tokenizer()
    theirs.initialize()
    for word in words:
        theirs.add_word(word, freq=lexicon.DOMAIN_WORD_FREQ)
    texts = ["七天无理由退货运费险谁出", "申请仅退款后小二介入要多久", "买到假货怎么办 商家不理人",
             "The seller refuses a refund 12315", "我11月11号在天猫耐克旗舰店花899买的鞋是假的"]
    for text in texts:
        assert list(ours.cut_for_search(text, HMM=False)) == list(theirs.cut_for_search(text, HMM=False))


def test_a_base_that_cannot_be_stored_still_answers(cache: Path, data: Path) -> None:
    import threading

    def unpicklable() -> KnowledgeBase:
        kb = build_strict(data)
        kb.lock = threading.Lock()  # type: ignore[attr-defined]
        return kb

    assert kbcache.load(data, unpicklable).ask(QUESTION).entry == ENTRY
    assert _pickles(cache) == []
    assert not list(cache.glob(".*.tmp"))


def test_a_default_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unpickling runs code: a cache folder another user can write is no cache (the temp folder
    is shared); a folder named in WEIQUAN_CACHE_DIR is the operator's choice."""
    monkeypatch.delenv(kbcache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(kbcache.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    shared = tmp_path / "xdg" / "weiquan"
    shared.mkdir(parents=True)
    shared.chmod(0o777)
    assert kbcache.cache_dir() == tmp_path / "tmp" / f"weiquan-cache-{os.getuid()}"
    shared.chmod(0o700)
    assert kbcache.cache_dir() == shared
    monkeypatch.setenv(kbcache.ENV, str(tmp_path / "chosen"))
    assert kbcache.cache_dir() == tmp_path / "chosen"

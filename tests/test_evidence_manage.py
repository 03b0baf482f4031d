"""Listing, relabelling, deleting, forgetting, quotas, progress, labels, and ownership."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.evidence.repository import Item, Quotas, Rejected, Stored
from knowledge.evidence_labels import standard
from tests.test_evidence_make import NOW, Env, assert_consistent, jpeg, make_env, pdf


@pytest.fixture
def env(tmp_path: Path) -> Iterator[Env]:
    e = make_env(tmp_path)
    yield e
    assert_consistent(e.data, e.store)
    e.store.close()


def put(env: Env, data: bytes, user: int = 1, case: int = 10, label: str | None = None) -> Item:
    result = env.ev.add(user_id=user, case_id=case, source=data, kind="document",
                        received_at=NOW, label=label)
    assert isinstance(result, Stored), result
    return result.item


def test_list_get_open_show_only_the_users_own(env: Env) -> None:
    a, b = put(env, jpeg(seed=1)), put(env, pdf("b"))
    c = put(env, pdf("other case"), case=11)
    assert env.ev.list(1, 10) == [a, b]
    assert env.ev.list(1, 11) == [c]
    assert env.ev.get(1, b.id) == b
    assert env.ev.open(1, a.id) == a.path and a.path.read_bytes() == jpeg(seed=1)
    assert env.ev.list(2, 10) == []
    assert env.ev.list(1, 999) == []


def test_guessed_ids_reveal_and_change_nothing(env: Env) -> None:
    mine = [put(env, pdf(f"mine {i}")) for i in range(3)]
    theirs = put(env, jpeg(seed=7), user=2, case=20)
    before = (env.rows(), set(env.files()))
    for guess in [*range(-1, theirs.id + 5), 2**31, 2**62]:
        if guess in {i.id for i in mine}:
            continue
        assert env.ev.get(1, guess) is None
        assert env.ev.open(1, guess) is None
        assert env.ev.relabel(1, guess, "chat") is False
        assert env.ev.delete(1, guess) is False
    assert env.ev.list(1, 20) == []
    assert env.ev.delete_case(1, 20) == 0
    assert env.ev.progress(1, 20, ["product"]) == ([], ["product"])
    assert (env.rows(), set(env.files())) == before
    assert env.ev.get(2, theirs.id) == theirs and theirs.label is None
    # and the other way round
    for item in mine:
        assert env.ev.get(2, item.id) is None and env.ev.delete(2, item.id) is False
    assert env.ev.forget_user(3) == 0
    assert (env.rows(), set(env.files())) == before


def test_relabel(env: Env) -> None:
    item = put(env, jpeg(seed=2))
    assert env.ev.relabel(1, item.id, "packaging") is True
    got = env.ev.get(1, item.id)
    assert got is not None and got.label == "packaging"
    assert env.ev.relabel(1, item.id, None) is True
    with pytest.raises(ValueError):
        env.ev.relabel(1, item.id, "nonsense")


def test_delete_removes_row_and_file_unless_shared(env: Env) -> None:
    shared = pdf("shared")
    a, b = put(env, shared, case=10), put(env, shared, case=11)
    other = put(env, shared, user=2, case=20)
    alone = put(env, jpeg(seed=3))
    assert env.ev.delete(1, alone.id) is True
    assert not alone.path.exists() and env.ev.get(1, alone.id) is None
    assert env.ev.delete(1, alone.id) is False
    assert env.ev.delete(1, a.id) is True
    assert b.path.exists()  # still used by case 11 and by user 2
    assert env.ev.delete(1, b.id) is True
    assert other.path.exists() and env.ev.open(2, other.id) == other.path
    assert env.ev.delete(2, other.id) is True
    assert env.files() == {} and env.rows() == []


def test_delete_case_and_forget_user(env: Env) -> None:
    in_10 = [put(env, jpeg(seed=s)) for s in range(3)]
    in_11 = put(env, pdf("eleven"), case=11)
    theirs = put(env, pdf("eleven"), user=2, case=20)  # same bytes as in_11
    assert env.ev.delete_case(1, 10) == 3
    assert all(not i.path.exists() for i in in_10)
    assert env.ev.list(1, 10) == [] and env.ev.list(1, 11) == [in_11]
    assert env.ev.delete_case(1, 10) == 0
    put(env, jpeg(seed=50))
    assert env.ev.forget_user(1) == 2
    assert env.ev.list(1, 11) == [] and env.ev.list(1, 10) == []
    assert theirs.path.exists() and env.ev.list(2, 20) == [theirs]
    assert env.ev.forget_user(2) == 1
    assert env.files() == {} and env.rows() == []


def test_quota_files_per_case(tmp_path: Path) -> None:
    env = make_env(tmp_path, quotas=Quotas(max_files_per_case=3))
    for i in range(3):
        put(env, pdf(f"n{i}"))
    result = env.ev.add(user_id=1, case_id=10, source=pdf("n3"), kind="document",
                        received_at=NOW)
    assert result == Rejected("quota_files", {"limit": 3, "scope": "case"})
    put(env, pdf("n3"), case=11)  # another case has room
    assert len(env.rows()) == 4 and len(env.files()) == 4
    assert_consistent(env.data, env.store)


def test_quota_files_per_user(tmp_path: Path) -> None:
    env = make_env(tmp_path, quotas=Quotas(max_files_per_user=2))
    put(env, pdf("a"))
    put(env, pdf("b"), case=11)
    result = env.ev.add(user_id=1, case_id=11, source=pdf("c"), kind="document",
                        received_at=NOW)
    assert result == Rejected("quota_files", {"limit": 2, "scope": "user"})
    put(env, pdf("a"), case=11)  # bytes the user already keeps cost nothing
    put(env, pdf("c"), user=2, case=20)
    assert_consistent(env.data, env.store)


def test_quota_bytes_counts_each_distinct_file_once(tmp_path: Path) -> None:
    one, two = pdf("x" * 1000), pdf("y" * 1000)
    env = make_env(tmp_path, quotas=Quotas(max_bytes_per_user=len(one) + len(two) - 1))
    put(env, one)
    put(env, one, case=11)
    result = env.ev.add(user_id=1, case_id=10, source=two, kind="document", received_at=NOW)
    assert result == Rejected("quota_bytes", {"limit": len(one) + len(two) - 1,
                                              "used": len(one), "size": len(two)})
    assert len(env.rows()) == 2 and len(env.files()) == 1
    put(env, two, user=2, case=20)
    env.ev.delete_case(1, 10)
    env.ev.delete_case(1, 11)
    put(env, two)  # room again after deleting
    assert_consistent(env.data, env.store)


def test_default_quotas() -> None:
    q = Quotas()
    assert (q.max_files_per_case, q.max_files_per_user) == (200, 1000)
    assert q.max_bytes_per_user == 500 * 1024 * 1024


def test_progress_follows_the_checklist(env: Env) -> None:
    checklist = ["product", "packaging", "label_batch", "chat", "logistics"]
    assert env.ev.progress(1, 10, checklist) == ([], checklist)
    put(env, jpeg(seed=1), label="chat")
    put(env, jpeg(seed=2), label="product")
    put(env, jpeg(seed=3), label="product")
    put(env, jpeg(seed=4), label="other")
    put(env, jpeg(seed=5))
    received, missing = env.ev.progress(1, 10, checklist)
    assert received == ["product", "chat"]
    assert missing == ["packaging", "label_batch", "logistics"]
    assert env.ev.progress(2, 10, checklist) == ([], checklist)


@pytest.mark.parametrize("caption, label", [
    ("外包装破损", "packaging"),
    ("包装盒", "packaging"),
    ("防伪标签", "label_batch"),
    ("包装上的批号", "label_batch"),
    ("生产日期和条形码", "label_batch"),
    ("和卖家的聊天记录", "chat"),
    ("截图", "chat"),
    ("客服承诺七天发货", "chat"),
    ("物流截图", "logistics"),
    ("快递单", "logistics"),
    ("签收记录", "logistics"),
    ("质检报告", "inspection"),
    ("鉴定报告", "inspection"),
    ("实物和正品对比", "product"),
    ("细节", "product"),
    ("订单截图", "order"),
    ("聊天截图", "chat"),
    ("订单详情", "order"),
    ("退款被拒的页面", "refund"),
    ("转账记录", "payment"),
    ("差评截图", "review"),
    ("商品详情页截图", "listing"),
    ("Packaging was torn", "packaging"),
    ("batch number on the bottle", "label_batch"),
    ("Chat with the seller", "chat"),
    ("tracking page", "logistics"),
    ("lab test REPORT", "inspection"),
    ("product close-up", "product"),
    ("screenshot", "chat"),
    ("", None),
    ("   ", None),
    ("你好", None),
    ("itemize", None),  # whole English words only
])
def test_suggest_label(env: Env, caption: str, label: str | None) -> None:
    assert env.ev.suggest_label(caption) == label
    assert label is None or label in standard().labels

"""Every date is labelled by what it means (issue 11, items 7-8, must-show 5): windows that open
say "from … you can", windows that close "by … you must", the other side's "the seller had
until …" with the verb of the rule; doubtful rules carry their doubt; estimates are marked once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chat import Chat
from tests.scenario_form import fill

CATEGORY = {"zh": {"after": "售后不履行", "late": "延迟发货"},
            "en": {"after": "After-sales refused", "late": "Late shipping"}}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_opening_window_is_never_shown_as_passed(db: Path, lang: str) -> None:
    chat = Chat(db, lang=lang)
    fill(chat, CATEGORY[lang]["after"], {"refund_requested_on": "2026-11-08",
                                         "success_on": "2026-11-20"}, lang)
    filed = chat.last
    if lang == "zh":
        assert "从 2026-11-17 00:00* 起已经可以申请维权中心介入" in filed
        assert "已到期" not in filed and "届满" not in filed
        assert "请在 2026-12-05 00:00* 前申请售后" in filed
    else:
        assert "since 2026-11-17 00:00* you can ask the rights-protection centre" in filed
        assert "by 2026-12-05 00:00* you must request after-sales" in filed
        assert " ends " not in filed and "passed" not in filed
    chat.send("/status")
    assert chat.last.count("*") >= 2 and chat.last.count(
        "估算" if lang == "zh" else "Estimate") == 1  # one footnote, not a remark per line
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sellers_shipping_window_says_ship_and_carries_its_doubt(db: Path, lang: str) -> None:
    chat = Chat(db, lang=lang)
    fill(chat, CATEGORY[lang]["late"], {"paid_on": "2026-11-20"}, lang)
    filed = chat.last
    if lang == "zh":
        assert "卖家原应在 2026-11-21 00:00*† 前发货（有揽收记录），这个时间已经过了" in filed
        assert "⚠ 存疑：只见于一篇商家经验文" in filed
        assert "前回应" not in filed and "已到期" not in filed
        assert "从 2026-11-23 00:00* 起已经可以申请退款" in filed
    else:
        assert "the seller had until 2026-11-21 00:00*† to ship the order" in filed
        assert "⚠ Doubtful: only a seller's experience article says so" in filed
        assert "since 2026-11-23 00:00* you can request a refund" in filed
    chat.close()


def test_a_date_with_a_time_is_not_marked_as_an_estimate(db: Path) -> None:
    chat = Chat(db)
    fill(chat, "售后不履行", {"refund_requested_on": "2026-11-25 14:30"})
    line = next(x for x in chat.last.splitlines() if "起可以申请维权中心" in x)
    assert "2026-12-04 14:30 起可以申请维权中心介入" in line and "*" not in line
    chat.close()


def test_the_dossier_and_the_letter_word_dates_the_same_way(db: Path) -> None:
    from bot.dossier.pdf import deadline_text
    from bot.store.cases import show_case
    from knowledge.letters import render_letter
    from knowledge.loader import load_kb

    chat = Chat(db)
    fill(chat, "延迟发货", {"paid_on": "2026-11-20"})
    case = show_case(chat.store, 1)
    assert case is not None
    words = {d["rule"]: deadline_text(d, "zh") for d in case["deadlines"]}
    assert words["ship_24h"].startswith("卖家应在此前发货") and "存疑" in words["ship_24h"]
    assert words["late_ship_72h"].startswith("开放：从此时起可以申请退款")
    assert next(d for d in case["deadlines"] if d["rule"] == "ship_24h")["doubtful"] is True
    en = {d["rule"]: deadline_text(d, "en") for d in case["deadlines"]}
    assert en["late_ship_72h"].startswith("opens: from then you can request a refund")
    for lang, opened in (("zh", "2026-11-23 00:00 起可以申请退款"),
                         ("en", "from 2026-11-23 00:00 the buyer can request a refund")):
        text = render_letter(case, "seller", lang, load_kb()).text
        assert opened in text and "届满" not in text and " ends " not in text
    chat.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_reminder_about_a_doubtful_rule_carries_its_doubt_and_its_verb(db: Path,
                                                                        lang: str) -> None:
    from tests.chat import FakeClock

    clock = FakeClock()
    chat = Chat(db, lang=lang, clock=clock)
    fill(chat, CATEGORY[lang]["late"], {"paid_on": "2026-11-27 09:00"}, lang)
    clock.advance(days=1, hours=1)  # past the seller's 24 hours (doubtful) to ship
    sent = chat.dispatch_due()
    ship = next(s for s in sent if ("发货（有揽收记录）" in s or "ship the order" in s))
    if lang == "zh":
        assert "卖家原应在 2026-11-28 09:00 前发货" in ship and "存疑" in ship
        assert "回复" not in ship and "到期" not in ship
    else:
        assert "the seller had until 2026-11-28 09:00 to ship the order" in ship
        assert "Doubtful" in ship and "answer" not in ship.split("\n")[0]
    chat.close()


def _line(rule_id: str, lang: str, past: bool) -> str:
    from datetime import datetime, timedelta

    from dialogs.context import Ctx
    from dialogs.deadline_view import deadline_line
    from dialogs.events import Incoming, Kind
    from dialogs.snapshot import Session, Snapshot
    from dialogs.timeline import OpenDeadline
    from knowledge.deadlines import load_rules
    from knowledge.loader import load_kb

    now = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
    at = now + timedelta(days=-1 if past else 1)
    rule = load_rules()[rule_id]
    snap = Snapshot(session=Session(user_id=1, chat_id=1, lang=lang))
    ctx = Ctx(snap=snap, ev=Incoming(user_id=1, chat_id=1, kind=Kind.OTHER, at=now), kb=load_kb(),
              now=now)
    return deadline_line(ctx, OpenDeadline(rule_id, rule.result, at - timedelta(days=2), at,
                                           False))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("past", [False, True])
def test_every_rule_is_worded_by_its_kind(lang: str, past: bool) -> None:
    """Every buyer-side rule of the knowledge base, before and after its date."""
    from knowledge.deadlines import load_rules

    for rule in load_rules().values():
        if rule.result == "next_open":
            continue  # looked up (12315 hours), never a case's window
        line = _line(rule.id, lang, past)
        action = rule.action.zh if lang == "zh" else rule.action.en
        if not (past and rule.result == "buyer_deadline"):  # "closed at …" needs no verb
            assert action in line, (rule.id, line)
        if rule.result == "opens_at":
            assert ("可以" in line) if lang == "zh" else ("you can" in line), line
            assert not any(w in line for w in ("到期", "截止", "届满", "ends", "closed", "passed"))
        elif rule.result == "buyer_deadline":
            assert ("截止" in line or "请在" in line) if lang == "zh" else (
                "closed" in line or "you must" in line), line
        else:
            who = {"seller_deadline": ("卖家", "the seller"),
                   "platform_sla": ("平台", "the platform")}[rule.result]
            assert who[0 if lang == "zh" else 1] in line, line
            if past:
                assert ("原应在" in line) if lang == "zh" else ("had until" in line), line
            assert "回应" not in line or "回应" in action
        if rule.doubt is not None:  # a doubtful rule says its doubt on its own line
            assert (rule.doubt.zh if lang == "zh" else rule.doubt.en) in line, line
        else:
            assert "⚠" not in line, line

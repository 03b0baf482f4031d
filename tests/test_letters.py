"""Every category × every channel, zh and en: complete, within the limit, citing only the base."""

from __future__ import annotations

import re
from typing import Any

import pytest

from dialogs import forms
from knowledge.deadlines import load_rules
from knowledge.letters import LetterError, channels, limits, render_letter
from knowledge.loader import load_kb

KB = load_kb()
CATEGORIES = [c.slug for c in KB.categories]
CHANNELS = channels()
LANGS = ("zh", "en")
ORDER_NO = "3141592653589793"
DATES = {"order_created_on": "2026-06-30", "paid_on": "2026-07-01", "shipped_on": "2026-07-02",
         "received_on": "2026-07-03", "success_on": "2026-07-05T10:30",
         "refund_requested_on": "2026-07-06"}
LEFTOVER = ("{{", "}}", "{%", "%}", "{#", "#}", "None", "none", "undefined", "nan")
EMPTY = ("「」", "（）", "()", '""', "：。", "：，", "，，", ", ,", ",,", " .", "“”")
KNOWN_NUMBERS = {ORDER_NO, "12315", "9510211"}


def evidence(n: int) -> list[dict[str, Any]]:
    kinds = ["订单截图", "商品照片", "聊天记录", "物流记录", "开箱视频"]
    return [{"sha256": f"{i:064x}", "label": kinds[i % len(kinds)] if i % 3 else None,
             "caption": f"照片 {i}", "kind": "photo", "mime": "image/jpeg",
             "received_at": f"2026-07-{6 + i % 20:02d}T10:00:00+08:00"} for i in range(n)]


def full_case(slug: str, description: str = "收到后发现有问题，已和客服沟通两次，没有解决。",
              demand: str | None = None, long_fields: bool = False) -> dict[str, Any]:
    fields: dict[str, str | None] = {"platform": "tmall", "shop": "某某官方旗舰店",
                                     "order_no": ORDER_NO, "item": "无线蓝牙耳机 X1",
                                     "amount": "399.00", "description": description,
                                     "demand": demand or forms.choices_for(KB, slug, "demand")[0]}
    if long_fields:
        fields.update(shop="店" * 100, item="耳机" * 50, demand="请" * 100)
    fields.update({name: DATES[name] for name in KB.category(slug).form.dates})
    return {"id": 1, "category": slug, "status": "negotiating", "fields": fields,
            "events": [{"kind": "complaint_filed", "at": "2026-07-08T09:00:00+08:00"}]}


def sparse_case(slug: str) -> dict[str, Any]:
    """What a shopper who skipped every optional question leaves: no order, no dates."""
    fields = {name: None for name in forms.slots_for(KB, slug)}
    fields.update(platform="taobao", description="商家一直不处理。", demand="")
    return {"id": 2, "category": slug, "status": "draft", "fields": fields, "events": []}


def variants(slug: str) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    long_text = ("第一天联系客服，客服说会处理。" * 250)[:3000]
    return [
        (full_case(slug), evidence(3)),
        (sparse_case(slug), []),
        (full_case(slug, description=long_text), evidence(10)),
        (full_case(slug, description=long_text, long_fields=True), evidence(40)),
        (full_case(slug, demand="请退还全部货款并承担来回运费。"), evidence(1)),
    ]


def check(text: str, case: dict[str, Any], lang: str) -> None:
    for bad in LEFTOVER:
        assert bad not in text, (bad, text)
    for bad in EMPTY:
        assert bad not in text, (bad, text)
    for line in text.splitlines():
        assert not re.fullmatch(r"- [^：:]+[：:]\s*", line), (line, text)
        assert line == line.rstrip(), line
    for number in re.findall(r"\d{5,}", text):
        assert number in KNOWN_NUMBERS, (number, text)  # no phone number invented
    if lang == "zh":
        names = {law.name for law in KB.laws}
        for title in re.findall(r"《[^》]+》", text):
            assert any(title in name for name in names), title


def cited_ids() -> set[str]:
    return ({law.id for law in KB.laws} | {g.id for g in KB.guarantees} | set(load_rules()))


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("slug", CATEGORIES)
def test_every_category_and_channel_renders_within_its_limit(slug: str, channel: str) -> None:
    known = cited_ids()
    for lang in LANGS:
        for case, items in variants(slug):
            for short in (False, True):
                letter = render_letter(case, channel, lang, KB, evidence=items, short=short)
                assert letter.text.strip()
                assert not letter.clipped, (slug, channel, lang, short)
                assert letter.length == len(letter.text) <= letter.limit
                assert letter.limit == limits(channel, lang, short)
                check(letter.text, case, lang)
                assert set(letter.cited) <= known, set(letter.cited) - known
                assert len(letter.cited) == len(set(letter.cited))


def test_every_channel_of_facts_has_a_template_and_a_limit() -> None:
    ids = {c.id for c in KB.channels}
    assert set(CHANNELS) == ids
    for channel in CHANNELS:
        assert limits(channel, "zh", True) < limits(channel, "zh") <= 4000
        assert limits(channel, "en", True) < limits(channel, "en") <= 4000


def test_the_facts_come_in_order_with_the_order_details() -> None:
    text = render_letter(full_case("not_received"), "platform_complaint", "zh", KB,
                         evidence=evidence(2)).text
    for part in ("天猫", "某某官方旗舰店", ORDER_NO, "无线蓝牙耳机 X1", "399.00 元"):
        assert part in text
    days = re.findall(r"^- (2026-\d\d-\d\d)：", text, re.M)
    assert days == sorted(days) and len(days) >= 4
    assert "1. " in text and "2. " in text


def test_a_long_description_is_quoted_in_part_and_points_to_the_evidence() -> None:
    long_text = "这是很长的描述。" * 400
    case = full_case("quality", description=long_text[:3000])
    for lang, marker in (("zh", "详见证据"), ("en", "see the evidence")):
        letter = render_letter(case, "platform_aftersales", lang, KB, evidence=evidence(10))
        assert marker in letter.text or ("详见所附证据" if lang == "zh" else "see the attached")\
            in letter.text
        assert letter.length <= letter.limit


def test_short_is_shorter() -> None:
    case = full_case("quality")
    for channel in CHANNELS:
        full = render_letter(case, channel, "zh", KB, evidence=evidence(5))
        short = render_letter(case, channel, "zh", KB, evidence=evidence(5), short=True)
        assert short.length <= short.limit < full.limit
        assert short.length <= full.length


def test_legal_basis_is_chosen_by_category() -> None:
    fake = render_letter(full_case("counterfeit"), "gov_12315", "zh", KB)
    assert {"fake_3x", "cpl_55", "cpl_46"} <= set(fake.cited)
    assert "假一赔三" in fake.text and "第 55 条" in fake.text
    quality = render_letter(full_case("quality"), "gov_12315", "zh", KB)
    assert "cpl_24" in quality.cited and "cpl_55" not in quality.cited
    police = render_letter(full_case("fraud"), "police", "zh", KB)
    assert police.cited == []  # a statement of facts: no law is argued


def test_platform_letters_state_the_time_limits_from_the_rules() -> None:
    letter = render_letter(full_case("quality"), "platform_complaint", "zh", KB)
    assert "quality_15d" in letter.cited
    assert "2026-07-18 23:59" in letter.text  # 15 calendar days from delivery on 07-03


def test_demand_override_and_codes() -> None:
    case = full_case("after_sales_refused")
    zh = render_letter(case, "seller", "zh", KB, demand="repair").text
    assert "诉求：维修" in zh
    en = render_letter(case, "seller", "en", KB, demand="exchange").text
    assert "What I ask for: an exchange." in en
    typed = render_letter(case, "seller", "zh", KB, demand="换一个新的。").text
    assert "诉求：换一个新的。" in typed


def test_gov_12315_fills_the_platform_pages() -> None:
    text = render_letter(full_case("quality"), "gov_12315", "zh", KB).text
    for field in ("消费者信息", "被投诉企业", "企业全称", "业务信息", "购买的商品或服务",
                  "具体投诉内容"):
        assert field in text


@pytest.mark.parametrize(("channel", "lang"), [("nowhere", "zh"), ("seller", "fr")])
def test_unknown_channel_or_language(channel: str, lang: str) -> None:
    with pytest.raises(LetterError):
        render_letter(full_case("quality"), channel, lang, KB)


def test_a_case_without_category_or_evidence_details_still_renders() -> None:
    case = {"id": 3, "category": None, "status": "draft", "events": [],
            "fields": {"description": "说不清是什么问题。"}}
    rows = [{"sha256": "ab" * 32}]
    for channel in CHANNELS:
        for lang in LANGS:
            letter = render_letter(case, channel, lang, KB, evidence=rows)
            check(letter.text, case, lang)
            assert letter.length <= letter.limit


def test_event_times_are_dated_in_beijing_time() -> None:
    case = full_case("quality")
    case["events"] = [{"kind": "complaint_filed", "at": "2026-07-08T20:30:00+00:00"}]
    text = render_letter(case, "platform_intervention", "zh", KB).text
    assert "2026-07-09：向平台投诉" in text

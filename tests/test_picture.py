"""The case as a picture: the structure a known case gives, what the renderer draws from it, a
stored reference image, and (property) never a window the text view does not list."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageStat

from bot.dossier.font import cjk_font_path
from bot.dossier.picture import WIDTH, draw
from dialogs.context import Ctx
from dialogs.deadline_view import deadlines_block
from dialogs.events import Incoming, Kind
from dialogs.picture import Picture, layout
from dialogs.snapshot import Case, CaseEvent, Session, Snapshot
from dialogs.states import CaseStatus
from knowledge.deadline_rules import EventKind
from knowledge.loader import load_kb

KB = load_kb()
TZ = "Asia/Shanghai"
NOW = datetime.fromisoformat("2026-11-28T15:00:00+08:00")
REFERENCE = Path(__file__).parent / "data" / "timeline_reference.png"
REF_WIDTH = 270  # the reference is kept small: a quarter of the picture, in grey
MAX_MEAN_DIFF = 2.0  # of 255, per pixel: font hinting moves edges by a pixel, not labels


def quality_case() -> Case:
    return Case(id=12, user_id=7, status="negotiating", category="quality",
                fields={"platform": "tmall"}, created_at="2026-11-20T10:00:00+08:00",
                events=[CaseEvent("paid", "2026-11-18T10:00:00+08:00"),
                        CaseEvent("received", "2026-11-21T00:00:00+08:00", note="date_only"),
                        CaseEvent("transaction_success", "2026-11-24T08:00:00+08:00"),
                        CaseEvent("aftersales_requested", "2026-11-27T09:00:00+08:00")])


def late_case() -> Case:
    return Case(id=5, user_id=7, status="negotiating", category="late_shipping",
                fields={"platform": "taobao"}, created_at="2026-11-26T10:00:00+08:00",
                events=[CaseEvent("paid", "2026-11-26T10:00:00+08:00")])


def test_a_known_case_shows_its_events_windows_today_and_next_step() -> None:
    p = layout(quality_case(), "zh", NOW, TZ, KB)
    assert p.title == "案件 #12 · 质量问题"
    assert p.now_label == "今天 11-28 15:00"
    assert [(e.number, e.when, e.label) for e in p.events] == [
        (1, "11-18 10:00", "付款"), (2, "11-21", "签收"), (3, "11-24 08:00", "交易成功"),
        (4, "11-27 09:00", "提交售后申请")]
    bars = {w.rule: w for w in p.windows}
    assert set(bars) == {"aftersales_review_24h", "no_reason_7d", "quality_15d", "success_15d",
                         "repair_30d"}
    assert bars["no_reason_7d"].label == "七天无理由退货"
    assert bars["no_reason_7d"].end_label.startswith("截止 11-28 23:59*")  # a bare date: estimate
    assert bars["success_15d"].end_label == "截止 12-09 08:00"
    # the platform's window is the other side's, in its own style; it has passed
    platform = bars["aftersales_review_24h"]
    assert (platform.side, platform.edge, platform.passed) == ("platform", "closes", True)
    assert platform.end_label == "平台应在 11-28 09:00 前"
    # the next step: the shopper's soonest window still open, and the ladder's first step
    assert [w.rule for w in p.windows if w.next] == ["no_reason_7d"]
    assert p.next_title == "下一步" and p.next_step[0].startswith("1. ")
    assert [s for s, _ in p.legend] == ["buyer.closes", "platform.closes"]
    assert p.notes[0].startswith("* ") and not p.empty


def test_opening_closing_and_the_sellers_windows_are_told_apart_in_english() -> None:
    p = layout(late_case(), "en", NOW, TZ, KB)
    bars = {w.rule: w for w in p.windows}
    assert (bars["late_ship_72h"].side, bars["late_ship_72h"].edge) == ("buyer", "opens")
    assert bars["late_ship_72h"].end_label.startswith("opens 11-29 10:00")
    assert (bars["ship_24h"].side, bars["ship_24h"].edge) == ("seller", "closes")
    assert bars["ship_24h"].end_label.startswith("seller's limit 11-27 10:00")
    assert bars["late_ship_72h"].next and not bars["ship_24h"].next
    assert dict(p.legend) == {"buyer.opens": "Opens then", "seller.closes": "The seller's window"}
    assert p.now_label == "Today 11-28 15:00"


def test_a_case_without_windows_says_so() -> None:
    case = Case(id=2, user_id=7, status="negotiating", category="quality",
                created_at="2026-11-26T10:00:00+08:00")
    p = layout(case, "zh", NOW, TZ, KB)
    assert p.windows == () and p.events == ()
    assert p.empty == "目前没有正在计时的期限" and p.start < p.now < p.end


@pytest.mark.parametrize("make", [quality_case, late_case])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_renderer_draws_exactly_the_structures_labels_as_a_phone_sized_png(
        make: object, lang: str) -> None:
    p = layout(make(), lang, NOW, TZ, KB)  # type: ignore[operator]
    png, drawn = draw(p, cjk_font_path())
    assert set(drawn) == set(p.labels())  # every label drawn (numbers twice), nothing else
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.width == WIDTH == 1080
    assert len(png) < 200_000 and 600 < img.height < 3000


def _grey(png: bytes, size: tuple[int, int] | None = None) -> Image.Image:
    img = Image.open(io.BytesIO(png)).convert("L")
    return img.resize(size or (REF_WIDTH, round(img.height * REF_WIDTH / img.width)),
                      Image.Resampling.BOX)


def _mean_diff(a: Image.Image, b: Image.Image) -> float:
    return float(ImageStat.Stat(ImageChops.difference(a, b)).mean[0])


def test_the_picture_matches_the_stored_reference() -> None:
    """A downscaled grey copy within a mean difference: robust to hinting, not to a label or a
    bar moved. (To renew after a wanted change: write _grey(png) to REFERENCE and look at it.)"""
    png, _ = draw(layout(quality_case(), "zh", NOW, TZ, KB), cjk_font_path())
    reference = Image.open(REFERENCE).convert("L")
    mine = _grey(png)
    assert abs(mine.height - reference.height) <= 3
    assert _mean_diff(_grey(png, reference.size), reference) < MAX_MEAN_DIFF
    # the threshold does tell pictures apart: a day later, today and the bars have moved
    other, _ = draw(layout(quality_case(), "zh", NOW + timedelta(days=1), TZ, KB),
                    cjk_font_path())
    assert _mean_diff(_grey(other, reference.size), reference) > MAX_MEAN_DIFF


# ---- property: the picture's windows are the text view's ------------------------------------

KINDS = sorted(EventKind.__args__)  # type: ignore[attr-defined]
CATEGORIES = [c.slug for c in KB.categories]
STATUSES = [s.value for s in CaseStatus if s != CaseStatus.DRAFT]


@st.composite
def cases(draw_: st.DrawFn) -> tuple[Case, datetime, str]:
    base = datetime.fromisoformat("2026-10-01T00:00:00+08:00")
    events = draw_(st.lists(st.tuples(st.sampled_from([k for k in KINDS if k != "now"]),
                                      st.integers(0, 60 * 24 * 40), st.booleans()),
                            max_size=8))
    case = Case(id=draw_(st.integers(1, 999)), user_id=7,
                status=draw_(st.sampled_from(STATUSES)),
                category=draw_(st.sampled_from(CATEGORIES)),
                fields={"platform": draw_(st.sampled_from(["tmall", "taobao"]))},
                created_at=base.isoformat(),
                events=[CaseEvent(k, (base + timedelta(minutes=m)).isoformat(),
                                  note="date_only" if bare else "") for k, m, bare in events])
    now = base + timedelta(minutes=draw_(st.integers(0, 60 * 24 * 60)))
    return case, now, draw_(st.sampled_from(["zh", "en"]))


def text_view(case: Case, lang: str, now: datetime) -> str:
    snap = Snapshot(session=Session(user_id=7, chat_id=7, lang=lang), cases={case.id: case})
    ctx = Ctx(snap=snap, ev=Incoming(user_id=7, chat_id=7, kind=Kind.OTHER, at=now), kb=KB,
              now=now)
    return deadlines_block(ctx, case)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_picture_never_shows_a_window_the_text_does_not_list(
        drawn: tuple[Case, datetime, str]) -> None:
    case, now, lang = drawn
    p: Picture = layout(case, lang, now, TZ, KB)
    lines = [line for line in text_view(case, lang, now).splitlines() if line.startswith("• ")]
    for w in p.windows:  # each window drawn is a line of the text, and the other way round
        assert any(line.startswith(f"• {w.label}") for line in lines), (w.label, lines)
    for line in lines:
        assert any(line.startswith(f"• {w.label}") for w in p.windows), (line, p.windows)
    assert len(p.windows) == len(lines)
    assert sum(w.next for w in p.windows) <= 1
    assert all(p.start <= w.start and w.end <= p.end for w in p.windows)
    assert all(p.start <= e.at <= p.end for e in p.events) and p.start < p.now < p.end

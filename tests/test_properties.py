"""Random event sequences thrown at the engine from every state: always a reply, never a crash."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import callbacks, forms
from dialogs.actions import SendText
from dialogs.engine import step
from dialogs.events import FileRef, Incoming, Kind, text_event
from dialogs.snapshot import Session, Snapshot
from dialogs.states import CaseStatus, DialogState
from knowledge.loader import load_kb

KB = load_kb()
T0 = datetime.fromisoformat("2026-11-27T10:00:00+08:00")
USER = 5
SLUGS = [c.slug for c in KB.categories]

# Prefixes that bring the dialog into each state before the random part starts.
PREFIXES: dict[str, list[str]] = {
    "idle": [],
    "choosing_category": ["投诉"],
    "filling": ["投诉", "!press:0"],
    "filling_dates": ["投诉", "!press:0", "天猫", "店", "1234567890123456", "鞋", "100"],
    "reviewing": ["投诉", "!press:0", "天猫", "店", "1234567890123456", "鞋", "100", "/skip",
                  "/skip", "/skip", "鞋底开胶了，客服不理", "!press:0"],
    "confirming_cancel": ["投诉", "!press:0", "/cancel"],
    "filed": ["投诉", "!press:0", "天猫", "店", "1234567890123456", "鞋", "100", "/skip",
              "/skip", "/skip", "鞋底开胶了，客服不理", "!press:0", "!press:0"],
}

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["投诉", "转人工", "取消", "上一步", "跳过", "是", "否", "确认", "English", "中文",
                     "天猫", "淘宝", "假货", "我买的鞋是假的", "今天", "昨天", "3天前", "明天",
                     "2026-11-10", "12.5", "-1", "399", "1234567890123456789", "abc123",
                     "七天无理由怎么算", "", "   ", "x" * 5000, "坏" * 3001]),
)
commands = st.sampled_from(["/start", "/help", "/complain", "/status", "/cases", "/cancel",
                            "/lang", "/human", "/back", "/skip", "/foo", "/", "/start@weiquan_bot"])
presses = st.one_of(
    st.integers(min_value=0, max_value=15).map(lambda i: f"!press:{i}"),  # a current button
    st.integers(min_value=1, max_value=30).map(lambda i: f"!old:{i}"),  # any earlier keyboard
    st.sampled_from(["!raw:f999:x", "!raw:garbage", "!raw:c:99999", "!raw:g:nope", "!raw:l:fr",
                     "!raw:s:nonexistent", "!raw:", "!raw:f1:edit:nope", "!raw:c:abc"]),
)
others = st.sampled_from(["!photo", "!album", "!sticker", "!report", "!badreport"])
inputs = st.lists(st.one_of(texts, commands, presses, others), min_size=1, max_size=25)


class Runner:
    def __init__(self) -> None:
        self.snap = Snapshot(session=Session(user_id=USER, chat_id=USER), next_case_id=1)
        self.keyboards: list[tuple[int, SendText]] = []
        self.now = T0
        self.message_id = 0

    def event(self, item: str) -> Incoming:
        self.now += timedelta(minutes=1)
        if item.startswith("!press:") or item.startswith("!old:"):
            return self._press(item)
        if item.startswith("!raw:"):
            return self._button(item[5:], 1)
        if item in ("!photo", "!album"):
            n = 1 if item == "!photo" else 5
            files = tuple(FileRef(file_id=f"f{i}", kind="photo") for i in range(n))
            return Incoming(USER, USER, Kind.FILES, self.now, files=files,
                            album_id="a1" if n > 1 else None)
        if item == "!sticker":
            return Incoming(USER, USER, Kind.OTHER, self.now)
        if item in ("!report", "!badreport"):
            report = '{"case_id": 1, "results": [{"status": "stored", "item_id": 1, "kind": ' \
                '"photo", "size": 10}, {"status": "rejected", "code": "too_big"}]}' \
                if item == "!report" else '{"case_id": "x", "results": 5'
            return Incoming(USER, USER, Kind.EVIDENCE, self.now, extra={"report": report})
        return text_event(USER, item, self.now, lang="zh")

    def _press(self, item: str) -> Incoming:
        if not self.keyboards:
            return self._button("f0:x", 1)
        if item.startswith("!press:"):
            message_id, send = self.keyboards[-1]
        else:
            message_id, send = self.keyboards[-int(item[5:]) % len(self.keyboards)]
        flat = [b for row in send.buttons for b in row]
        button = flat[int(item.split(":")[1]) % len(flat)]
        return self._button(button.data, message_id, button.label)

    def _button(self, data: str, message_id: int, label: str = "") -> Incoming:
        return Incoming(USER, USER, Kind.BUTTON, self.now, button=data, message_id=message_id,
                        extra={"button_label": label})

    def feed(self, item: str) -> None:
        snap, actions = step(self.snap, self.event(item), KB, self.now)
        assert actions, f"no reply to {item!r} in {self.snap.session.state}"
        for action in actions:
            if isinstance(action, SendText):
                assert action.text.strip()
                for row in action.buttons:
                    for button in row:
                        assert len(button.data.encode()) <= callbacks.MAX_BYTES
                        assert callbacks.parse(button.data) is not None
                if action.buttons:
                    self.message_id += 1
                    self.keyboards.append((self.message_id, action))
        check(snap, self.now.date())
        self.snap = Snapshot.from_dict(json.loads(json.dumps(snap.to_dict())))


def check(snap: Snapshot, today: date) -> None:
    s = snap.session
    assert s.state in {d.value for d in DialogState}
    assert s.lang in ("zh", "en")
    if s.state == DialogState.FILLING:
        assert s.slot in forms.SLOTS and snap.case is not None and snap.case.is_draft
    if s.state in (DialogState.REVIEWING, DialogState.FILLING):
        assert snap.case is not None and snap.case.category in SLUGS
    for case in snap.cases.values():
        assert case.status in {c.value for c in CaseStatus}
        assert case.user_id == USER
        f = case.fields
        if f.get("amount"):
            assert re.fullmatch(r"\d+\.\d\d", f["amount"]) and float(f["amount"]) > 0
        if f.get("order_no"):
            assert f["order_no"].isdigit() and 12 <= len(f["order_no"]) <= 20
        if f.get("platform"):
            assert f["platform"] in ("tmall", "taobao")
        for slot, value in f.items():
            if value and forms.SLOTS.get(slot) and forms.SLOTS[slot].kind == "date":
                assert date.fromisoformat(value[:10]) <= today
        if case.status != CaseStatus.DRAFT and case.status != CaseStatus.ABANDONED:
            assert case.category in SLUGS


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.sampled_from(sorted(PREFIXES)), items=inputs)
def test_random_inputs_from_every_state(start: str, items: list[str]) -> None:
    runner = Runner()
    for item in PREFIXES[start]:
        runner.feed(item)
    for item in items:
        runner.feed(item)


def test_prefixes_reach_the_states_they_name() -> None:
    expected = {"idle": "idle", "choosing_category": "choosing_category", "filling": "filling",
                "filling_dates": "filling", "reviewing": "reviewing",
                "confirming_cancel": "confirming_cancel", "filed": "idle"}
    for name, prefix in PREFIXES.items():
        runner = Runner()
        for item in prefix:
            runner.feed(item)
        assert runner.snap.session.state == expected[name], name
    assert runner.snap.cases[1].status == CaseStatus.NEGOTIATING

"""Property: whatever shoppers of one shop write, nothing of one reaches another — not through a
reply, a card, a letter, a dossier PDF or a picture's caption — and the advisers' report and
collective dossier carry no name, phone, whole order number or the shoppers' own words.

Each shopper's distinctive strings (a name of rare characters, a phone number, an order number,
an item code, a story) are drawn by hypothesis; all count a complaint about the same shop."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import pymupdf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.desk.config import DeskConfig
from tests.chat import T0, Chat, FakeClock, RecordingTransport
from tests.scenario_form import fill

GROUP, ADVISER = -100600, 990
DESK = DeskConfig(GROUP, frozenset({ADVISER}), time(0, 0), time(23, 59))
RARE = "龘靐齉爩鱻麤龗灪癵驫饢齾"


@dataclass(frozen=True)
class Person:
    name: str
    phone: str
    order: str
    item: str

    @property
    def story(self) -> str:
        return f"我叫{self.name}，电话{self.phone}，买的{self.item}坏了。"

    @property
    def private(self) -> tuple[str, ...]:
        return (self.name, self.phone, self.order, self.item, self.story)


people = st.builds(Person,
                   name=st.text(alphabet=RARE, min_size=3, max_size=3),
                   phone=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
                   order=st.from_regex(r"[1-9][0-9]{17}", fullmatch=True),
                   item=st.from_regex(r"[A-Z]{7}", fullmatch=True))


def received(chat: Chat) -> str:
    """Everything the shopper was sent: texts, captions and the text of every PDF."""
    parts = [*chat.texts]
    for s in chat.transport.sent:
        caption = getattr(s.action, "caption", "")
        parts.append(caption)
        data = chat.transport.blobs.get(s.ref, b"")
        if data.startswith(b"%PDF"):
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                parts += [page.get_text() for page in doc]
    return "\n".join(parts)


def act(chat: Chat) -> None:
    """What a shopper does once counted: card and picture, letters, the dossier, withdrawing and
    counting again."""
    chat.send("/status")
    chat.click("🖼 时间线图")
    for channel in ("市场监管12315", "消费者协会"):
        chat.send("/letter")
        chat.click("📮 其他渠道")
        chat.click(channel)
    chat.send("/export")
    chat.send("/cases")
    chat.send("/withdraw")
    chat.send("/status")
    chat.click("📊 计入店铺统计")
    chat.send("/status")


@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(people, min_size=2, max_size=3, unique_by=lambda p: (p.name, p.phone, p.order,
                                                                    p.item)))
def test_no_data_of_one_shopper_reaches_another(crowd: list[Person]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db, clock = Path(tmp) / "t.db", FakeClock(T0)
        chats = []
        for user, person in enumerate(crowd, 1):
            chat = Chat(db, user_id=user, clock=clock, desk=DESK, transport=RecordingTransport())
            fill(chat, "质量问题", {"shop": "小李数码专营店", "order_no": person.order,
                                "item": person.item, "description": person.story})
            chat.click("📊 计入统计")
            chats.append(chat)
        for chat in chats:  # everyone acts after everyone is counted: the counts are there
            act(chat)
        adviser = Chat(db, user_id=ADVISER, clock=clock, desk=DESK,
                       transport=RecordingTransport())
        adviser.adviser(GROUP, ADVISER, "/shop 小李数码专营店")
        desk = "\n".join(m.text for m in adviser.transport.group(GROUP))
        for _, data in adviser.files_sent(GROUP):
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                desk += "".join(page.get_text() for page in doc)
        assert f"共 {len(crowd)} 起" in desk
        for chat, person in zip(chats, crowd, strict=True):
            seen = received(chat)
            assert person.order in seen  # their own data does reach them (the test can see)
            assert f"同店另有 {len(crowd) - 1} 起" in seen
            for other in crowd:
                if other is not person:
                    leaked = [p for p in other.private if p in seen]
                    assert not leaked, (leaked, chat.user_id)
            for secret in (person.name, person.phone, person.order, person.story):
                assert secret not in desk
        for chat in [*chats, adviser]:
            chat.close()

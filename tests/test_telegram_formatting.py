"""Formatting that helps (issue 16 item 5), through the Bot API emulator on both frameworks:
order number and amounts in <code> (tap to copy) on the case card, the review and the advisers'
card; the complaint letter in <pre>, or as a .txt document when it does not fit one message;
sendChatAction "typing" before a letter or a knowledge answer and "upload_document" before the
PDF; the "preparing your PDF" notice before the PDF, in the emulator's log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.adapters.telegram.runner import Runner
from bot.adapters.telegram.transport import LETTER_FILE, TelegramTransport
from bot.cli.run import make_api
from dialogs.markup import pre
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, TOKEN, running_bot
from tests.emulator import BotApiEmulator
from tests.test_reminders import at

pytestmark = pytest.mark.parametrize("framework", FRAMEWORKS)
SHOPPER = 903
ORDER = "1234567890123456789"


@pytest.fixture
async def bot(framework: str, emu: BotApiEmulator, tmp_path: Path) -> AsyncIterator[Runner]:
    async with running_bot(framework, emu, tmp_path, now=at("2026-11-27T10:00")) as runner:
        yield runner


async def file_a_case(chat: TelegramChat) -> str:
    """A complaint filed through the form; the review's raw HTML."""
    await chat.send("投诉")
    await chat.click("未收到货")
    for text in ("淘宝", "某某数码专营店", ORDER, "蓝牙耳机", "199", "11月10日", "11月11日",
                 "11月20日"):
        await chat.send(text)
    await chat.click("跳过")
    await chat.send("物流显示 11 月 19 日已签收，但我没有收到，快递柜和门卫都没有。")
    review = await chat.click("仅退款")
    await chat.click("确认提交")
    return next(r.raw.raw_text for r in review if ORDER in r.text)


def actions_before(emu: BotApiEmulator, method: str, text: str) -> list[str]:
    """The chat actions sent since the previous message, before the message containing text."""
    seen: list[str] = []
    for call in emu.calls():
        if call.method == "sendChatAction":
            seen.append(call.params.get("action", ""))
        elif call.method in ("sendMessage", "sendDocument"):
            if call.method == method and text in str(call.params.get("text") or
                                                     call.params.get("document") or ""):
                return seen
            seen = []
    raise AssertionError(f"no {method} with {text!r}")


async def test_copyable_numbers_letters_in_pre_and_chat_actions(
        bot: Runner, emu: BotApiEmulator) -> None:
    chat = TelegramChat(emu, bot.app.settings.db_path, user=SHOPPER, timeout=30, but_reminders=True)
    review = await file_a_case(chat)
    assert f"<code>{ORDER}</code>" in review and "<code>199.00</code> 元" in review
    card = (await chat.send("/status"))[0]
    assert f"<code>{ORDER}</code>" in str(card.raw.raw_text)
    assert card.text.count(ORDER) == 1 and "\ue000" not in card.text  # marks never show

    letter = (await chat.send("/letter"))[0]
    raw = str(letter.raw.raw_text)
    assert raw.count("<pre>") == 1 and raw.rstrip().endswith("</pre>")
    assert ORDER in raw.split("<pre>")[1] and "<code>" not in raw
    assert actions_before(emu, "sendMessage", "投诉文本") == ["typing"]

    answer = await chat.send("七天无理由退货是怎么规定的？")
    assert answer and actions_before(emu, "sendMessage", answer[0].text[:20]) == ["typing"]

    mark = emu.mark()
    await chat.send("/export")
    await emu.wait_until(lambda: any(m.method == "sendDocument" for m in emu.sent(since=mark)),
                         60, "the PDF")
    log = [(c.method, c.params.get("action", "")) for c in emu.calls()
           if c.method in ("sendMessage", "sendChatAction", "sendDocument")]
    notice = max(i for i, c in enumerate(emu.calls()) if c.method == "sendMessage" and
                 "正在生成案件 #1 的材料" in str(c.params.get("text")))
    pdf = next(i for i, c in enumerate(emu.calls()) if c.method == "sendDocument")
    between = [(c.method, c.params.get("action", "")) for c in emu.calls()[notice + 1:pdf]]
    assert ("sendChatAction", "upload_document") in between, log
    assert emu.sent(since=mark)[-1].method == "sendDocument"


async def test_a_letter_too_long_for_one_message_goes_as_a_text_file(
        framework: str, emu: BotApiEmulator) -> None:
    emu.add_user(SHOPPER, lang="zh")
    transport = TelegramTransport(make_api(framework, TOKEN, emu.base))
    letter = "\n".join(f"第 {i} 段：商家至今未发货，订单号 {ORDER}。" for i in range(300))
    head = "✉️ 给「12315」的投诉文本（9999/10000 字），可以直接复制使用："
    try:
        await transport.send_text(SHOPPER, f"{head}\n\n{pre(letter)}",
                                  [[("更短的版本", "t:1:x:zh:1")]], ref=1, action="typing")
    finally:
        await transport.api.close()
    sent = emu.sent(SHOPPER)
    assert [m.method for m in sent] == ["sendMessage", "sendDocument"]
    assert sent[0].content == head and sent[0].buttons == [("更短的版本", "t:1:x:zh:1")]
    document = sent[1].message["document"]
    assert document["file_name"] == LETTER_FILE
    assert emu.file_bytes(document["file_id"]).decode("utf-8") == letter + "\n"
    assert [c.params.get("action") for c in emu.calls("sendChatAction")] == \
        ["typing", "upload_document"]

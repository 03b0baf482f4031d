"""Conversations more than one test walks through, written once for any `Conversation`."""

from __future__ import annotations

from tests.chat.reply import Conversation, Reply


async def file_late_parcel(chat: Conversation) -> list[Reply]:
    """A not-received complaint on Taobao filed by buttons and typing, skipping the optional
    dates; the replies to the final 'confirm' press (they name the new case, #1 for a new user)."""
    await chat.send("投诉")
    await chat.click("未收到货")
    await chat.click("淘宝")
    for answer in ("小店", "9876543210987654", "耳机", "59.9", "昨天"):
        await chat.send(answer)
    for _ in range(3):
        await chat.click("⏭ 跳过")
    await chat.send("付款十天了一直没发货，客服不回消息。")
    await chat.click("仅退款")
    return await chat.click("✅ 确认提交")

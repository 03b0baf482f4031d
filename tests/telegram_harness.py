"""The old import path of the Telegram test client, kept only so branches written before the two
clients became one still import: the client is tests/chat/telegram.py (TelegramChat), the bot
under test tests/chat/telegram_bot.py. New tests import from there."""

from tests.chat import texts
from tests.chat.telegram import TelegramChat as Chat
from tests.chat.telegram_bot import (
    FRAMEWORKS,
    TOKEN,
    USER,
    app_of,
    db_of,
    fast_options,
    pending_rows,
    processed,
    running_bot,
    settings_for,
)

__all__ = ["FRAMEWORKS", "TOKEN", "USER", "Chat", "app_of", "db_of", "fast_options",
           "pending_rows", "processed", "running_bot", "settings_for", "texts"]

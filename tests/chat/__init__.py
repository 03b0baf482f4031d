"""The chat client the scenario tests talk through: send, click, the last reply.

One vocabulary (tests/chat/reply.py: `Reply`, `Conversation`) with two drivers:
- console (tests/chat/console.py): the engine, service and delivery loop on a real SQLite file
  with a controlled clock; `Chat` is its synchronous face, `Chat.aio` its `Conversation`;
- Telegram (tests/chat/telegram.py): python-telegram-bot or aiogram over real HTTP to the Bot API
  emulator; `TelegramChat` is a `Conversation`.
"""

from tests.chat.console import T0, Chat, FakeClock, GroupMessage, RecordingTransport, Sent
from tests.chat.console_aio import ConsoleConversation
from tests.chat.reply import Conversation, FileSpec, Reply, texts

__all__ = ["T0", "Chat", "ConsoleConversation", "Conversation", "FakeClock", "FileSpec",
           "GroupMessage", "RecordingTransport", "Reply", "Sent", "texts"]

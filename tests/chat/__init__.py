"""The chat client the scenario tests talk through: send, click, the last reply.

One vocabulary (tests/chat/reply.py: `Reply`, `Conversation`) with a driver per way in:
- console (tests/chat/console.py): the engine, service and delivery loop on a real SQLite file
  with a controlled clock; `Chat` is its synchronous face, `Chat.aio` its `Conversation`;
  tests/chat/recording.py the transport it records through (and the advisers' group it plays);
- Telegram (tests/chat/telegram.py): python-telegram-bot or aiogram over real HTTP to the Bot API
  emulator; `TelegramChat` is a `Conversation`, `TelegramDesk` (tests/chat/desk.py) the
  advisers' group beside it;
- a `weiquan run` process (tests/chat/process.py): `ProcessChat`, blocking, for kill tests.
tests/chat/drivers.py opens one conversation on the console or either framework by name.
"""

from tests.chat.console import T0, Chat, FakeClock
from tests.chat.console_aio import ConsoleConversation
from tests.chat.recording import GroupMessage, RecordingTransport, Sent
from tests.chat.reply import Conversation, FileSpec, Reply, texts

__all__ = ["T0", "Chat", "ConsoleConversation", "Conversation", "FakeClock", "FileSpec",
           "GroupMessage", "RecordingTransport", "Reply", "Sent", "texts"]

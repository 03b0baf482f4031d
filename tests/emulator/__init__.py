"""A local Telegram Bot API emulator for the tests (issue 3, point 4).

The real python-telegram-bot and aiogram talk to it unchanged:

    emu = BotApiEmulator(token="123:ABC")
    base = await emu.start()
    ptb = telegram.Bot(token, base_url=f"{base}/bot", base_file_url=f"{base}/file/bot")
    aio = aiogram.Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base)))
"""

from .emulator import BotApiEmulator
from .params import ApiError
from .state import Call, SentMessage
from .thread import EmulatorThread

__all__ = ["ApiError", "BotApiEmulator", "Call", "EmulatorThread", "SentMessage"]

"""The bot's menus and descriptions in Telegram, set at start-up from the one command list
(knowledge/data/commands.yaml) and the texts.

Shopper commands go to every private chat, the advisers' commands only to their group
(`BotCommandScopeChat`); each per Telegram language (zh, en) and, for users of any other
language, in the service's own language. Menus of the default scope left by older versions
(they would show in any group) are dropped.
"""

from __future__ import annotations

from bot.adapters.telegram.api import TelegramApi
from dialogs.texts import LANGS, t
from knowledge.commands import ADVISERS, SHOPPER, CommandList


async def set_menus(api: TelegramApi, commands: CommandList, default_lang: str,
                    operator_chat: int | None) -> None:
    advisers = operator_chat is not None
    for code in (*LANGS, None):
        lang = code or default_lang
        await api.delete_commands(code)
        await api.set_commands(commands.menu(SHOPPER, lang, advisers), code)
        if operator_chat is not None:
            await api.set_commands(commands.menu(ADVISERS, lang), code, operator_chat)
        await api.set_description(t(lang, "bot.description"), t(lang, "bot.short_description"),
                                  code)

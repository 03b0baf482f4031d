"""Menus per language and scope (issue 16 item 1), through both frameworks and the emulator:
after start-up the shopper's menu in private chats, the advisers' menu only in their group, the
descriptions per language and /help all say exactly the one command list
(knowledge/data/commands.yaml)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from dialogs.texts import t
from knowledge import commands as command_list
from knowledge.commands import ADVISERS, SHOPPER
from knowledge.loader import DATA_DIR, load_kb
from tests.chat.telegram import TelegramChat
from tests.chat.telegram_bot import FRAMEWORKS, db_of, running_bot
from tests.emulator import BotApiEmulator

GROUP = -1001700
PRIVATE = {"type": "all_private_chats"}
IN_GROUP = {"type": "chat", "chat_id": GROUP}
COMMANDS = load_kb().commands
SHOPPER_NAMES = [c.name for c in COMMANDS.of(SHOPPER)]
ADVISER_NAMES = [c.name for c in COMMANDS.of(ADVISERS)]


def names(menu: list[dict[str, str]]) -> list[str]:
    return [c["command"] for c in menu]


def helped(shown: str) -> list[str]:
    """The command each line of /help is about (its first "/word")."""
    return [next(w for w in line.split() if w.startswith("/")).lstrip("/")
            for line in shown.splitlines()[1:]]


def test_the_list_holds_every_command_once() -> None:
    assert {"start", "complain", "status", "cases", "cancel", "lang", "human", "help", "back",
            "skip", "progress", "letter", "evidence", "export", "done", "forget", "picture",
            "withdraw"} == set(SHOPPER_NAMES)
    assert {"take", "close", "note", "case", "queue", "shop"} <= set(ADVISER_NAMES)
    assert COMMANDS.named("language") is COMMANDS.named("lang")
    assert COMMANDS.said("转人工！").name == "human" and COMMANDS.said("我要转人工") is None


def test_adding_a_command_is_one_line_of_data(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(DATA_DIR / command_list.FILE, data)
    with (data / command_list.FILE).open("a", encoding="utf-8") as f:
        f.write("  - {name: tag, audience: advisers, menu: {zh: 给请求加标签, en: Tag the request}}\n")
    doc = yaml.safe_load((data / command_list.FILE).read_text(encoding="utf-8"))
    assert doc["commands"][-1]["name"] == "tag"  # the line joined the list, not another key
    longer = command_list.load(data)
    assert "tag" in longer.names(ADVISERS) and "tag" not in longer.names(SHOPPER)
    assert longer.menu(ADVISERS, "en")[-1] == ("tag", "Tag the request")


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_menus_descriptions_and_help_with_an_advisers_group(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    emu.add_group(GROUP, "顾问群", is_forum=True)
    async with running_bot(framework, emu, tmp_path, operator_chat=GROUP,
                           operators=(777,)) as bot:
        for code in ("zh", "en", ""):
            lang = code or "zh"  # the service's language for everyone else
            private = emu.commands_for(code, PRIVATE)
            assert names(private) == SHOPPER_NAMES
            assert private == [{"command": c, "description": d}
                               for c, d in COMMANDS.menu(SHOPPER, lang)]
            assert names(emu.commands_for(code, IN_GROUP)) == ADVISER_NAMES
            assert emu.commands_for(code) == []  # nothing for every other chat
            assert emu.description(code) == t(lang, "bot.description")
            assert emu.description(code, short=True) == t(lang, "bot.short_description")
        assert dict(COMMANDS.menu(SHOPPER, "en"))["human"] == "Talk to a human adviser"
        for lang in ("zh", "en"):
            shown = (await TelegramChat(emu, db_of(bot), user=600 + len(lang), lang=lang)
                     .send("/help"))[-1].content
            assert shown.splitlines()[0] == t(lang, "help.title")
            assert helped(shown) == SHOPPER_NAMES


@pytest.mark.parametrize("framework", FRAMEWORKS)
async def test_without_advisers_no_group_menu_and_no_done(
        framework: str, emu: BotApiEmulator, tmp_path: Path) -> None:
    async with running_bot(framework, emu, tmp_path, lang="en") as bot:
        without = [c.name for c in COMMANDS.of(SHOPPER, advisers=False)]
        assert "done" not in without and "human" in without
        for code in ("zh", "en", ""):
            lang = code or "en"
            assert names(emu.commands_for(code, PRIVATE)) == without
            assert all(scope == "all_private_chats" for _, scope in emu.commands)
            assert dict((c["command"], c["description"]) for c in
                        emu.commands_for(code, PRIVATE))["human"] == \
                COMMANDS.named("human").description(lang, advisers=False)
        shown = (await TelegramChat(emu, db_of(bot), lang="en").send("/help"))[-1].content
        assert "/done" not in shown and "no human advisers" in shown
        assert helped(shown) == without

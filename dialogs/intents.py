"""Global intents: commands and a few exact phrases that work in every dialog state."""

from __future__ import annotations

import unicodedata
from enum import StrEnum

from dialogs.events import Incoming, Kind


class Intent(StrEnum):
    START = "start"
    HELP = "help"
    COMPLAIN = "complain"
    STATUS = "status"
    CASES = "cases"
    CANCEL = "cancel"
    LANG = "lang"
    HUMAN = "human"
    BACK = "back"
    SKIP = "skip"
    PROGRESS = "progress"
    LETTER = "letter"
    EVIDENCE = "evidence"
    EXPORT = "export"
    DONE = "done"
    FORGET = "forget"
    FORGET_CONFIRMED = "forget_yes"
    PICTURE = "picture"
    WITHDRAW = "withdraw"
    UNKNOWN_COMMAND = "unknown_command"


COMMANDS: dict[str, Intent] = {
    "start": Intent.START, "help": Intent.HELP, "complain": Intent.COMPLAIN,
    "status": Intent.STATUS, "cases": Intent.CASES, "cancel": Intent.CANCEL,
    "lang": Intent.LANG, "language": Intent.LANG, "human": Intent.HUMAN,
    "back": Intent.BACK, "skip": Intent.SKIP, "progress": Intent.PROGRESS,
    "letter": Intent.LETTER,
    "evidence": Intent.EVIDENCE,
    "export": Intent.EXPORT,
    "done": Intent.DONE,
    "forget": Intent.FORGET,
    "picture": Intent.PICTURE, "timeline": Intent.PICTURE,
    "withdraw": Intent.WITHDRAW,
}

# Whole messages only: a phrase inside a longer answer is an answer, not a command.
PHRASES: dict[str, Intent] = {
    **dict.fromkeys(("投诉", "我要投诉", "我想投诉", "开始投诉", "发起投诉", "投诉商家", "投诉卖家",
                     "我要投诉商家", "我想投诉商家", "complain", "complaint", "i want to complain",
                     "file a complaint", "start a complaint"), Intent.COMPLAIN),
    **dict.fromkeys(("转人工", "人工", "人工客服", "找人工", "真人", "human", "agent"),
                    Intent.HUMAN),
    **dict.fromkeys(("帮助", "help", "?", "菜单", "menu"), Intent.HELP),
    **dict.fromkeys(("取消", "放弃", "cancel"), Intent.CANCEL),
    **dict.fromkeys(("进度", "状态", "查看进度", "案件进度", "status"), Intent.STATUS),
    **dict.fromkeys(("我的案件", "案件", "cases", "my cases"), Intent.CASES),
    **dict.fromkeys(("上一步", "返回", "back"), Intent.BACK),
    **dict.fromkeys(("跳过", "skip", "不记得", "不记得了", "不清楚"), Intent.SKIP),
    **dict.fromkeys(("语言", "language", "切换语言"), Intent.LANG),
    **dict.fromkeys(("记录进展", "更新进展", "progress"), Intent.PROGRESS),
    **dict.fromkeys(("投诉文本", "投诉信", "文案", "写投诉", "letter"), Intent.LETTER),
    **dict.fromkeys(("证据", "我的证据", "证据清单", "evidence"), Intent.EVIDENCE),
    **dict.fromkeys(("导出", "导出材料", "案件材料", "export"), Intent.EXPORT),
    **dict.fromkeys(("时间线图", "时间线", "timeline"), Intent.PICTURE),
    **dict.fromkeys(("撤回统计", "退出统计", "不再计入统计", "撤回同意"), Intent.WITHDRAW),
    **dict.fromkeys(("结束人工", "返回机器人", "回到机器人", "done"), Intent.DONE),
}

# Typing a language's name switches to it directly.
LANGUAGE_NAMES: dict[str, str] = {"中文": "zh", "简体中文": "zh", "english": "en", "英文": "en"}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    return text.rstrip("。.!！~～ ") or text


def detect(ev: Incoming) -> Intent | None:
    if ev.kind == Kind.COMMAND and ev.command is not None:
        return COMMANDS.get(ev.command, Intent.UNKNOWN_COMMAND)
    if ev.kind == Kind.TEXT:
        return PHRASES.get(_plain(ev.text))
    return None


def language_named(ev: Incoming) -> str | None:
    if ev.kind != Kind.TEXT:
        return None
    return LANGUAGE_NAMES.get(_plain(ev.text))

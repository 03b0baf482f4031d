"""`weiquan kb ask|classify|check|hotline` (CONTRACT.md): the knowledge base from the command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import DEFAULT_TZ, Clock
from knowledge.base import Answer, KnowledgeBase
from knowledge.loader import DATA_DIR, KBError, load_kb, load_unchecked
from knowledge.pinyin_text import is_pinyin_text
from knowledge.textnorm import has_cjk

CLOCK_NAMES = frozenset({"WEIQUAN_NOW", "WEIQUAN_TZ"})  # the settings that shape the clock


def register(subparsers: Any) -> None:
    kb = subparsers.add_parser("kb", help="the knowledge base: ask, classify, check")
    sub = kb.add_subparsers(dest="kb_command", required=True)

    ask = sub.add_parser("ask", help="answer a question from the knowledge base")
    ask.add_argument("question", metavar="QUESTION", help="the question, or - to read one per line")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--lang", choices=("zh", "en"), help="answer language (default: the question's)")
    ask.set_defaults(func=run_ask)

    classify = sub.add_parser("classify", help="complaint category of a free-text description")
    classify.add_argument("text", metavar="TEXT", help="the description, or - to read one per line")
    classify.add_argument("--json", action="store_true", help="one JSON object per text")
    classify.set_defaults(func=run_classify)

    hotline = sub.add_parser("hotline", help="is a phone number an official Tmall/Taobao line?")
    hotline.add_argument("number", metavar="NUMBER")
    hotline.add_argument("--json", action="store_true")
    hotline.set_defaults(func=run_hotline)

    check = sub.add_parser("check", help="validate every knowledge file; exit 1 listing each problem")
    check.add_argument("--data", type=Path, default=DATA_DIR, help=argparse.SUPPRESS)
    check.set_defaults(func=run_check)


def _inputs(arg: str) -> Iterator[str]:
    if arg != "-":
        yield arg
        return
    for line in sys.stdin:
        yield line.rstrip("\r\n")


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _with_kb(action: Callable[[KnowledgeBase], int]) -> int:
    try:
        kb = load_kb(warm=False)  # one command: a library's data is read when it is needed
    except KBError as exc:
        print("knowledge base is invalid (run `weiquan kb check`):", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return action(kb)


def _human_answer(kb: KnowledgeBase, answer: Answer, lang: str) -> str:
    if answer.answer is None:
        lines = [kb.texts.t(lang, "cli.kb.no_answer")]
        if answer.gap:
            lines.append(kb.entry(answer.gap).answer.get(lang))
    else:
        lines = [answer.answer,
                 kb.texts.t(lang, "cli.kb.sources", sources=kb.texts.join(lang, answer.sources, long=True))]
    if answer.related:
        lines.append(kb.texts.t(lang, "cli.kb.related",
                                related=kb.texts.join(lang, [title for _, title in answer.related])))
    return "\n".join(lines)


def _lazy_clock() -> Callable[[], datetime]:
    """The configured clock (WEIQUAN_NOW honoured), read only when a question has a date to place."""
    clock: list[Clock] = []

    def now() -> datetime:
        if not clock:
            clock.append(_configured_clock())
        return clock[0].now()

    return now


def _configured_clock() -> Clock:
    """The clock of the settings. Unless WEIQUAN_NOW or WEIQUAN_TZ is set, here or possibly in a
    .env file, that is the real clock in the default zone: known without pydantic-settings,
    which costs 0.1 s of CPU to import and read."""
    if CLOCK_NAMES & {name.upper() for name in os.environ} or Path(".env").exists():
        from bot.config import load_settings

        settings = load_settings()
        return Clock(settings.now, settings.zone)
    return Clock(None, ZoneInfo(DEFAULT_TZ))


def _with_hours(kb: KnowledgeBase, answer: Answer, lang: str, now: Callable[[], datetime]) -> Answer:
    """An answer about a service with opening hours (12315) says whether it is staffed now and
    when next, as the chat does (knowledge/hours_now.py); the clock is read only then."""
    from dataclasses import replace

    from knowledge.hours_now import hours_rules, notes_for

    if answer.answer is None or not answer.entry or not hours_rules(kb.entry(answer.entry), kb.rules):
        return answer
    return replace(answer, answer=f"{answer.answer}\n\n{notes_for(kb, answer.entry, now(), lang)}")


def run_ask(args: argparse.Namespace) -> int:
    now = _lazy_clock()

    def action(kb: KnowledgeBase) -> int:
        for question in _inputs(args.question):
            lang = args.lang or ("zh" if has_cjk(question) or not question.strip()
                                 or is_pinyin_text(question) else "en")
            answer = (kb.ask(question, lang=lang, now=now) if question.strip()
                      else Answer(None, None, 0.0, []))
            answer = _with_hours(kb, answer, lang, now)
            if lang == "zh" and answer.answer is not None:  # asked in Traditional, answered in it
                answer = replace(answer, answer=kb.scripts.like(question, answer.answer))
            if args.json:
                _emit(answer.to_json())
            else:
                print(_human_answer(kb, answer, lang) + ("\n" if args.question == "-" else ""))
        return 0

    return _with_kb(action)


def run_classify(args: argparse.Namespace) -> int:
    def action(kb: KnowledgeBase) -> int:
        for text in _inputs(args.text):
            result = kb.classify(text)
            if args.json:
                _emit(result.to_json())
            elif result.category is None:
                print(f"{kb.texts.t('zh', 'cli.classify.unknown')} / {kb.texts.t('en', 'cli.classify.unknown')}")
            else:
                name = kb.category(result.category).name
                alternatives = ", ".join(result.alternatives)
                print(f"{result.category} ({name.zh} / {name.en}) confidence {result.confidence:.2f}"
                      + (f"; also: {alternatives}" if alternatives else ""))
        return 0

    return _with_kb(action)


def run_hotline(args: argparse.Namespace) -> int:
    def action(kb: KnowledgeBase) -> int:
        verdict = kb.check_hotline(args.number)
        if args.json:
            _emit({"number": verdict.number, "official": verdict.official,
                   "name": verdict.name.zh if verdict.name else None, "warning": verdict.warning.zh})
        else:
            status = kb.texts.t("zh", "cli.hotline.official" if verdict.official else "cli.hotline.unofficial")
            name = kb.texts.t("zh", "cli.hotline.name", name=verdict.name.zh) if verdict.name else ""
            print(kb.texts.t("zh", "cli.hotline.line", number=verdict.number or "?", status=status, name=name)
                  + "\n" + verdict.warning.zh)
        return 0

    return _with_kb(action)


def run_check(args: argparse.Namespace) -> int:
    kb, problems = load_unchecked(args.data)
    if problems or kb is None:
        print(f"{len(problems)} problem(s) in {args.data}:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"ok: {len(kb.categories)} categories, {len(kb.channels)} channels, {len(kb.entries)} entries "
        f"({sum(e.gap for e in kb.entries)} known gaps), {len(kb.laws)} law articles, "
        f"{len(kb.phones)} phone numbers"
    )
    return 0

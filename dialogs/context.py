"""The working context of one engine step: the snapshot being changed and the replies so far."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from dialogs import callbacks
from dialogs.actions import Action, Button, Keyboard, SendText
from dialogs.events import Incoming
from dialogs.question_lang import asked_in
from dialogs.snapshot import Case, Snapshot
from knowledge.base import KnowledgeBase
from knowledge.phones import find_phones
from knowledge.slots import Found, extract
from knowledge.textnorm import width
from knowledge.texts import DEFAULT_LANG, fill

R = TypeVar("R")


@dataclass
class Ctx:
    snap: Snapshot
    ev: Incoming
    kb: KnowledgeBase  # facts, rules, letter templates and texts, all read before the step
    now: datetime
    out: list[Action] = field(default_factory=list)
    kept: bool = False  # the user's text is stored, noted or quoted back: nothing to keep
    voice: str | None = None  # the language of the reply being written, when not the conversation's
    traditional: bool = False  # the reply being written answers a question typed in Traditional
    # phone-shaped numbers by text, for this step only (questions asks twice of the same text)
    seen_phones: dict[str, list[str]] = field(default_factory=dict, repr=False)
    # a text's Unicode normal form (knowledge.textnorm.width), for this step only: a message is
    # read by several readers, and a text with full-width marks (，。？) is slow to normalise
    seen_wide: dict[str, str] = field(default_factory=dict, repr=False)
    # a text as the base's readers compare it (Normaliser.basic), for this step only: whether an
    # answer holds a number and whether it ends asking a figure read the same text
    seen_basic: dict[str, str] = field(default_factory=dict, repr=False)
    seen_slots: dict[tuple[str, frozenset[str] | None], list[Found]] = field(default_factory=dict,
                                                                              repr=False)
    # a validator's reading of a text, for this step only (an answer is read for its own
    # field, then taken; a date found in it goes through the same reader)
    seen_valid: dict[tuple[Callable[[str, date, KnowledgeBase], object], str], object] = field(
        default_factory=dict, repr=False)
    # `now` in the user's zone, its day and its stamp: worked out once, when first asked (a
    # plain attribute: functools.cached_property takes a lock on every first read)
    _local_now: datetime | None = field(default=None, init=False, repr=False)
    _today: date | None = field(default=None, init=False, repr=False)
    _local_stamp: str | None = field(default=None, init=False, repr=False)

    @property
    def lang(self) -> str:
        return self.voice or self.snap.session.lang

    @contextmanager
    def speaking(self, lang: str) -> Iterator[None]:
        """Replies written inside are in `lang` (a question asked in the other language); the
        conversation's language stays as it is."""
        before, self.voice = self.voice, lang
        try:
            yield
        finally:
            self.voice = before

    @contextmanager
    def answering(self, question: str) -> Iterator[None]:
        """Replies written inside answer `question`: in its language (dialogs/question_lang.py)
        and, in Chinese, in its script (knowledge/script.py); the conversation's stay as they are."""
        with self.speaking(asked_in(question, self.lang)), self.written_like(question):
            yield

    @contextmanager
    def written_like(self, text: str) -> Iterator[None]:
        """Chinese replies written inside are in the script of `text` (knowledge/script.py)."""
        before = self.traditional
        self.traditional = self.lang == "zh" and self.kb.scripts.is_traditional(text)
        try:
            yield
        finally:
            self.traditional = before

    @property
    def case(self) -> Case | None:
        return self.snap.case

    @property
    def local_now(self) -> datetime:
        """`now` in the user's time zone (asked many times a step; `now` and the zone are fixed)."""
        if self._local_now is None:
            self._local_now = self.now.astimezone(ZoneInfo(self.snap.tz))
        return self._local_now

    @property
    def today(self) -> date:
        if self._today is None:
            self._today = self.local_now.date()
        return self._today

    def wide(self, text: str) -> str:
        """width(text), worked out once per text in a step. A reader that starts with width()
        (typed, plain, the phone finder) gives the same for this as for `text`: the normal
        form of a normal form is itself, and is quick to check."""
        found = self.seen_wide.get(text)
        if found is None:
            found = self.seen_wide[text] = width(text)
        return found

    def basic(self, text: str) -> str:
        """kb.normaliser.basic(text), worked out once per text in a step."""
        found = self.seen_basic.get(text)
        if found is None:
            found = self.seen_basic[text] = self.kb.normaliser.basic(text)
        return found

    def phones(self, text: str) -> list[str]:
        """kb.find_phones(text), worked out once per text in a step (called directly: the
        base's method imports the finder on each call)."""
        found = self.seen_phones.get(text)
        if found is None:
            found = self.seen_phones[text] = find_phones(self.wide(text), self.kb.phone_words)
        return found

    def slots_in(self, text: str, wanted: frozenset[str] | None = None) -> list[Found]:
        """knowledge.slots.extract(text) as of today, once per text in a step (a typed answer
        is read for its own field and then for the empty ones). `wanted`: only these slots
        (Found.slot names); a full reading already made serves too."""
        found = self.seen_slots.get((text, None))
        if found is not None:
            return found if wanted is None else [f for f in found if f.slot in wanted]
        found = self.seen_slots.get((text, wanted))
        if found is None:
            found = self.seen_slots[(text, wanted)] = extract(text, self.today, self.kb,
                                                               self.phones(text), wanted,
                                                               self.wide(text))
        return found

    def valid(self, validate: Callable[[str, date, KnowledgeBase], R], text: str) -> R:
        """validate(text, today, kb), once per validator and text in a step (validators are pure)."""
        key = (validate, text)
        if key in self.seen_valid:
            return self.seen_valid[key]  # type: ignore[return-value]
        result = self.seen_valid[key] = validate(text, self.today, self.kb)
        return result

    def t(self, key: str, **params: object) -> str:
        full = self.kb.texts.full  # as Texts.template, without a call: asked ~10 times a step
        texts = full.get(self.voice or self.snap.session.lang)
        template = (full[DEFAULT_LANG] if texts is None else texts)[key]
        if not params:
            return template
        return template.format(**params) if ":|" not in template else fill(template, **params)

    def join(self, items: list[str], *, long: bool = False) -> str:
        """A list in the user's language, with its own separator (texts list.separator*)."""
        return self.kb.texts.join(self.lang, items, long=long)

    def say(self, text: str, buttons: Keyboard = (), action: str = "") -> None:
        """`action`: "typing" for a reply that took work (a knowledge answer, a letter)."""
        if self.traditional and self.lang == "zh":
            text, buttons = self.kb.scripts.traditional(text), self._traditional(buttons)
        self.out.append(SendText(chat_id=self.snap.session.chat_id, text=text, buttons=buttons,
                                 action=action))

    def _traditional(self, buttons: Keyboard) -> Keyboard:
        """The buttons' labels in Traditional characters (their data are ids and stay)."""
        convert = self.kb.scripts.traditional
        return tuple(tuple(Button(convert(b.label), b.data) for b in row) for row in buttons)

    def say_key(self, key: str, **params: object) -> None:
        self.say(self.t(key, **params))

    def new_question(self) -> int:
        """Number the next question; buttons of earlier questions become stale."""
        self.snap.session.ask_seq += 1
        return self.snap.session.ask_seq

    def answer_button(self, seq: int, label: str, value: str) -> Button:
        return Button(label, callbacks.form(seq, value))

    def category_name(self, slug: str | None) -> str:
        if not slug:
            return "—"
        try:
            return str(self.kb.category(slug).name.get(self.lang))
        except KeyError:
            return slug

    def stamp(self) -> str:
        return self.local_stamp

    @property
    def local_stamp(self) -> str:
        """`local_now` as the snapshot writes times (asked several times a step)."""
        if self._local_stamp is None:
            self._local_stamp = self.local_now.isoformat(timespec="seconds")
        return self._local_stamp


def rows(buttons: list[Button], width: int = 2) -> Keyboard:
    return tuple(tuple(buttons[i:i + width]) for i in range(0, len(buttons), width))


def desk_key(ctx: Ctx, key: str) -> str:
    """A text that mentions the advisers has a `.no_adviser` twin for a service without any."""
    return key if ctx.snap.desk.configured else f"{key}.no_adviser"

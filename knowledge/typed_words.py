"""How shoppers type what the form and the questions read: dates in Chinese
(knowledge/data/date_words.yaml; for a form's answer, dialogs/dates.py, and inside a question,
knowledge/datefind.py) and a form's other answers (knowledge/data/form_words.yaml: order numbers,
amounts, the platforms' names; dialogs/validators.py). Loaded and checked with the knowledge
base; the readers get them from there (`kb.date_words`, `kb.form_words`)."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path
from re import Pattern

import yaml
from pydantic import ConfigDict, PrivateAttr, model_validator

from knowledge.pattern_start import start_class
from knowledge.quick_model import QuickModel
from knowledge.textnorm import typed

DATES, FORM = "date_words.yaml", "form_words.yaml"
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))


class _Words(QuickModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FormDates(_Words):
    """A date typed as a form's answer: each pattern is matched whole (fullmatch)."""

    weekdays: dict[str, int]
    relative: dict[str, int]  # days back
    future: frozenset[str]
    festivals: dict[str, tuple[int, int]]  # month, day
    time: Pattern[str]
    before_time: Pattern[str]
    time_mark: Pattern[str]
    afternoon: frozenset[str]
    festival: Pattern[str]
    this_year: frozenset[str]
    years_back: dict[str, int]
    days_ago: Pattern[str]
    weekday: Pattern[str]
    weeks_back: dict[str, int]
    full_date: Pattern[str]
    month_day: Pattern[str]


class DayPattern(_Words):
    kind: str
    re: str


class QuestionDates(_Words):
    """A date named inside a question: `days` in order, the more specific first."""

    weekdays: dict[str, int]
    relative: dict[str, int]
    days: list[DayPattern]
    time: Pattern[str]
    time_en: Pattern[str]
    time_en_part: Pattern[str]  # at 8 in the evening
    time_en_named: dict[str, str]  # noon, midnight
    time_en_later: frozenset[str]  # the parts of the day after noon
    before_time: str  # what may stand between a date and its time of day
    is_gap: Pattern[str]  # between "today" and the date it is
    time_gap: Pattern[str]  # what may stand between a time of day and the date after it
    digits: dict[str, int]  # a Chinese numeral's value, for times written 下午两点
    ten: str
    time_mark: Pattern[str]
    half: str
    month_mark: str
    afternoon: frozenset[str]
    noon: frozenset[str]
    weeks_back: dict[str, int]
    ahead: dict[str, int] = {}  # days ahead (明天, tomorrow): read only when find_dates is asked to
    festivals: dict[str, tuple[int, int]] = {}  # month, day; keys written without blanks or marks
    time_ampm: Pattern[str] | None = None  # am/pm after a time written 8:30 (8:30pm)
    time_en_part_first: Pattern[str] | None = None  # evening at 7
    evening_days: frozenset[str] = frozenset()  # 昨晚: its time of day is after noon
    time_en_bare: Pattern[str] | None = None  # "at 11" right after such a day: its hour
    months_back: dict[str, int] = {}  # 上个月15号
    counts: dict[str, int] = {}  # weeks or months back, as a numeral or word not made a digit
    half_month: frozenset[str] = frozenset()  # 半个月前: fifteen days back
    _days: list[tuple[str, re.Pattern[str]]] = PrivateAttr()
    _any_day: re.Pattern[str] = PrivateAttr()
    _day_start: re.Pattern[str] | None = PrivateAttr()  # a character a day pattern's match starts with
    _named_times: tuple[tuple[re.Pattern[str], str], ...] = PrivateAttr()

    @model_validator(mode="after")
    def _compile(self) -> QuestionDates:
        self._days = [(d.kind, re.compile(d.re.replace("{months}", MONTH_NAMES))) for d in self.days]
        self._any_day = re.compile("|".join(f"(?:{p.pattern})" for _, p in self._days))
        self._day_start = start_class(self._any_day)
        self._named_times = tuple((re.compile(rf"\b(?:at\s+)?{re.escape(name)}\b"), clock)
                                  for name, clock in self.time_en_named.items())
        return self

    @property
    def day_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        return self._days

    @property
    def named_times(self) -> tuple[tuple[re.Pattern[str], str], ...]:
        """(pattern, HH:MM) of each time of day said by name (noon, midnight), compiled once."""
        return self._named_times

    def may_name_a_day(self, text: str) -> bool:
        """Does any of the day patterns match somewhere in `text`? One search where most texts
        (a shop's name, an item) name no day at all, instead of one per pattern; and first, at C
        speed, whether the text holds any character such a match starts with."""
        start = self._day_start
        if start is not None and start.search(text) is None:
            return False
        return self._any_day.search(text) is not None


class DateWords(_Words):
    form: FormDates
    questions: QuestionDates


class FormWords(_Words):
    """A form's answers as typed, besides dates (dialogs/validators.py)."""

    order_label: Pattern[str]
    amount_sign: Pattern[str]
    amount_unit: Pattern[str]
    chinese_number: Pattern[str]
    kuai_jiao: Pattern[str]
    amount_about: Pattern[str] | None = None  # about, 左右: around a figure, dropped
    amount_times: dict[str, int] = {}  # 1.2k: the letter after a number and what it multiplies by
    amount_shape: Pattern[str]
    platform_names: frozenset[str]

    @cached_property
    def bare_platform_names(self) -> frozenset[str]:
        """The platforms' names as a shop name is compared with them (bare_name): worked out
        once per base, not for every answer that names a shop."""
        return frozenset(bare_name(n) for n in self.platform_names)


_BARE_DROPS = re.compile(r"[\s.·]")


def bare_name(name: str) -> str:
    """A name typed any way (widths, cases, spaces, dots) as one text to compare."""
    return _BARE_DROPS.sub("", typed(name).lower())


def load_dates(data: Path) -> DateWords:
    return DateWords.model_validate(yaml.safe_load((data / DATES).read_text(encoding="utf-8")))


def load_form(data: Path) -> FormWords:
    return FormWords.model_validate(yaml.safe_load((data / FORM).read_text(encoding="utf-8")))

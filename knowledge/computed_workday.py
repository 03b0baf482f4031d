"""Whether a day named in a question is a working day for the deadlines (FACTS §7.2, appendix A).

"Is 2026-10-10 a working day?", and the same asked in Chinese: the day's kind by the
official calendar (knowledge/workdays.py: a make-up workday, a statutory holiday and which one,
a weekend, an ordinary working day), and what that means for "N working days". A year the
calendar has no data for is counted Monday to Friday and said to be an estimate. Words and texts
are data (knowledge/data/computed.yaml `workday`). Pure: `now` only places a date without a year.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from knowledge.datefind import DATED_KINDS, find_dates
from knowledge.workdays import day_kind

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase

ENTRY = "how_days_counted"  # the FAQ entry on how days and working days are counted


def _asks_about_a_day(text: str, words: dict[str, Any], mentions: Callable[[str], bool]) -> bool:
    """A working-day or holiday word that is not a count ("5 working days", in any language, is a
    window's length: a deadline question, not this one)."""
    if not mentions(text):
        return False
    counted = re.compile(words["counted"])
    return not counted.search(text)


def workday_answer(kb: KnowledgeBase, question: str, lang: str,
                   now: datetime | Callable[[], datetime] | None) -> Answer | None:
    from knowledge.base import Answer

    words = kb.computed
    data = words.data["workday"]
    text = kb.normaliser.basic(question)
    if not _asks_about_a_day(text, data, lambda t: words.mentions("workday", "cues", t)):
        return None
    if words.mentions("workday", "services", text):
        return None  # a service's opening hours: the search's (an hours entry, or a known gap)
    found = find_dates(text, now() if callable(now) else now, kb.date_words.questions, ahead=True,
                       nearest=True)
    dates = [day for day in found if day.kind in DATED_KINDS] or found  # "it is a Saturday" names none
    if not dates:
        return None
    lang = "en" if lang == "en" else "zh"
    template = data["text"][lang]
    lines, kinds = [], []
    for found in dates[:3]:
        kind, holiday, estimated = day_kind(found.day)
        name = template["holidays"].get(holiday, holiday) if holiday else ""
        day = template["day"].format(date=found.day.isoformat(),
                                     weekday=template["weekdays"][found.day.weekday()])
        line = template[kind].format(day=day, holiday=name)
        lines.append(template["estimated"].format(year=found.day.year, line=line) if estimated else line)
        kinds.append({"date": found.day.isoformat(), "day": kind, "working": kind in ("workday", "makeup"),
                      "holiday": holiday, "estimated": estimated})
    lines.append(template["counting"])
    years = {found.day.year: item["estimated"] for found, item in zip(dates, kinds, strict=False)}
    sources = [data["source_estimate" if guess else "source"].format(year=year)
               for year, guess in sorted(years.items())]
    return Answer(answer="\n".join(lines), entry=ENTRY, score=1.0, sources=sources,
                  related=[(ENTRY, kb.entry(ENTRY).title.get(lang))], aspect="days",
                  computed={"kind": "workday", "days": kinds})

"""Which event word a date in a question belongs to (for knowledge/computed_match.py).

Of the event words within a window of the date: one of its own clause before one across a comma
or an "and"; then the nearest; at the same distance the one on the side the language writes the
event (Chinese: the date, then its verb; English: the verb, then "on Nov 20"). Chinese keywords
that name each event before its date, parted from it by a blank or a colon, are read as English
is. Pure: a text and its dates in, owners out.
"""

from __future__ import annotations

import re

from knowledge.datefind import Found
from knowledge.event_words import spans
from knowledge.textnorm import has_cjk

EVENT_WINDOW = 30  # characters between a date and the event word it belongs to
EVENT_WINDOW_LATIN = 60  # the same in English: its words take more letters than Chinese ones
# how much nearer an event word on the unusual side must be to win in Chinese: a date comes before
# its verb ("16号申请的仅退款 18号又改了金额": 18号 is the edit's, not the refund's told before it)
SIDE_GAP = {True: 2, False: 0}
# keywords in Chinese name the event first, a blank or a colon before its date ("退款 11-02 10:00
# 改金额 11-04 18:00 卖家期限"): each date then goes with the event before it, as in English
LABEL_GAP = re.compile(r"[\s:：]+")
GLUE_AFTER = 2  # characters between a date and the verb glued to it (12点发起, 20号申请的)


def _distance(span: tuple[int, int], day: Found) -> int:
    first, last = day.span
    return max(first - span[1], span[0] - last, 0)


def owner_of(text: str, day: Found, events: set[str], clause: re.Pattern[str],
           words_quoted: re.Pattern[str], negation: re.Pattern[str] | None = None) -> str | None:
    """The event word a date belongs to (see owner_at)."""
    found = owner_at(text, day, events, clause, words_quoted, negation)
    return None if found is None else found[0]


def verb_after(text: str, dates: list[Found], events: set[str], negation: re.Pattern[str] | None = None) -> bool:
    """Whether a date's event is written after it (Chinese: the date, then the verb), rather than before it
    (English, and Chinese keywords: the first date follows an event word across a blank or a colon, and
    no event word is glued to its end). An event word after a negation labels nothing."""
    if not has_cjk(text) or not dates:
        return has_cjk(text)
    first, last = min(dates, key=lambda d: d.span[0]).span
    found = [(start, end) for word in events for start, end in spans(word, text)
             if negation is None or not negation.search(text, 0, start)]
    labelled = any(end < first and LABEL_GAP.fullmatch(text[end:first]) for start, end in found)
    glued = any(last <= start <= last + GLUE_AFTER and not text[start - 1].isspace() for start, _ in found)
    return glued or not labelled


def labels_kept(text: str, dates: list[Found], at: dict[int, tuple[str, tuple[int, int]] | None]
                 ) -> dict[int, tuple[str, tuple[int, int]] | None]:
    """Keywords that name each event before its date: an event word after a date that labels the
    next date ("<refund> 11-02 10:00 <edit> 11-04") is not the first date's; that date is then free."""
    starts = [day.span[0] for day in dates]
    out = dict(at)
    for day in dates:
        found = at[id(day)]
        if found is not None and found[1][0] >= day.span[1] and any(
                start >= found[1][1] and LABEL_GAP.fullmatch(text[found[1][1]:start]) for start in starts):
            out[id(day)] = None
    return out


def owner_at(text: str, day: Found, events: set[str], clause: re.Pattern[str],
             words_quoted: re.Pattern[str], negation: re.Pattern[str] | None = None,
             after_first: bool | None = None) -> tuple[str, tuple[int, int]] | None:
    """The event word a date belongs to: of those within the window, one in the same clause
    before one across a comma or an "and"; then the nearest; at the same distance the one after
    it in Chinese (date, then the verb), before it in English (applied on Nov 20); in Chinese an
    event word before the date must be SIDE_GAP characters nearer than one after it. A comma inside
    quotes (`words_quoted`: what the shopper typed into a form, 'not received, refund') ends no clause.
    An event word after a negation (`negation`: "not received") names no event. `after_first`:
    whether the event is written after its date (verb_after), by default in Chinese."""
    window = EVENT_WINDOW if has_cjk(text) else EVENT_WINDOW_LATIN
    after_first = has_cjk(text) if after_first is None else after_first
    first, last = day.span
    best: tuple[int, int, int, int] | None = None
    found: tuple[str, tuple[int, int]] | None = None
    for word in events:
        for span in spans(word, text):
            gap = _distance(span, day)
            if gap > window or (negation is not None and negation.search(text, 0, span[0])):
                continue
            after = span[0] >= last
            between = text[last:span[0]] if after else text[span[1]:first]
            side = 0 if after == after_first else 1
            key = (1 if clause.search(words_quoted.sub("", between)) else 0, gap + side * SIDE_GAP[has_cjk(text)],
                   side, -(span[1] - span[0]))
            if best is None or key < best:
                best, found = key, (word, span)
    return found

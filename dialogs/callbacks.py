"""Callback data of inline buttons: short ids, never text (Telegram allows 64 bytes)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64


def number(text: str) -> int | None:
    """ASCII digits as an int, else None. str.isdigit() also accepts "²" and "①", which int()
    then refuses: callback data and typed numbers are checked with this instead."""
    return int(text) if text.isascii() and text.isdigit() else None


@dataclass(frozen=True)
class Press:
    # "f" form answer, "g" global intent, "c" case pick, "l" language, "s" suggestion,
    # "e" record an event now, "p" record an event (ask when), "r" act on a reminder,
    # "k" a knowledge-base entry, "t" a complaint text (letter), "v" label the last evidence,
    # "x" one evidence item, "o" what a screenshot said (use it or not), "y" a shop's tally of
    # complaints
    scope: str
    value: str
    seq: int | None = None  # form answers carry the number of the question they answer


def form(seq: int, value: str) -> str:
    return _checked(f"f{seq}:{value}")


def glob(intent: str) -> str:
    return _checked(f"g:{intent}")


def case(case_id: int) -> str:
    return _checked(f"c:{case_id}")


def lang(code: str) -> str:
    return _checked(f"l:{code}")


def suggest(slug: str) -> str:
    return _checked(f"s:{slug}")


def event_now(case_id: int, kind: str) -> str:
    return _checked(f"e:{case_id}:{kind}")


def event_ask(case_id: int, kind: str) -> str:
    return _checked(f"p:{case_id}:{kind}")


def entry(entry_id: str) -> str:
    return _checked(f"k:{entry_id}")


def reminder(case_id: int, rule: str, act: str) -> str:
    return _checked(f"r:{case_id}:{rule}:{act}")


def letter(case_id: int, channel: str, lang: str, short: bool) -> str:
    return _checked(f"t:{case_id}:{channel}:{lang}:{int(short)}")


def letter_demand(case_id: int, channel: str) -> str:
    return _checked(f"t:{case_id}:{channel}:demand")


def letter_set_demand(case_id: int, channel: str, demand: str) -> str:
    return _checked(f"t:{case_id}:{channel}:set:{demand}")


def letter_channels(case_id: int) -> str:
    return _checked(f"t:{case_id}:channels")


def label(batch: int, label_id: str) -> str:
    """`batch`: the first item id of the report the buttons belong to."""
    return _checked(f"v:{batch}:{label_id}")


def item(item_id: int, act: str) -> str:
    return _checked(f"x:{item_id}:{act}")


def screen(offer: int, act: str) -> str:
    """`offer`: the first item id of the screenshots whose reading is offered."""
    return _checked(f"o:{offer}:{act}")


def tally(case_id: int, act: str) -> str:
    """yes | no | new | same.<shop id> | off, for the case's shop tally."""
    return _checked(f"y:{case_id}:{act}")


def tally_case(data: str | None) -> int | None:
    """The case a press on the tally's buttons is about (the store looks its shop up)."""
    head, _, rest = (data or "").partition(":")
    return number(rest.partition(":")[0]) if head == "y" else None


def parse(data: str) -> Press | None:
    head, sep, value = data.partition(":")
    if not sep or not head:
        return None
    if head[0] == "f" and number(head[1:]) is not None:
        return Press("f", value, int(head[1:]))
    if head in ("g", "c", "l", "s", "e", "p", "r", "k", "t", "v", "x", "o", "y"):
        return Press(head, value)
    return None


def form_seq(data: str) -> int | None:
    """The question number of a form answer's data ("f<seq>:<value>"), as `parse` reads it;
    None for any other data. Without building the Press."""
    head, sep, _ = data.partition(":")
    return number(head[1:]) if sep and head[:1] == "f" else None


def _checked(data: str) -> str:
    # a character is at most 4 bytes in UTF-8: short data needs no encoding to be measured
    if len(data) > MAX_BYTES // 4 and len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data

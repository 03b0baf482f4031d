"""Answers built from the escalation ladder (channels.yaml `ladder`, FACTS §8): which channel comes
first, and what comes next after a rung that did not help.

The order is data: the rungs' levels, their actions and when to move on, the rungs that run side by
side (12315 and the consumer association) and a rung's own steps (the court's: demand letter,
lawsuit, enforcement). A question names rungs in its own words (knowledge/data/ladder_words.yaml);
"which first" compares the rungs it names (the earlier one first, side by side when the sources set
no order), "what next" starts from the highest rung it names (or the step of that rung it says is
done: a judgment the seller ignores) and gives the rung above, then the rest of the way.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge.aspect import GENERIC, Cues, Matcher

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.schema import LadderStep
    from knowledge.textnorm import Normaliser

FILE = "ladder_words.yaml"
FIRST, NEXT, CHANNEL = "first", "next", "channel"
SELLER = "seller"  # the first rung: named in almost every story
SURE = 0.5  # a complaint's own entry found this surely keeps its answer (its own next step)
SELLER_REFUSED = ("refused", frozenset({"seller_refused"}))  # the case's status and event after rung 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Within(_Model):
    done: int  # how many of the channel's steps the words say are behind
    zh: list[str] = []
    en: list[str] = []
    hant: list[str] = []


class LadderWords(_Model):
    rungs: dict[str, Cues]
    within: dict[str, list[Within]] = {}
    beside: dict[str, str] = {}  # a channel off the ladder -> the rung it stands beside
    together: list[list[str]] = []
    wording: dict[str, dict[str, str]]


class LadderReader:
    """The rungs a question names, and the steps of a rung it says are done."""

    def __init__(self, words: LadderWords, norm: Normaliser) -> None:
        self.words, self.norm = words, norm
        self.rung_cues = Matcher({rung: cues.all() for rung, cues in words.rungs.items()}, norm)
        self.done_cues = {channel: Matcher({str(w.done): w.zh + w.en + w.hant for w in said}, norm)
                          for channel, said in words.within.items()}

    def rungs(self, text: str) -> list[str]:
        """The rungs named, in the order named; a step of a rung said done names its rung too when no
        rung but the seller is named."""
        basic = self.norm.basic(text)
        found: list[str] = []
        for mention in self.rung_cues.find(basic):
            if mention.name not in found:
                found.append(mention.name)
        if set(found) - {SELLER}:
            return found  # a rung named by its own words: a judgment said is the association's, not a court's
        return found + [c for c, matcher in self.done_cues.items() if c not in found and matcher.find(basic)]

    def done(self, channel: str, text: str) -> int:
        matcher = self.done_cues.get(channel)
        mentions = matcher.find(self.norm.basic(text)) if matcher is not None else []
        return max((int(m.name) for m in mentions), default=0)

    def rung(self, channel: str) -> str:
        """The rung a channel stands on (itself, or the one it stands beside)."""
        return self.words.beside.get(channel, channel)

    def partners(self, channel: str) -> list[str]:
        return next(([c for c in group if c != channel] for group in self.words.together if channel in group), [])


def load(data: Path, norm: Normaliser) -> LadderReader:
    raw = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    return LadderReader(LadderWords.model_validate(raw), norm)


def check(rungs: set[str], data: Path = Path(__file__).parent / "data") -> list[str]:
    """`kb check`: the words read, and every channel they name is a rung of the ladder."""
    try:
        words = LadderWords.model_validate(yaml.safe_load((data / FILE).read_text(encoding="utf-8")))
    except Exception as exc:  # yaml or validation: one line for `kb check`
        return [f"{FILE}: {exc}"]
    named = (set(words.rungs) - set(words.beside)) | set(words.within) | set(words.beside.values()) \
        | {c for group in words.together for c in group}
    return [f"{FILE}: unknown rung {name!r}" for name in sorted(named - rungs)]


def _say(kb: KnowledgeBase, lang: str, key: str, **fields: str) -> str:
    return kb.ladder_words.words.wording[lang][key].format(**fields)


def _step(kb: KnowledgeBase, channel: str) -> LadderStep | None:
    return next((s for s in kb.ladder_data.steps if s.channel == channel), None)


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _fields(kb: KnowledgeBase, channel: str, lang: str) -> dict[str, str]:
    """A rung's name, action and when to move on; a channel beside the ladder (the report of a
    fake) has its description for an action and its rung's time to move on."""
    step, named = _step(kb, kb.ladder_words.rung(channel)), kb.channel(channel)
    when = step.next_when.get(lang) if step is not None and step.next_when else ""
    action = (step.action.get(lang) if step is not None and step.channel == channel
              else named.description.get(lang)).rstrip("。.")
    return {"name": named.name.get(lang), "action": action, "when": when, "when_lower": _lower(when)}


def _order(kb: KnowledgeBase, channels: list[str], lang: str) -> str:
    """The rungs in order, those side by side joined by a slash."""
    reader, parts, seen = kb.ladder_words, [], set()
    for channel in channels:
        if channel in seen:
            continue
        group = [channel] + [c for c in reader.partners(channel) if c in channels]
        seen.update(group)
        parts.append(_say(kb, lang, "slash").join(kb.channel(c).name.get(lang) for c in group))
    return _say(kb, lang, "arrow").join(parts)


def _answer(kb: KnowledgeBase, found: Answer, text: str, asked: str, channels: list[str],
            more: tuple[str, ...] = ()) -> Answer:
    sources = [s for c in channels for s in (_step(kb, c) or kb.channel(c)).sources] + list(more)
    return replace(found, answer=text, entry="escalation_ladder", score=max(found.score, SURE),
                   sources=list(dict.fromkeys(sources)), gap=None, aspect=asked)


def _first(kb: KnowledgeBase, found: Answer, question: str, lang: str) -> Answer:
    """Which of the rungs the question names comes first: those side by side in no fixed order, an
    earlier rung before a later one (the first rung before the one named, when it names one only)."""
    reader, ladder = kb.ladder_words, kb.ladder
    named = sorted(reader.rungs(question), key=lambda c: ladder.index(reader.rung(c)))
    start, say = ladder[0], lambda key, **f: _say(kb, lang, key, **f)
    lines: list[str] = []
    more: tuple[str, ...] = ()
    beside = [c for c in named if set(reader.partners(c)) & set(named)]
    if beside:
        lines.append(say("together", names=say("list").join(kb.channel(c).name.get(lang) for c in beside)))
    said_first = None
    if named and set(named) != set(beside):
        first = named[0] if len(named) >= 2 else start
        later = [c for c in named if c != first and c not in reader.partners(first)]
        if later:
            fields = _fields(kb, first, lang)
            lines.append(say("before", first=fields["name"], later=_order(kb, later, lang), action=fields["action"],
                             when=fields["when"], when_lower=fields["when_lower"]))
            said_first = first
        if ladder[-1] in later:
            lines.append(say("court_first"))
            more = tuple(kb.ladder_data.sources)  # the law's five routes (Art. 39) among them
    if (start in named or not lines) and said_first != start:
        lines.append(say("first", **_fields(kb, start, lang)))
    lines.append(say("order", names=_order(kb, ladder, lang)))
    return _answer(kb, found, "\n".join(lines), FIRST, [start, *named], more)


def _next_rung(kb: KnowledgeBase, question: str, rung: str) -> str | None:
    """The rung above `rung`: the case rules' next channel after the seller refused (a fake is
    reported, a parcel not received goes to intervention), else the next level."""
    ladder = kb.ladder
    if rung == ladder[0]:
        said = kb.classify_cues(question)
        return kb.ladder_data.next_channel(SELLER_REFUSED[0], set(SELLER_REFUSED[1]),
                                           said.category if said is not None else None)
    above = ladder[ladder.index(rung) + 1:]
    return above[0] if above else None


def _next(kb: KnowledgeBase, found: Answer, question: str, asked: str, lang: str) -> Answer | None:
    """What comes after the highest rung the question names (or after the steps of it said done)."""
    reader, ladder = kb.ladder_words, kb.ladder
    named = sorted(reader.rungs(question), key=lambda c: ladder.index(reader.rung(c)))
    if not named:
        return None
    rung = reader.rung(named[-1])
    steps = kb.channel(rung).steps
    done = reader.done(rung, question)
    if 0 < done < len(steps):  # the rung's own entry, found surely, tells its steps in full
        top = kb.entry(found.entry) if found.entry else None
        if top is not None and found.score >= SURE and rung in top.channels:
            return None
        return _answer(kb, found, _say(kb, lang, "within", step=steps[done].get(lang)), asked, [rung])
    if _keeps(kb, found, asked, rung):
        return None
    if asked != NEXT:
        return None  # "how do I call 12315" names a rung but no step of it done
    following = _next_rung(kb, question, rung)
    if following is None:
        return None
    fields = _fields(kb, rung, lang)
    lines = [_say(kb, lang, "at", **fields), _say(kb, lang, "next", **_fields(kb, following, lang))]
    lines += [_say(kb, lang, "also", **_fields(kb, p, lang)) for p in reader.partners(rung) if p != following]
    after = ladder.index(following if following in ladder else rung) + 1
    rest = [c for c in ladder[after:] if c not in {rung, *reader.partners(rung)}]
    if rest:  # the rung after the next one with its action (the rights centre is in it), then names
        lines.append(_say(kb, lang, "then", names=_say(kb, lang, "next", **_fields(kb, rest[0], lang))))
    if rest[1:]:
        lines.append(_say(kb, lang, "rest", names=_order(kb, rest[1:], lang)))
    return _answer(kb, found, "\n".join(lines), asked, [following, *rest[:1]])


def _keeps(kb: KnowledgeBase, found: Answer, asked: str | None, rung: str | None) -> bool:
    """Whether the search's sure answer keeps its place: a complaint's own entry; and, asked what
    next, any entry but the general ways to turn (tagged `channel`, or the aspect's own stock
    answer: the whole ladder) and those about the rung the shopper is at (12315's hours are no
    answer to "12315 did not help, then what")."""
    top = kb.entry(found.entry) if found.entry else None
    if top is None or found.score < SURE:
        return False
    if top.category is not None:
        return True
    stock = asked in kb.aspects.by_id and top.id in kb.aspects.by_id[asked].answers.values()
    return (not stock and CHANNEL not in top.aspect
            and (rung is None or rung not in top.channels))


def ladder_answer(kb: KnowledgeBase, question: str, found: Answer, asked: str | None, lang: str) -> Answer | None:
    """The answer built from the ladder to a question asking which channel first or what next, or
    None for the usual way. A complaint's own playbook the search found surely answers in its
    place (a parcel not received: the seller's refusal brings intervention within 2 working days).
    A gap gives way only to "what next" after a rung named (12315 silent for weeks: the consumer
    association, the court)."""
    if asked not in (FIRST, NEXT, GENERIC, CHANNEL, None):
        return None
    if found.gap and (asked != NEXT or not kb.ladder_words.rungs(question)):
        return None  # what the sources do not say, unless what comes after a rung named is asked
    top = kb.entry(found.entry) if found.entry else None
    named = kb.ladder_words.rungs(question)
    if top is not None and top.category is not None and found.score >= SURE and not (asked == FIRST and named):
        # asked what next, or the order of no rung named: the complaint's own playbook, not the ladder
        return replace(found, aspect=asked) if asked in (FIRST, NEXT) else None
    said = kb.classify_cues(question)
    if said is not None and (said.call_police or said.category in kb.ladder_data.police_categories):
        return None  # fraud, threats: the police first, at any stage (a side route of the ladder)
    if asked == FIRST:
        if (not named and _keeps(kb, found, NEXT, None)) or (
                len(named) == 1 and top is not None and found.score >= SURE and named[0] in top.channels):
            # naming no rung, a sure answer of another kind; one rung asked first, its own entry
            # (negotiate with the seller first): kept, not swapped for the whole ladder
            return replace(found, aspect=asked)
        return _first(kb, found, question, lang)
    return _next(kb, found, question, asked or GENERIC, lang)

"""What a question asks (a number, hours, the law, an amount, days, steps, evidence, where, whom).

A question names a problem and asks one aspect of it: "fake goods … what is the complaint
number" asks a number, not the counterfeit playbook. The aspect lexicon is data (knowledge/data/aspects.yaml); FAQ entries
say which aspects they answer (`aspect:`). When the search's best answer does not answer the
asked aspect, the answer becomes the best entry that does, within the question's topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ConfigDict

from knowledge import category_aspect, days_rule, law_topic
from knowledge.count_unit import DAYS, Units, unit_asked
from knowledge.textnorm import Normaliser, has_cjk, whole_word

if TYPE_CHECKING:
    from knowledge.base import Answer, KnowledgeBase
    from knowledge.schema import Entry
    from knowledge.search import SearchIndex

PATH = Path(__file__).parent / "data" / "aspects.yaml"
WHERE = "where"
PROGRESS = "progress"  # where to follow what is already filed: narrows where (aspects.yaml)
GENERIC = "steps"  # 怎么 is in almost every question: asked only when nothing else is
ASPECT_FLOOR = 0.15  # a search hit this close to the question may answer its aspect
CATEGORY_CONFIDENCE = 0.5  # a complaint the classifier's cues recognise this surely sets the topic
CANDIDATES = 8
OWN_CATEGORY_SHARE = 0.8  # the complaint's own entry wins from this share of the best one's score
TOPIC_FLOOR = 0.1  # a search hit about a topic the question names this close may answer it
SURE = 0.5  # a search answer this close to the question keeps its place unless a hit answers the aspect
NOT_ASKED = ""
LAW = "law"
HOW = frozenset({GENERIC, "channel", "where"})  # whom to turn to, where to click: answers to "what can I do"
CLOSE_SHARE = 0.85  # a runner-up this close to the best may win by the question's words it knows
ASIDE_SHARE = 0.5  # a named topic's entry scoring below this share of a sure answer stating the aspect is beside it
RELATIVE_FLOOR = 0.8  # ... or this share of the best hit's score, when that is lower
UNIT_SHARE = 0.65  # an entry stating a count in the unit asked wins from this share of the best one's score
POLICE = "police"  # a topic of aspects.yaml, and the boundary rules' sign of threats (classify_rules.py)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cues(_Model):
    zh: list[str] = []
    en: list[str] = []
    hant: list[str] = []  # Traditional and written Cantonese

    def all(self) -> list[str]:
        return self.zh + self.en + self.hant


class Topic(_Model):
    id: str
    cues: Cues
    only: bool = True  # its entries answer only questions naming it (food_148 for food)
    goods: bool = False  # a kind of goods: part of the story, its entry yields to a sure closer one (_aside)


class Aspect(_Model):
    id: str
    cues: Cues
    answers: dict[str, str] = {}  # topic or category slug (or "*") -> entry id
    refines: list[str] = []  # aspects it narrows: named with one of them, it is the one asked
    after_topic: Cues = Cues()  # words asking it right after a topic it answers for (消协 能做什么)


class Unit(_Model):
    id: str
    asked: Cues  # the cue words of days that ask a count in this unit
    stated: Cues  # the words after a number that state a count in it


class Follow(_Model):
    look: Cues = Cues()  # where asked with a verb of looking (在哪看, where can I check): cues of where too
    filed: Cues = Cues()  # the things a shopper files and then follows (投诉, 举报, 退款)
    seen: Cues = Cues()  # what is followed of them: its result, its record (where is its result)
    not_filed: Cues = Cues()  # hold a word of `filed` but name no thing filed: the company complained about


class Definition(_Model):
    cues: Cues = Cues()  # words asking what a thing is (是什么, what is)
    between: Cues = Cues()  # words that may stand between the term and the cue (这个, 到底)


class Lexicon(_Model):
    not_asked: Cues = Cues()  # look like cues but tell, not ask: 好几天 (for days on end)
    not_topic: Cues = Cues()  # hold a topic's cue but name something else: a fish tank is no food
    leads: dict[str, list[str]] = {}  # English question word -> the aspects it asks for
    asks_en: list[str] = []  # English words that begin the asking part of a run-on question
    weak: list[str] = []  # cue words that decide only when no other aspect is named
    count_words: list[str] = []  # a count asked or said inside a two-character cue: 扣几分
    law_suffix: str = ""  # the ending of a law's name (knowledge/law_topic.py)
    topics: list[Topic]
    aspects: list[Aspect]
    category_evidence: dict[str, str] = {}  # the wording around a category's own evidence list
    follow: Follow = Follow()  # where to follow a thing filed (its progress), asked as a where
    units: list[Unit] = []  # the unit a count of days asks (knowledge/count_unit.py)
    definition: Definition = Definition()  # what a thing is (knowledge/definition.py)
    unit_grammar: dict[str, list[str]] = {}  # how a count is written around its unit (count_unit.py)


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    end: int


# a count said inside a two-character verb and its object: 扣分 asked as 扣几分, 扣6分, 扣多少分
# (a number, or one of aspects.yaml's count_words)
_NUMBER = r"\d+(?:\.\d+)?"
CJK_PAIR_RE = re.compile(r"[\u4e00-\u9fff]{2}")
OBJECT = r"[\u4e00-\u9fff]{0,4}?"  # the few characters of an object between a verb and its count
GAP_MARK = " * "  # in an English cue: up to GAP_WORDS words of any kind ("happens to * shop")
GAP_WORDS = 2
GAP = rf"\W+(?:[a-z0-9']+\W+){{0,{GAP_WORDS}}}"


class Matcher:
    """Finds cue words in a normalised text; at one position the longest cue wins. With
    `counted` (words of a count besides digits), a two-character Chinese cue also matches with a
    count between its characters."""

    def __init__(self, named: dict[str, list[str]], norm: Normaliser,
                 counted: list[str] | None = None) -> None:
        self.owner: dict[str, str] = {}
        for name, cues in named.items():
            for cue in cues:
                self.owner.setdefault(norm.basic(cue), name)
        self.split: dict[tuple[str, str], str] = {}
        # an English cue with a gap ("happens to * shop"): a few words of any kind in its place
        self.gapped = [(re.compile(GAP.join(whole_word(part.strip()) for part in cue.split(GAP_MARK))), name)
                       for cue, name in self.owner.items() if GAP_MARK in cue and not has_cjk(cue)]
        parts = []
        for cue in sorted(self.owner, key=len, reverse=True):
            if GAP_MARK in cue and not has_cjk(cue):
                continue
            # Latin cues as whole words: "law" is not in "lawn"
            parts.append(re.escape(cue) if has_cjk(cue) else whole_word(cue))
        if counted is not None:
            for cue in self.owner:
                if len(cue) == 2 and CJK_PAIR_RE.fullmatch(cue):
                    self.split[cue[0], cue[1]] = cue
        self._re = re.compile("|".join(parts))
        self._counted: re.Pattern[str] | None = None
        if self.split:
            count = "(?:" + "|".join([_NUMBER, *map(re.escape, counted or [])]) + ")"
            firsts = "".join(sorted({a for a, _ in self.split}))
            seconds = "".join(sorted({b for _, b in self.split}))
            # one small pattern for every pair (checked after), not one alternative per pair: the
            # patterns are compiled again each time the cached base is read. The verb's object
            # may come first: deduct the shop how many points
            self._counted = re.compile(f"[{firsts}]{OBJECT}{count}[{seconds}]")

    def find(self, text: str) -> list[Mention]:
        found = self._find(text)
        if not self.gapped:
            return found
        # a gapped cue is longer than the plain cue at its start ("what happens to the shop" is
        # no "what happens"): at each position the longest, and no two overlapping
        found += [Mention(name, m.start(), m.end()) for pattern, name in self.gapped for m in pattern.finditer(text)]
        kept: list[Mention] = []
        for mention in sorted(found, key=lambda m: (m.start, m.start - m.end)):
            if not kept or mention.start >= kept[-1].end:
                kept.append(mention)
        return kept

    def _find(self, text: str) -> list[Mention]:
        if self._counted is None:
            return [Mention(self.owner[m.group(0)], m.start(), m.end()) for m in self._re.finditer(text)]
        # as one alternation of the cues, then their counted forms: at each position a cue first
        found, i = [], 0
        while i < len(text):
            m = self._re.match(text, i) or self._counted_at(text, i)
            if m is None:
                i += 1
                continue
            found.append(Mention(self._owner(m.group(0)), m.start(), m.end()))
            i = max(m.end(), i + 1)
        return found

    def _counted_at(self, text: str, i: int) -> re.Match[str] | None:
        assert self._counted is not None
        m = self._counted.match(text, i)
        return m if m is not None and (m.group(0)[0], m.group(0)[-1]) in self.split else None

    def _owner(self, found: str) -> str:
        return self.owner[found] if found in self.owner else self.owner[self.split[found[0], found[-1]]]


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


def _asking_sentence(text: str) -> int:
    """Where the last sentence of an English text starts, when it ends in a question mark and
    follows others; else 0 (the whole text asks)."""
    if not text.rstrip().endswith("?"):
        return 0
    ends = [m.end() for m in _SENTENCE_END.finditer(text.rstrip())]
    return ends[-1] if ends else 0


class Aspects:
    def __init__(self, lexicon: Lexicon, norm: Normaliser) -> None:
        self.lexicon, self.norm = lexicon, norm
        self.weak = frozenset(norm.basic(w) for w in lexicon.weak)
        self.by_id = {a.id: a for a in lexicon.aspects}
        cues = {a.id: a.cues.all() + _after_topics(a, lexicon.topics) for a in lexicon.aspects}
        if WHERE in cues:
            cues[WHERE] = cues[WHERE] + lexicon.follow.look.all()
        self.aspect_cues = Matcher({NOT_ASKED: lexicon.not_asked.all(), **cues}, norm,
                                   counted=lexicon.count_words)
        self.look = frozenset(norm.basic(w) for w in lexicon.follow.look.all())
        self.filed = Matcher({NOT_ASKED: lexicon.follow.not_filed.all(), PROGRESS: lexicon.follow.filed.all()}, norm)
        self.seen = Matcher({PROGRESS: lexicon.follow.seen.all()}, norm)
        self.topic_cues = Matcher({NOT_ASKED: lexicon.not_topic.all(), **{t.id: t.cues.all() for t in lexicon.topics}}, norm)
        self.units = Units(lexicon.units, norm.basic, lexicon.unit_grammar)
        # an entry answering for a named topic (food_148 for food) answers only questions naming it
        named = {t.id for t in lexicon.topics}
        only = {t.id for t in lexicon.topics if t.only}
        self.only_topics = frozenset(only)
        self.goods = frozenset(t.id for t in lexicon.topics if t.goods)
        self.entry_topic = {entry: topic for a in lexicon.aspects
                            for topic, entry in a.answers.items() if topic in only}
        # an entry named for complaint categories is about them: not the answer for another one
        self.entry_categories: dict[str, set[str]] = {}
        for a in lexicon.aspects:
            for key, entry in a.answers.items():
                if key not in named and key != "*":
                    self.entry_categories.setdefault(entry, set()).add(key)

    def _mentions(self, question: str) -> tuple[str, list[Mention], list[Mention]]:
        """(the normalised text, every cue of an aspect it names, those of aspects other than steps)."""
        text = self.norm.basic(question)
        mentions = [m for m in self.aspect_cues.find(text) if m.name != NOT_ASKED]
        found = [m for m in mentions if m.name != GENERIC]
        strong = [m for m in found if text[m.start:m.end] not in self.weak]
        if strong and {m.name for m in strong} != {m.name for m in found}:
            found = strong  # a bare question word gives way to an aspect named in words
        return text, mentions, found

    def named(self, question: str) -> set[str]:
        """Every aspect other than steps the question names (a deadline's last day on a holiday
        names days and hours)."""
        return {m.name for m in self._mentions(question)[2]}

    def refined(self, aspect: str) -> frozenset[str]:
        """The aspects `aspect` narrows (where to follow a complaint narrows where to click)."""
        return frozenset(self.by_id[aspect].refines) if aspect in self.by_id else frozenset()

    def asked(self, question: str, reading: str | None = None) -> str | None:
        """The aspect the question asks: in Chinese the cue nearest the end, in English the first.
        `reading` is the question with its pinyin words in Chinese (an English question's
        "shensu"), read for the cues; the question itself says which language's order applies."""
        mention = self.asking_cue(question, reading)
        return mention if mention is None or isinstance(mention, str) else mention[0]

    def asking_cue(self, question: str, reading: str | None = None) -> tuple[str, str] | str | None:
        """(the aspect asked, the cue word that asks it), GENERIC alone, or None (as `asked`)."""
        text, mentions, found = self._mentions(reading or question)
        if not found:
            return GENERIC if mentions else None
        if has_cjk(question):
            chosen = max(found, key=lambda m: m.end)
        else:
            asking = self._asking_from(text, found)
            found = [m for m in found if m.start >= asking]
            lead = next((words for lead, words in self.lexicon.leads.items()
                         if re.match(rf"\s*{re.escape(lead)}\b", text[asking:])), [])
            led = [m for m in found if m.name in lead]
            # a story told in sentences before the one asking ("…at night. What proof should I
            # keep?"): the cues of the asking sentence, the last one ending in a question mark
            asking = [m for m in found if m.start >= _asking_sentence(text)]
            chosen = min(led or asking or found, key=lambda m: m.start)
        # an aspect narrowing the one chosen is what is asked ("the progress, where do I see it")
        narrower = [m for m in found if chosen.name in self.refined(m.name)]
        if narrower:
            chosen = max(narrower, key=lambda m: m.end) if has_cjk(question) else min(narrower, key=lambda m: m.start)
        cue = text[chosen.start:chosen.end]
        if chosen.name == WHERE and PROGRESS in self.by_id and self._follows(text, cue, mentions, found):
            return PROGRESS, cue
        return chosen.name, cue

    def _asking_from(self, text: str, found: list[Mention]) -> int:
        """Where an English question's asking part begins: at the last question word with a cue of
        an aspect at or after it (the story told before it may name cues of its own), else at 0."""
        starts = sorted((m.start() for word in self.lexicon.asks_en for m in re.finditer(whole_word(word), text)),
                        reverse=True)
        return next((s for s in starts if any(m.start >= s for m in found)), 0)

    def _follows(self, text: str, cue: str, mentions: list[Mention], found: list[Mention]) -> bool:
        """Whether a where asked with a verb of looking, or about a result, is about a thing filed,
        and nothing else is asked: where to follow it (where to see a report once made, where the
        complaint's result is), not where the order number is (examples in aspects.yaml `follow`)."""
        if {m.name for m in found} - {WHERE, PROGRESS} or (cue not in self.look and not self.seen.find(text)):
            return False
        other = [m for m in mentions if m.name not in (WHERE, GENERIC, PROGRESS)]
        return any(not any(o.start < f.end and f.start < o.end for o in other)
                   for f in self.filed.find(text) if f.name == PROGRESS)

    def fits(self, entry_id: str, topics: list[str], category: str | None = None) -> bool:
        """Whether the entry may answer a question naming these topics, of this category."""
        topic = self.entry_topic.get(entry_id)
        if topic is not None and topic not in topics:
            return False
        categories = self.entry_categories.get(entry_id)
        return category is None or categories is None or category in categories

    def topics(self, question: str) -> list[str]:
        seen: list[str] = []
        for mention in self.topic_cues.find(self.norm.basic(question)):
            if mention.name not in seen and mention.name != NOT_ASKED:
                seen.append(mention.name)
        return seen

    def nearest_topics(self, question: str, reading: str | None = None) -> list[str]:
        """The topics named, the one named nearest the cue that asks the aspect first (asked
        whether 12315 or the consumer association comes next, and whether the association can
        judge, the power asked is the association's). In order named when the cue is not found or
        the question is not Chinese."""
        seen = self.topics(reading or question)
        cue = self.asking_cue(question, reading)
        if len(seen) < 2 or not isinstance(cue, tuple) or not has_cjk(question):
            return seen
        text = self.norm.basic(reading or question)
        at = text.rfind(cue[1])
        if at < 0:
            return seen
        distance: dict[str, int] = {}
        for m in self.topic_cues.find(text):
            if m.name in seen:
                gap = at - m.end if m.end <= at else m.start - (at + len(cue[1]))
                distance[m.name] = min(distance.get(m.name, len(text)), abs(gap))
        return sorted(seen, key=lambda name: distance.get(name, len(text)))


def _after_topics(aspect: Aspect, topics: list[Topic]) -> list[str]:
    # joined or with a space: a fragment names the body, then asks (消协 能做什么)
    """The aspect's `after_topic` words written after each Chinese cue of a topic it answers for."""
    words = aspect.after_topic.all()
    named = [cue for t in topics if t.id in aspect.answers for cue in t.cues.all() if has_cjk(cue) or cue.isdigit()]
    return [f"{cue}{sep}{word}" for cue in named for word in words for sep in ("", " ")]


def load(data: Path, norm: Normaliser) -> Aspects:
    """The aspects of a data folder's aspects.yaml (the knowledge base's: `kb.aspects`)."""
    raw = yaml.safe_load((data / PATH.name).read_text(encoding="utf-8"))
    return Aspects(Lexicon.model_validate(raw), norm)


def check(entries: list[Entry], path: Path = PATH) -> list[str]:
    """`kb check`: the lexicon reads, and every aspect and entry it names exists."""
    try:
        lexicon = Lexicon.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except Exception as exc:  # yaml or validation: one line for `kb check`
        return [f"{path.name}: {exc}"]
    known = {a.id for a in lexicon.aspects}
    ids = {e.id for e in entries}
    problems = [f"{path.name}:{a.id}.answers: unknown entry {ref!r}"
                for a in lexicon.aspects for ref in a.answers.values() if ref not in ids]
    problems += [f"{e.id}.aspect: unknown aspect {name!r}"
                 for e in entries for name in e.aspect if name not in known]
    problems += [f"{path.name}:{a.id}.refines: unknown aspect {name!r}"
                 for a in lexicon.aspects for name in a.refines if name not in known]
    return problems


def _topic_category(kb: KnowledgeBase, question: str, top: Entry | None) -> str | None:
    if top is not None and top.category:
        return top.category
    found = kb.classify_cues(question)
    if found is not None and found.confidence >= CATEGORY_CONFIDENCE:
        return found.category
    return None


def _answers(kb: KnowledgeBase, entry: Entry, asked: str, topics: list[str], category: str | None) -> bool:
    return asked in entry.aspect and not entry.gap and kb.aspects.fits(entry.id, topics, category)


def _described(kb: KnowledgeBase, question: str) -> str | None:
    """The complaint category the question itself describes, when the classifier's cues are sure."""
    said = kb.classify_cues(question)
    return said.category if said is not None and said.confidence >= CATEGORY_CONFIDENCE else None


def _plays_where(entry: Entry, asked: str, described: str | None) -> bool:
    """Whether the entry is the steps of the complaint the question describes, asked where to go:
    a playbook's steps start at its complaint's own entry point (where to ask for a not-received
    refund is that playbook's path, not the app's general complaint steps)."""
    return (asked == WHERE and described is not None and entry.category == described
            and GENERIC in entry.aspect and not entry.gap)


def _broad(kb: KnowledgeBase, top: Entry | None, score: float, topics: list[str]) -> bool:
    """Whether the search's answer may give way to the aspect's stock entry: there is none, it is
    a playbook (it states steps only: a fake's phone number found the counterfeit playbook), it
    does not apply (the food law for no food), or the search is not sure of it. A sure answer
    stating another fact keeps its place (a deadline's last day on a holiday is about counting
    days, not about opening hours)."""
    playbook = bool(top and top.aspect) and set(top.aspect) <= {GENERIC}  # tagged with no other aspect
    return (top is None or playbook or score < SURE
            or not kb.aspects.fits(top.id, topics))  # food_148 for a question naming no food


def _choose(kb: KnowledgeBase, index: SearchIndex, question: str, asked: str,
            topics: list[str], category: str | None, fallback: bool = True) -> tuple[str, float] | None:
    """(entry answering `asked` within the topic, its search score) or None; the aspect's stock
    entry for the category or any topic only with `fallback`."""
    from knowledge.search import rank

    answers = kb.aspects.by_id[asked].answers
    hits = {h.entry: h.score for h in rank(kb, index, question, limit=CANDIDATES)}
    for topic in topics:  # a named service or food is the strongest sign of the topic
        if topic in answers:
            return answers[topic], hits.get(answers[topic], 0.0)
    described = _described(kb, question) if asked == WHERE else None
    # a story padded with chatter scores every entry low: close to the best is close enough
    floor = min(ASPECT_FLOOR, RELATIVE_FLOOR * max(hits.values(), default=0.0))
    tagged = [(e, s) for e, s in hits.items() if s >= floor and kb.entry(e).category in (None, category)
              and (_answers(kb, kb.entry(e), asked, topics, category) or _plays_where(kb.entry(e), asked, described))]
    tagged = _in_unit_asked(kb, question, tagged)
    # the complaint's own entries for the aspect: of its category, or the one aspects.yaml names for it
    # (a playbook only playing where to go has no claim beyond its score)
    own = [(e, s) for e, s in tagged if category is not None and _answers(kb, kb.entry(e), asked, topics, category)
           and (kb.entry(e).category == category or answers.get(category) == e)]
    if own and own[0][1] >= tagged[0][1] * OWN_CATEGORY_SHARE:
        return own[0]  # the complaint's own entry for this aspect, over a general one
    if tagged:
        return tagged[0]
    if not fallback:
        return None
    for key in (category, "*"):
        if key is not None and key in answers:
            return answers[key], hits.get(answers[key], 0.0)
    return None


def _in_unit_asked(kb: KnowledgeBase, question: str, tagged: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The entries (best first) stating a count in the unit the question asks (days: "15 days", not
    "72 hours"), when one scores at least UNIT_SHARE of the best; else all of them."""
    unit = unit_asked(kb.aspects, question)
    if unit is None or not tagged:
        return tagged
    stating = [(e, s) for e, s in tagged if kb.aspects.units.states(kb.entry(e), unit)]
    return stating if stating and stating[0][1] >= tagged[0][1] * UNIT_SHARE else tagged


def _counted_elsewhere(kb: KnowledgeBase, index: SearchIndex, question: str, score: float, top: Entry,
                       topics: list[str], category: str | None) -> str | None:
    """The entry answering a count in the unit asked, when the best one states none in it (the
    seller's 72 hours for "how many days do I have")."""
    unit = unit_asked(kb.aspects, question)
    if unit is None or kb.aspects.units.states(top, unit):
        return None
    chosen = _choose(kb, index, question, DAYS, topics, category, fallback=False)
    if chosen is None or chosen[0] == top.id or chosen[1] < score * UNIT_SHARE \
            or not kb.aspects.units.states(kb.entry(chosen[0]), unit):
        return None
    if top.category is not None and kb.entry(chosen[0]).category != top.category:
        return None  # the complaint's own count in a neighbouring unit (a fake's report: 3-5 working days)
    return chosen[0]


def _knows_more(kb: KnowledgeBase, index: SearchIndex, question: str, score: float, top: Entry, asked: str,
                topics: list[str], category: str | None) -> str | None:
    """A runner-up scoring nearly as well that answers the aspect too and knows more of the
    question's own words: the word setting two close entries apart (the exceptions to the
    seven-day rule, not the rule) decides between them."""
    from knowledge.search import rank

    known = index.known_share(question, top.id)
    for hit in rank(kb, index, question, limit=CANDIDATES)[1:]:
        if hit.score < score * CLOSE_SHARE:
            break
        entry = kb.entry(hit.entry)
        if entry.id != top.id and _answers(kb, entry, asked, topics, category) \
                and entry.category in (None, top.category) and index.known_share(question, entry.id) > known:
            return entry.id
    return None


# aspects whose cue words are things a story may mention (电话, 法律): such a word the best entry
# itself uses is part of what that entry is about, not the aspect asked
TOLD_CUES = frozenset({"number", "law"})


def _states_cue(kb: KnowledgeBase, index: SearchIndex, question: str, reading: str, top: Entry) -> bool:
    """Whether the best entry's own questions and answer use the word that asks the aspect (the
    address and phone number a platform cannot give: the platform-liability entry says so; the
    hotline is not asked for)."""
    if set(top.aspect) <= {GENERIC}:
        return False  # a playbook names channels in passing (法律途径, 打电话): not what it is about
    cue = kb.aspects.asking_cue(question, reading)
    if not isinstance(cue, tuple) or not has_cjk(cue[1]) or cue[0] not in TOLD_CUES:
        return False
    word = index.analyzer.rewrite(cue[1])
    return f"w:{word}" in index.vocabulary[top.id]


def _found_by_cue(kb: KnowledgeBase, question: str, reading: str, top: Entry, asked: str) -> bool:
    """Whether the best entry was found by the very word that asks the aspect and states no such
    aspect: the word is one of its keywords ("close the shop" asks a shop's penalty; a shop that
    closed down is a keyword of the consumer-protection claim), so its score says nothing of the
    question's topic."""
    cue = kb.aspects.asking_cue(question, reading)
    if not isinstance(cue, tuple) or cue[0] != asked or asked in TOLD_CUES or asked in top.aspect:
        return False
    basic = kb.aspects.norm.basic
    return basic(cue[1]) in {basic(k) for k in top.keywords}


def _close_answer(kb: KnowledgeBase, index: SearchIndex, question: str, score: float, asked: str,
                  topics: list[str], category: str | None) -> bool:
    """Whether a ranked entry stating the aspect asked scores close to the best one (the hotline's
    number is named, but what to note during the call is asked)."""
    chosen = _choose(kb, index, question, asked, topics, category, fallback=False)
    return chosen is not None and chosen[1] >= score * OWN_CATEGORY_SHARE


def _aspect_vouched(kb: KnowledgeBase, index: SearchIndex, question: str, found: Answer, asked: str,
                    lang: str) -> Answer:
    """With nothing else to say what an unsure question is about, the search's best entry that
    states the aspect the question asks (at ASPECT_FLOOR or more) answers it: the aspect the
    question names and the entry states agree, as a clause does in knowledge/clauses.py."""
    from knowledge.search import THRESHOLD, _related

    if asked == GENERIC:
        return found
    chosen = _choose(kb, index, question, asked, [], None, fallback=False)
    if chosen is None:
        return found
    entry = kb.entry(chosen[0])
    return replace(found, answer=entry.answer.get(lang), entry=entry.id, score=THRESHOLD,
                   sources=list(entry.sources), related=_related(kb, entry, [], lang), aspect=asked)


def _category_answer(kb: KnowledgeBase, found: Answer, asked: str, category: str, lang: str) -> Answer:
    """The category's own entry for the aspect, else its own list (its evidence checklist)."""
    from knowledge.search import THRESHOLD, _related

    score = max(found.score, THRESHOLD)
    own = category_aspect.own_entry(kb, asked, category)
    if own is not None:
        entry = kb.entry(own)
        return replace(found, answer=entry.answer.get(lang), entry=entry.id, score=score,
                       sources=list(entry.sources), related=_related(kb, entry, [], lang), aspect=asked)
    cat = kb.category(category)
    faq = kb.entry(cat.faq)
    general = kb.aspects.by_id[asked].answers.get("*")
    sources = list(cat.sources) + (list(kb.entry(general).sources) if general else [])
    return replace(found, answer=category_aspect.checklist(kb, cat, lang), entry=faq.id, score=score,
                   sources=list(dict.fromkeys(sources)), related=_related(kb, faq, [], lang), aspect=asked)


def _topic_vouched(kb: KnowledgeBase, index: SearchIndex, question: str, reading: str, found: Answer,
                   lang: str) -> Answer:
    """With no sure answer, a question naming a topic (the consumer association, 12315, an appeal) is answered by the
    search's best entry about that topic (its title or keywords name it) at TOPIC_FLOOR or more:
    the topic named and the entry's own subject agree, as a clause does in knowledge/clauses.py."""
    from knowledge.search import THRESHOLD, _related, rank

    topics = set(kb.aspects.topics(reading))
    if not topics:
        return found
    for hit in rank(kb, index, question, limit=CANDIDATES):
        entry = kb.entry(hit.entry)
        if hit.score < TOPIC_FLOOR:
            break
        if entry.gap or not topics & set(kb.aspects.topics(f"{entry.title.zh} {' '.join(entry.keywords)}")):
            continue
        return replace(found, answer=entry.answer.get(lang), entry=entry.id, score=THRESHOLD,
                       sources=list(entry.sources), related=_related(kb, entry, [], lang))
    return found


def _about(kb: KnowledgeBase, entry: Entry) -> set[str]:
    """The topics an entry is about that restrict what it answers (`only` in aspects.yaml: an
    appeal, 12315, the police): those its title and keywords name."""
    named = kb.aspects.topics(f"{entry.title.zh} {entry.title.en or ''} {' '.join(entry.keywords)}")
    return set(named) & kb.aspects.only_topics


def _beside_topic(kb: KnowledgeBase, reading: str, top: Entry) -> bool:
    """Whether the best entry is about a topic the question does not name while it names another
    (an appeal's "last step inside the platform", asked the last step of a lawsuit)."""
    about = _about(kb, top)
    named = set(kb.aspects.topics(reading))
    return bool(about and named) and not about & named


def _other_topic(kb: KnowledgeBase, question: str, reading: str, top: Entry, asked: str) -> str | None:
    """The entry the aspect names for the complaint the question describes, when the best entry
    is about a topic the question does not name (an appeal's papers, asked what evidence a fake
    needs): the complaint's own fact for the aspect, not another topic's."""
    about = _about(kb, top)
    if not about or about & set(kb.aspects.topics(reading)) or top.category is not None:
        return None
    described = _described(kb, question)
    own = kb.aspects.by_id[asked].answers.get(described) if described else None
    return own if own is not None and own != top.id and not kb.entry(own).gap else None


def _aside(kb: KnowledgeBase, index: SearchIndex, question: str, score: float, top: Entry | None, named: str,
           asked: str, topics: list[str], category: str | None) -> bool:
    """Whether the entry a named kind of goods gives for the aspect is beside the question: the
    search's sure answer states the aspect itself and the goods' entry scores far below it (live
    seafood asked about the seven-day rule's exceptions names food, yet the food law's 10x is not
    asked). A named service (110, 12315) is what the question is about: never beside it."""
    from knowledge.search import THRESHOLD, rank

    answers = kb.aspects.by_id[asked].answers
    first = next(t for t in topics if t in answers)
    if first not in kb.aspects.goods or top is None or top.id == named or score < THRESHOLD \
            or not _answers(kb, top, asked, topics, category):
        return False
    hits = {h.entry: h.score for h in rank(kb, index, question, limit=CANDIDATES)}
    return hits.get(named, 0.0) < score * ASIDE_SHARE


def _unknown_gap(index: SearchIndex, question: str, entry_id: str) -> str | None:
    """A gap whose markers the question names and the entry chosen for its aspect knows nothing
    of (a bank account for the after-sales windows): the question is about what the base does not
    cover, as knowledge/search.py decides for the search's own answer."""
    from knowledge.search import GAP_FLOOR

    text = index.marker_text(question)
    if has_cjk(question):  # a Chinese marker word is common: the search must rank its gap too
        gaps = [h.entry for h in index.search(question, limit=CANDIDATES)
                if h.entry in index.gap_markers and h.score >= GAP_FLOOR / 2]
    else:
        gaps = [gap for gap in index.gap_markers if index.passes_markers(gap, text)]
    found = next((gap for gap in gaps if index.names_unknown_marker(gap, text, entry_id)), None)
    # a name no answer of the base uses (another platform) says so however low its gap ranks
    return found or next((gap for gap in index.gap_markers if index.names_foreign_marker(gap, text)), None)


def _gap_beside(kb: KnowledgeBase, found: Answer, asked: str | None, topics: list[str]) -> bool:
    """Whether the gap the search found covers other aspects than the one asked, which a topic the
    question names answers: whether the consumer association can judge, not 12315's progress."""
    if found.gap is None or not _gap_elsewhere(kb, found.gap, asked):
        return False
    return any(t in kb.aspects.by_id[asked].answers for t in topics)


def _gap_elsewhere(kb: KnowledgeBase, gap: str, asked: str | None) -> bool:
    """Whether a gap states the aspects it lacks, and the one asked is none of them."""
    lacks = kb.entry(gap).aspect
    return bool(lacks) and asked not in (None, GENERIC, *lacks)


_LATIN_RE = re.compile(r"[A-Za-z]+")


def pinyin_read(index: SearchIndex, question: str) -> str:
    """The question with each Latin word that is no English but spells a domain word in pinyin
    as that word, as the search reads it ("file a shensu" names an appeal)."""
    if has_cjk(question):
        return question
    return _LATIN_RE.sub(lambda m: index.pinyin_word(m.group(0)), question)


def answer_by_aspect(kb: KnowledgeBase, index: SearchIndex, question: str, lang: str,
                     aspect: str | None = None) -> Answer:
    """The search's answer, or the entry answering the aspect the question asks (or `aspect`, the
    one a sentence of it asks: knowledge/two_asks.py)."""
    from knowledge import definition
    from knowledge.ladder_answer import ladder_answer
    from knowledge.search import THRESHOLD, _related, answer

    found = answer(kb, index, question, lang)
    reading = pinyin_read(index, question)
    asked = aspect or kb.aspects.asked(question, reading)
    built = ladder_answer(kb, question, found, asked, lang)
    if built is not None:
        return built  # which channel first, what comes next: from the ladder's order
    defining = kb.defined_terms.defining(reading) if asked is None else None
    if defining is not None:
        return definition.answer(kb, found, defining, lang)  # the entry saying what the term asked about is
    alone = kb.defined_terms.asked_alone(reading, kb.search_words.stop_words) if asked is None else None
    if alone is not None and definition.unknown(index, alone):  # 内卷是什么意思: not a word of ours
        return replace(found, answer=None, entry=None, sources=[], related=[], gap=None, aspect=definition.DEFINITION)
    if asked in (None, GENERIC) and found.answer is None and found.gap is None:
        return _topic_vouched(kb, index, question, reading, found, lang)
    top = kb.entry(found.entry) if found.entry else None
    if asked in (None, GENERIC) and top is not None and _beside_topic(kb, reading, top):
        vouched = _topic_vouched(kb, index, question, reading, replace(found, answer=None, entry=None), lang)
        if vouched.entry is not None:
            return replace(vouched, aspect=asked)
    told = None if asked in (None, GENERIC, DAYS) or found.answer is not None \
        else days_rule.told_entry(kb, question, reading, asked, found.gap)
    if told is not None and not any(index.names_foreign_marker(gap, index.marker_text(question))
                                    for gap in index.gap_markers):  # another platform's rule is not ours
        entry = kb.entry(told)  # a deadline rule named by its length and topic, asked what it states
        return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources), gap=None,
                       score=max(found.score, THRESHOLD), related=_related(kb, entry, [], lang), aspect=asked)
    topics = kb.aspects.nearest_topics(question, reading)
    if found.gap and _gap_beside(kb, found, asked, topics):
        found = replace(found, gap=None)  # the topic's own answer to the aspect asked, not the gap's
    if asked is None or found.gap:
        return found
    if asked == GENERIC and (top is None or not top.aspect or set(top.aspect) & HOW):
        # "how" is what the search matched on: its best entry is the playbook, unless that entry
        # states only another aspect (a deadline, a law) and the question names none of those;
        # whom to turn to and where to click are what to do ("what can I do outside the platform":
        # 12315, 消协; "how do I use the rights centre": where it is and when it opens)
        return replace(found, aspect=asked)
    if POLICE not in topics and POLICE in kb.boundaries.present(kb.boundaries.read(question)):
        topics.append(POLICE)  # threats or a visit at home (FACTS §2.0): the number is 110
    category = _topic_category(kb, question, top)
    if asked == DAYS and not set(topics) & set(kb.aspects.by_id[asked].answers):
        # the deadline rule of who acts and what starts the clock (not a named topic's own window)
        ruled = days_rule.entry_for(kb, question, reading, found.entry, category or _described(kb, question))
        if ruled is not None and ruled == found.entry:
            return replace(found, aspect=asked)
        gap = None if ruled is None else _unknown_gap(index, question, ruled)
        if gap is not None:  # another platform's deadline: not the rule of ours
            return replace(found, answer=None, entry=None, sources=[], gap=gap, aspect=asked)
        if ruled is not None:
            entry = kb.entry(ruled)
            return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources),
                           score=max(found.score, THRESHOLD), related=_related(kb, entry, [], lang), aspect=asked)
    # with no answer of its own, only a topic the aspect has an answer for may set it (12315's
    # hours); a topic word that is none of the aspect's (a cake, asked where to learn baking) is not
    if top is None and category is None and not set(topics) & set(kb.aspects.by_id[asked].answers):
        return _aspect_vouched(kb, index, question, found, asked, lang)
    # an evidence question's complaint may be read from its whole story (category_aspect.described)
    told = category if category is not None or asked != category_aspect.EVIDENCE \
        else category_aspect.described(kb, question)
    if told is not None and category_aspect.replaces(kb, question, asked, told, top):
        gap = _unknown_gap(index, question, kb.category(told).faq)
        if gap is not None:  # another platform's refund (拼多多): not the category's checklist
            return replace(found, answer=None, entry=None, sources=[], gap=gap, aspect=asked)
        return _category_answer(kb, found, asked, told, lang)
    named = next((answers[t] for t in topics if t in (answers := kb.aspects.by_id[asked].answers)), None)
    if named is not None and _aside(kb, index, question, found.score, top, named, asked, topics, category):
        named = None
        topics = [t for t in topics if t not in kb.aspects.goods]
    if top is not None and named is None and asked == LAW and kb.aspects.by_id[LAW].answers.get("*") == top.id:
        specific = law_topic.specific_entry(kb, index, question, topics)
        if specific is not None:
            entry = kb.entry(specific)
            return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources),
                           related=_related(kb, entry, [], lang), aspect=asked)
    counted = None if top is None or asked != DAYS or named is not None \
        else _counted_elsewhere(kb, index, question, found.score, top, topics, category)
    if counted is not None:
        entry = kb.entry(counted)
        return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources),
                       related=_related(kb, entry, [], lang), aspect=asked)
    other = None if top is None or named is not None else _other_topic(kb, question, reading, top, asked)
    if other is not None:
        entry = kb.entry(other)
        return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources),
                       related=_related(kb, entry, [], lang), aspect=asked)
    if (top is not None and _answers(kb, top, asked, topics, category) and (category is None or top.category)
            and named in (None, top.id)):
        closer = _knows_more(kb, index, question, found.score, top, asked, topics, category)
        if closer is not None:
            entry = kb.entry(closer)
            return replace(found, answer=entry.answer.get(lang), entry=entry.id, sources=list(entry.sources),
                           related=_related(kb, entry, [], lang), aspect=asked)
        return replace(found, aspect=asked)  # unless a named topic has its own entry for the aspect
    if top is not None and named in (None, top.id) and any(
            _answers(kb, top, other, topics, category)
            for other in kb.aspects.named(reading) - {asked} - kb.aspects.refined(asked)) \
            and not _close_answer(kb, index, question, found.score, asked, topics, category):
        return replace(found, aspect=asked)  # it answers another aspect the question names
    if top is not None and named is None and _states_cue(kb, index, question, reading, top):
        return replace(found, aspect=asked)  # the cue word is part of what the best entry is about
    if asked == WHERE and top is not None and GENERIC in top.aspect and found.score >= SURE:
        return replace(found, aspect=asked)  # a sure playbook's steps say where to go
    broad = _broad(kb, top, found.score, topics) or (top is not None and _found_by_cue(kb, question, reading, top, asked))
    chosen = _choose(kb, index, question, asked, topics, category, fallback=broad)
    if chosen is None or chosen[0] == found.entry:
        return replace(found, aspect=asked)
    entry = kb.entry(chosen[0])
    score = min(1.0, max(found.score, chosen[1], THRESHOLD if top is None else 0.0))
    gap = entry.id if entry.gap else _unknown_gap(index, question, entry.id)
    if gap is not None and gap != entry.id and chosen[0] == named and _gap_elsewhere(kb, gap, asked):
        gap = None  # a named topic's own answer to the aspect, beside a gap about another aspect
    if gap is not None:
        entry = kb.entry(gap)
    if entry.gap:
        return replace(found, answer=None, entry=None, score=score, sources=[], gap=entry.id,
                       aspect=asked)
    return replace(found, answer=entry.answer.get(lang), entry=entry.id, score=score,
                   sources=list(entry.sources), related=_related(kb, entry, [], lang), aspect=asked)

"""The KnowledgeBase object: the loaded data and the questions the dialog engine asks of it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.schema import (
    Category,
    Channel,
    Cue,
    Entry,
    Guarantee,
    Ladder,
    Law,
    Penalty,
    Phone,
    Term,
    Text,
    ToneRule,
)

if TYPE_CHECKING:
    from knowledge.amounts import AmountWords
    from knowledge.analyzer import SearchWords
    from knowledge.answer_words import AnswerWords
    from knowledge.aspect import Aspects
    from knowledge.chatter import ChatterWords
    from knowledge.classify import CompiledCues
    from knowledge.classify_goods import Goods
    from knowledge.classify_model import LinearModel
    from knowledge.classify_rules import Boundaries
    from knowledge.commands import CommandList
    from knowledge.computed import Computed
    from knowledge.deadline_rules import DeadlineRule
    from knowledge.definition import Terms
    from knowledge.evidence_labels import EvidenceLabels
    from knowledge.glossary import Glossary
    from knowledge.ladder_answer import LadderReader
    from knowledge.letter_book import LetterBook
    from knowledge.lexicon import PartsOfSpeech
    from knowledge.ocr_words import OcrWords
    from knowledge.off_topic import Anchors
    from knowledge.phones import PhoneWords
    from knowledge.script import Scripts
    from knowledge.search import SearchIndex
    from knowledge.slot_words import Lexicon as SlotLexicon
    from knowledge.textnorm import Normaliser
    from knowledge.texts import Canned, Texts
    from knowledge.typed_words import DateWords, FormWords
    from knowledge.typo_fix import TypoFixer
    from knowledge.voice import Sounds, VoiceFixer


@dataclass(frozen=True)
class Answer:
    answer: str | None
    entry: str | None
    score: float
    sources: list[str]
    related: list[tuple[str, str]] = field(default_factory=list)
    gap: str | None = None  # id of the matched "the sources do not say" entry, if any
    aspect: str | None = None  # what the question asks (knowledge/aspect.py), when it says
    computed: dict[str, object] | None = None  # figures computed from the question (computed.py)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"answer": self.answer, "entry": self.entry,
                                  "score": round(self.score, 4), "sources": self.sources}
        if self.aspect is not None:  # extensions (CONTRACT.md: extend, never rename)
            out["aspect"] = self.aspect
        if self.computed is not None:
            out["computed"] = self.computed
        return out


@dataclass(frozen=True)
class Classification:
    category: str | None
    confidence: float
    alternatives: list[str]
    call_police: bool = False  # threats or a visit at home: also tell the shopper to call 110

    def to_json(self) -> dict[str, object]:
        return {"category": self.category, "confidence": round(self.confidence, 4),
                "alternatives": self.alternatives}


@dataclass(frozen=True)
class HotlineVerdict:
    number: str
    official: bool
    name: Text | None
    warning: Text


class KnowledgeBase:
    """Everything the dialog engine knows, as one object passed into each step: the facts of
    knowledge/data (categories, channels, ladder, phones, laws, FAQ, cues), and, read with them
    by knowledge/loader.py, the deadline rules, the letter templates and the texts. A step
    never opens a file: all of it is read before the first event."""

    rules: dict[str, DeadlineRule]  # deadline rules by id (knowledge/data/deadline_rules.yaml)
    letters: LetterBook  # templates/*.j2 and templates/meta.yaml
    texts: Texts  # dialogs/texts/zh.yaml, en.yaml
    replies: dict[str, Canned]  # the advisers' canned replies, dialogs/texts/replies.yaml

    def __init__(
        self,
        *,
        categories: list[Category],
        channels: list[Channel],
        ladder: Ladder,
        phones: list[Phone],
        guarantees: list[Guarantee],
        penalties: list[Penalty],
        laws: list[Law],
        tone: list[ToneRule],
        entries: list[Entry],
        terms: list[Term],
        cues: list[Cue],
        path: Path,
    ) -> None:
        self.categories = categories
        self.channels = channels
        self.ladder_data = ladder
        self.phones = phones
        self.guarantees = guarantees
        self.penalties = penalties
        self.laws = laws
        self.tone = tone
        self.entries = entries
        self.terms = terms
        self.cues = cues
        self.path = path
        self._categories = {c.slug: c for c in categories}
        self.category_slugs = frozenset(self._categories)
        self._channels = {c.id: c for c in channels}
        self._entries = {e.id: e for e in entries}
        self._index: SearchIndex | None = None

    def category(self, slug: str) -> Category:
        return self._categories[slug]

    def channel(self, channel_id: str) -> Channel:
        return self._channels[channel_id]

    def entry(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    @property
    def ladder(self) -> list[str]:
        return [step.channel for step in sorted(self.ladder_data.steps, key=lambda s: s.level)]

    def build_index(self) -> SearchIndex:
        if self._index is None:
            from knowledge.search import SearchIndex

            self._index = SearchIndex(self.entries, self.terms, self.search_words, self.normaliser,
                                      self.glossary)
        return self._index

    def ask(self, question: str, lang: str = "zh",
            now: datetime | Callable[[], datetime] | None = None) -> Answer:
        """The answer in `lang`. `now` (the caller's clock, or a function reading it only when a
        question needs it) places dates typed without a year."""
        from knowledge import chatter
        from knowledge.off_topic import asks_other_text, elsewhere, off_topic

        question = self.readable(question)
        whole = question
        trimmed = chatter.trimmed(self, whole)
        found = self._found(trimmed or whole, lang, now)
        if found.answer is None and trimmed is None and (
                through := chatter.trimmed(self, whole, through_mandarin=True)):
            found = self._found(through, lang, now)  # Traditional or Cantonese, without its chatter
        if found.answer is None:
            return found
        # a figure computed from a text the shopper wants written (a date in a leave note) is no
        # answer either; any other answer, when the question (the whole of it) is about no dispute
        if (asks_other_text(self, whole) or elsewhere(self, whole)) if found.computed is not None \
                else off_topic(self, whole):
            return Answer(answer=None, entry=None, score=found.score, sources=[], aspect=found.aspect)
        return found

    def _found(self, question: str, lang: str, now: datetime | Callable[[], datetime] | None) -> Answer:
        """The computed answer of `question`, or the answer for the aspect it asks (both, when it
        asks two)."""
        from knowledge import two_asks
        from knowledge.computed import computed_answer

        found = computed_answer(self, question, lang, now)
        if found is None:
            found = self._by_aspect(question, lang)
            found = two_asks.both(self, question, found, lambda aspect: self._by_aspect(question, lang, aspect))
        return found

    def _by_aspect(self, question: str, lang: str, aspect: str | None = None) -> Answer:
        """The answer for the aspect asked (or `aspect`), with the checks every such answer gets."""
        from knowledge import aspect_gap
        from knowledge.aspect import answer_by_aspect
        from knowledge.english_doubt import doubt
        from knowledge.own_complaint import own_answer

        found = answer_by_aspect(self, self.build_index(), question, lang, aspect)
        found = own_answer(self, question, doubt(self, question, found), lang)
        return aspect_gap.checked(self, question, found)  # an aspect of a thing the base does not know

    def readable(self, text: str) -> str:
        """The text with Chinese typed as pinyin written in Chinese characters (knowledge/pinyin_text.py)
        and misheard domain words of voice input written right (knowledge/voice.py)."""
        if any("a" <= c.lower() <= "z" for c in text):
            text = self.build_index().from_pinyin(text)
        from knowledge.textnorm import has_cjk

        if not has_cjk(text):
            return text
        mandarin = self.normaliser.to_mandarin(text)
        if mandarin == text:
            return self.typos(self.voice(text))
        # Traditional or Cantonese: heard by sound in the Mandarin words the fixer knows, and kept
        # as typed unless a misheard word was found
        heard = self.voice(mandarin)
        return heard if heard != mandarin else text

    @functools.cached_property
    def scripts(self) -> Scripts:
        """Whether a question is written in Traditional characters, and a reply written in them
        (knowledge/script.py)."""
        from knowledge import script

        return script.load(self.path)

    @functools.cached_property
    def voice_sounds(self) -> Sounds:
        """The initials and finals voice input hears alike (knowledge/data/voice.yaml)."""
        from knowledge import voice

        return voice.load_sounds(self.path)

    @functools.cached_property
    def voice(self) -> VoiceFixer:
        """Voice input's homophones of the base's domain words (knowledge/voice.py)."""
        from knowledge import voice

        return voice.build(self)

    @functools.cached_property
    def chatter_words(self) -> ChatterWords:
        """Words that make a clause ask, particles that end one (knowledge/data/chatter.yaml)."""
        from knowledge import chatter

        return chatter.load_words(self.path)

    @functools.cached_property
    def domain_terms(self) -> frozenset[str]:
        """The base's terms, their variants and the glossary's Chinese words (two characters or more)."""
        from knowledge.textnorm import has_cjk

        words = {t.term for t in self.terms} | {v for t in self.terms for v in t.variants} | set(self.glossary.table)
        return frozenset(w for w in words if len(w) >= 2 and has_cjk(w))

    @functools.cached_property
    def typo_words(self) -> frozenset[str]:
        """Words the typo fixer keeps as typed (knowledge/data/typo_words.yaml)."""
        import yaml

        return frozenset(yaml.safe_load((self.path / "typo_words.yaml").read_text(encoding="utf-8"))["words"].split())

    @functools.cached_property
    def typos(self) -> TypoFixer:
        """The base's words typed carelessly on a phone (knowledge/typo_fix.py)."""
        from knowledge.typo_fix import TypoFixer
        from knowledge.voice import date_words

        index = self.build_index()
        content = {f[2:] for f in index.df if f.startswith("w:")}
        own = self.search_words
        # the names of days are words as typed (今早 is this morning, not 尽早)
        return TypoFixer(content | own.question_words | own.stop_words | self.typo_words | date_words(self),
                         content - own.stop_words - own.question_words, index.analyzer.lexicon)

    @functools.cached_property
    def normaliser(self) -> Normaliser:
        """The one normaliser of every text the base reads: Chinese numerals as digits, Cantonese
        as Mandarin (knowledge/data/numerals.yaml, dialect.yaml)."""
        from knowledge import textnorm

        return textnorm.load(self.path)

    @functools.cached_property
    def glossary(self) -> Glossary:
        """English words as the base's Chinese words (knowledge/data/glossary.yaml)."""
        from knowledge import glossary

        return glossary.load(self.path)

    @functools.cached_property
    def off_topic(self) -> Anchors:
        """The words naming a dispute, and the words of a request to write something (knowledge/off_topic.py)."""
        from knowledge import off_topic

        return off_topic.build(self)

    @functools.cached_property
    def aspects(self) -> Aspects:
        """What a question asks (knowledge/data/aspects.yaml)."""
        from knowledge import aspect

        return aspect.load(self.path, self.normaliser)

    @functools.cached_property
    def defined_terms(self) -> Terms:
        """The terms the entries say what they are (`defines`; knowledge/definition.py)."""
        from knowledge import definition

        return definition.build(self.entries, self.aspects.lexicon.definition, self.normaliser)

    @functools.cached_property
    def ladder_words(self) -> LadderReader:
        """How a question names the ladder's rungs, and the wording of answers built from it
        (knowledge/data/ladder_words.yaml)."""
        from knowledge import ladder_answer

        return ladder_answer.load(self.path, self.normaliser)

    @functools.cached_property
    def compiled_cues(self) -> CompiledCues:
        from knowledge.classify import compile_cues

        return compile_cues(self.cues) + self.restricted_goods.cues()

    @functools.cached_property
    def restricted_goods(self) -> Goods:
        """Prohibited goods by their kind and the shop's act (knowledge/data/restricted_goods.yaml)."""
        from knowledge import classify_goods

        return classify_goods.load(self.path)

    @functools.cached_property
    def boundaries(self) -> Boundaries:
        """FACTS §2.0 boundary rules (knowledge/data/boundaries.yaml)."""
        from knowledge import classify_rules

        return classify_rules.load(self.path, self.normaliser, self.glossary, self.restricted_goods.markers())

    @functools.cached_property
    def commands(self) -> CommandList:
        """Every command, its menu and /help wording and its words (knowledge/data/commands.yaml)."""
        from knowledge import commands

        return commands.load(self.path)

    @functools.cached_property
    def answer_words(self) -> AnswerWords:
        """Yes, no, submit and the marks of a question (knowledge/data/answer_words.yaml)."""
        from knowledge import answer_words

        return answer_words.load(self.path)

    @functools.cached_property
    def evidence_labels(self) -> EvidenceLabels:
        """Label ids, checklists and caption words (knowledge/data/evidence_labels.yaml)."""
        from knowledge import evidence_labels

        return evidence_labels.load(self.path)

    @functools.cached_property
    def date_words(self) -> DateWords:
        """How dates are written, for a form's answer and inside a question (knowledge/data/date_words.yaml)."""
        from knowledge import typed_words

        return typed_words.load_dates(self.path)

    @functools.cached_property
    def search_words(self) -> SearchWords:
        """The search's own words: words that only ask, stop words (knowledge/data/search_words.yaml)."""
        from knowledge.analyzer import load_words

        return load_words(self.path)

    @functools.cached_property
    def form_words(self) -> FormWords:
        """A form's answers as typed: order numbers, amounts, platforms (knowledge/data/form_words.yaml)."""
        from knowledge import typed_words

        return typed_words.load_form(self.path)

    @functools.cached_property
    def amount_words(self) -> AmountWords:
        """How a price is written inside a question (knowledge/data/amount_words.yaml)."""
        from knowledge import amounts

        return amounts.load(self.path)

    @functools.cached_property
    def model(self) -> LinearModel:
        """The classifier's linear model, trained on the example bank (cached with the base)."""
        from knowledge.classify import train_model

        return train_model(self.cues, self.normaliser, self.glossary)

    @functools.cached_property
    def question_model(self) -> LinearModel:
        """Whether a text reads as a question or as a complaint: the example bank's openings against
        the FAQ's question paraphrases (cached with the base)."""
        from knowledge.classify import train_question_model

        return train_question_model(self.cues, self.entries, self.normaliser, self.glossary)

    def classify(self, text: str) -> Classification:
        from knowledge.classify import classify, readable

        return classify(self, readable(self, text))

    def find_phone(self, text: str) -> str | None:
        from knowledge.hotline import find_phone

        return find_phone(text, self.phone_words)

    def find_phones(self, text: str) -> list[str]:
        """Every phone-shaped number in a text, national form (never an amount or a date)."""
        from knowledge.phones import find_phones

        return find_phones(text, self.phone_words)

    def find_numbers(self, text: str) -> list[str]:
        """The same numbers as find_phones, as written in the text."""
        from knowledge.phones import find_numbers

        return find_numbers(text, self.phone_words)

    def classify_cues(self, text: str) -> Classification | None:
        from knowledge.classify import classify_cues

        return classify_cues(self, text)

    def check_hotline(self, text: str) -> HotlineVerdict:
        from knowledge.hotline import check_hotline

        return check_hotline(text, self.phones, self.hotline_notes, self.phone_words)

    @functools.cached_property
    def slot_lexicon(self) -> SlotLexicon:
        """What a shopper's message says about the form's fields, compiled (knowledge/data/slots.yaml)."""
        from knowledge import slot_words

        return slot_words.load(self.path, self.normaliser, self.parts_of_speech)

    @functools.cached_property
    def parts_of_speech(self) -> PartsOfSpeech:
        """jieba's part of speech of a word (where a thing's name ends), read on first use or
        when the base is warmed for the bot (knowledge/loader.py)."""
        from knowledge.lexicon import PartsOfSpeech

        return PartsOfSpeech()

    @functools.cached_property
    def ocr_words(self) -> OcrWords:
        """What the screenshot reader looks for (knowledge/data/ocr_labels.yaml)."""
        from knowledge import ocr_words

        return ocr_words.load(self.path)

    @functools.cached_property
    def computed(self) -> Computed:
        """The words and texts of answers computed from a question's numbers (knowledge/data/computed.yaml)."""
        from knowledge import computed

        return computed.load(self.path, self.normaliser)

    @functools.cached_property
    def phone_words(self) -> PhoneWords:
        """The words around a number that say whether it is a phone (knowledge/data/phone_words.yaml)."""
        from knowledge.phones import load_words

        return load_words(self.path)

    @functools.cached_property
    def hotline_notes(self) -> dict[str, Text]:
        """What a verdict on a phone number says (knowledge/data/hotline_notes.yaml)."""
        from knowledge.hotline import load_notes

        return load_notes(self.path)

"""The shapes of the knowledge files (pydantic models). Loading and cross-checks live in loader.py."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in Chinese, with English where we have it."""

    zh: str = Field(min_length=1)
    en: str | None = None
    # The platforms the fact is about, when the sources give it for one only (empty: every one).
    platforms: list[Literal["tmall", "taobao"]] = []

    def get(self, lang: str = "zh") -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh

    def applies_to(self, platform: str | None) -> bool:
        """A fact scoped to some platforms is said only for a case on one of them (with no
        platform in hand, every line is said: each scoped line names its platform)."""
        return not self.platforms or platform is None or platform in self.platforms


def for_platform(texts: list[Text], platform: str | None) -> list[Text]:
    return [t for t in texts if t.applies_to(platform)]


Sources = list[str]


class CategoryForm(_Model):
    """What the complaint form asks for a category (dialogs/forms.py reads it): the dates that
    start its windows (FACTS.md §2 and §7.3), the demands offered in button order (only what
    makes sense for the problem), whether an order number and an amount are needed, and the
    questions only this category asks after the head."""

    dates: list[str] = []
    demands: list[str] = Field(min_length=1)
    order_needed: bool = True
    amount_needed: bool = True
    extra: list[str] = []


class Category(_Model):
    slug: str = Field(pattern=r"^[a-z_]+$")
    name: Text
    description: Text
    sub_reasons: list[Text] = []
    where_to_file: list[Text]
    required_fields: list[Text]
    evidence_required: list[Text]
    evidence_suggested: list[Text] = []
    rules: list[str] = []
    channels: list[str]
    next_step: Text
    # Where the platforms differ (a fact the sources give for one only): the next step per platform.
    next_step_by_platform: dict[Literal["tmall", "taobao"], Text] = {}
    form: CategoryForm
    faq: str  # the FAQ entry that answers "what do I do about this" for the category
    examples: list[str] = []
    notes: list[Text] = []
    sources: Sources


class Channel(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text
    description: Text
    steps: list[Text] = []
    hours: Text | None = None
    hours_by_platform: dict[Literal["tmall", "taobao"], Text] = {}
    phones: list[str] = []
    required_fields: list[Text] = []
    notes: list[Text] = []
    sources: Sources


class LadderStep(_Model):
    level: int
    channel: str
    action: Text
    next_when: Text | None = None
    sources: Sources


class NextRule(_Model):
    """Where a case goes next: from a status, once any of `after` happened (no event needed when
    `after` is empty), unless one of `unless` did, for `categories` (empty: any)."""

    status: list[str]
    after: list[str] = []
    unless: list[str] = []
    categories: list[str] = []
    go: str

    def holds(self, status: str, happened: set[str], category: str | None) -> bool:
        return (status in self.status
                and (not self.after or not happened.isdisjoint(self.after))
                and happened.isdisjoint(self.unless)
                and (not self.categories or category in self.categories))


class Ladder(_Model):
    steps: list[LadderStep]
    side_channels: list[str] = []
    # FACTS §8 as rules, the one home of the escalation (dialogs/ladder.py, the letters, the
    # reminders and the dossier read them): `next` in order, the first that holds wins
    next: list[NextRule] = []
    # the channels whose texts belong to a status (the letter offered first, the dossier's list)
    stages: dict[str, list[str]] = {}
    # the official channels shown to a shopper who asks for a person and has no adviser
    official: list[str] = []
    # categories reported (platform_report) before or with the complaint, in these statuses
    report_categories: list[str] = []
    report_statuses: list[str] = []
    # categories for which the police is a channel too
    police_categories: list[str] = []
    notes: list[Text] = []
    sources: Sources

    def next_channel(self, status: str, happened: set[str], category: str | None) -> str | None:
        """The next rung for a case, or None when the category's own first step comes first."""
        return next((r.go for r in self.next if r.holds(status, happened, category)), None)


class Phone(_Model):
    number: str
    name: Text
    kind: Literal["platform", "government", "police", "scam"]
    official: bool
    hours: Text | None = None
    note: Text
    sources: Sources
    entry: str | None = None  # the FAQ entry about this number (its verdict, when doubted, offers it)


class Guarantee(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: Text
    summary: Text
    unknown: Text | None = None
    rules: list[str] = []
    dubious: bool = False
    sources: Sources


class Penalty(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    case: Text
    penalty: Text
    dubious: bool = False
    sources: Sources


class Law(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    article: str | None = None
    summary: Text
    in_seeds: bool
    sources: Sources


class ToneRule(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    rule: Text
    sources: Sources


class Entry(_Model):
    """A FAQ entry. A `gap` entry marks a question the sources do not answer: search returns null."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: Text
    questions: list[str] = Field(min_length=1)
    questions_en: list[str] = []
    keywords: list[str] = []
    answer: Text
    gap: bool = False
    category: str | None = None
    rules: list[str] = []
    channels: list[str] = []
    related: list[str] = []
    warns_about: list[str] = []  # non-official phone numbers this entry may name, to warn about them
    aspect: list[str] = []  # what the entry answers: number, hours, law, ... (data/aspects.yaml)
    # a gap's thing whose `aspect` the sources do not give (knowledge/aspect_gap.py): 花呗 for when a refund arrives
    subject: list[str] = []
    # the terms the entry says what they are (停发区域公函, 先行赔付): its answer to "what is X"
    # (knowledge/definition.py); Chinese as the base writes it, English or pinyin as typed
    defines: list[str] = []
    sources: Sources


class CuePattern(_Model):
    re: str
    weight: float = Field(gt=0)


class Cue(_Model):
    """Regular expressions that point to a complaint category (classifier input)."""

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    category: str
    patterns: list[CuePattern] = []
    # complaint openings as shoppers write them: the classifier's nearest-neighbour fallback
    examples: list[str] = []
    sources: Sources

    @model_validator(mode="after")
    def _patterns_or_examples(self) -> Cue:
        if not self.patterns and not self.examples:
            raise ValueError("a cue needs patterns or examples")
        return self


class Term(_Model):
    """A search term with the ways shoppers write it; all variants are rewritten to `term`."""

    term: str
    variants: list[str] = []

"""Evidence labels (knowledge/data/evidence_labels.yaml): the label ids in button order, each
category's checklist, and the label a caption's words suggest."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, PrivateAttr, model_validator

FILE = "evidence_labels.yaml"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CaptionWords(_Model):
    label: str
    zh: tuple[str, ...] = ()
    en: tuple[str, ...] = ()


class EvidenceLabels(_Model):
    labels: tuple[str, ...]
    checklists: dict[str, tuple[str, ...]]
    captions: tuple[CaptionWords, ...]
    _english: tuple[re.Pattern[str], ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _known(self) -> EvidenceLabels:
        used = {lab for c in self.checklists.values() for lab in c} | \
            {c.label for c in self.captions}
        unknown = used - set(self.labels)
        if unknown:
            raise ValueError(f"unknown labels {sorted(unknown)}")
        if "other" not in self.checklists:
            raise ValueError("the checklist of category 'other' is missing")
        self._english = tuple(re.compile(r"\b(?:" + "|".join(re.escape(w) for w in c.en) + r")\b")
                              for c in self.captions)
        return self

    def checklist(self, category: str | None) -> tuple[str, ...]:
        return self.checklists.get(category or "other", self.checklists["other"])

    def progress(self, category: str | None, have: set[str | None]) -> tuple[list[str], list[str]]:
        """(labels received, labels still missing), in checklist order."""
        wanted = self.checklist(category)
        return [w for w in wanted if w in have], [w for w in wanted if w not in have]

    def suggest(self, caption: str | None) -> str | None:
        """The label the caption's words point to, or None when they point nowhere."""
        text = (caption or "").lower()
        if not text.strip():
            return None
        for words, english in zip(self.captions, self._english, strict=True):
            if any(word in text for word in words.zh) or english.search(text):
                return words.label
        return None


def load(data: Path) -> EvidenceLabels:
    doc = yaml.safe_load((data / FILE).read_text(encoding="utf-8"))
    return EvidenceLabels.model_validate(doc)


@functools.cache
def standard() -> EvidenceLabels:
    """The labels of the knowledge base shipped with weiquan (for the bot's evidence store)."""
    from knowledge.loader import DATA_DIR

    return load(DATA_DIR)

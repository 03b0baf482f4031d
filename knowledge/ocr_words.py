"""The words of knowledge/data/ocr_labels.yaml, loaded and checked with the knowledge base
(`kb.ocr_words`): labels of an order page's fields, status lines, platforms' own words, the
seller's promises and refusals, and the shapes of dates as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.textnorm import width

PATH = Path(__file__).parent / "data" / "ocr_labels.yaml"
KINDS = ("promise", "refusal")


@dataclass(frozen=True)
class OcrWords:
    fields: dict[str, tuple[str, ...]]
    not_order_no: tuple[str, ...]
    signed: tuple[str, ...]
    carriers: tuple[str, ...]
    order_status: dict[str, str]
    refund_status: dict[str, str]
    kinds: dict[str, tuple[str, ...]]
    platforms: dict[str, tuple[str, ...]]
    said: dict[str, dict[str, tuple[str, ...]]]
    negations: tuple[str, ...]
    shop_ends: tuple[str, ...]
    badges: tuple[str, ...]
    not_shop: tuple[str, ...]
    not_title: tuple[str, ...]
    buttons: tuple[str, ...]
    days_back: dict[str, int]
    questions: tuple[str, ...]
    moment: re.Pattern[str]  # a date and time as printed
    short_day: re.Pattern[str]  # a chat's time stamp without a year

    def label_of(self, text: str) -> str | None:
        """The field whose label `text` starts with (the longest label wins)."""
        best: tuple[int, str] | None = None
        for name, labels in self.fields.items():
            for label in labels:
                if text.startswith(label) and (best is None or len(label) > best[0]):
                    best = (len(label), name)
        return best[1] if best else None


def _norm(word: object) -> str:
    return width(str(word)).replace(" ", "")


def _words(items: list[object]) -> tuple[str, ...]:
    return tuple(sorted({_norm(w) for w in items}, key=len, reverse=True))


def parse(doc: dict[str, object]) -> OcrWords:
    def table(name: str) -> dict[str, list[object]]:
        value = doc.get(name)
        if not isinstance(value, dict):
            raise ValueError(f"ocr_labels.yaml: '{name}' must be a mapping")
        return value

    said = {kind: {key: _words(words) for key, words in table("said")[kind].items()}
            for kind in KINDS}  # type: ignore[union-attr]
    return OcrWords(
        fields={k: tuple(_norm(w) for w in v) for k, v in table("fields").items()},
        not_order_no=_words(doc.get("not_order_no") or []),  # type: ignore[arg-type]
        signed=_words(doc.get("signed") or []),  # type: ignore[arg-type]
        carriers=_words(doc.get("carriers") or []),  # type: ignore[arg-type]
        order_status={_norm(k): str(v) for k, v in table("order_status").items()},
        refund_status={_norm(k): str(v) for k, v in table("refund_status").items()},
        kinds={k: _words(v) for k, v in table("kinds").items()},
        platforms={k: _words(v) for k, v in table("platforms").items()},
        said=said, negations=_words(doc.get("negations") or []),  # type: ignore[arg-type]
        shop_ends=tuple(_norm(w) for w in doc.get("shop_ends") or []),  # type: ignore[union-attr]
        badges=_words(doc.get("badges") or []),  # type: ignore[arg-type]
        not_shop=_words(doc.get("not_shop") or []),  # type: ignore[arg-type]
        not_title=_words(doc.get("not_title") or []),  # type: ignore[arg-type]
        buttons=_words(doc.get("buttons") or []),  # type: ignore[arg-type]
        days_back={_norm(k): int(v) for k, v in table("days_back").items()},  # type: ignore[call-overload]
        questions=_words(doc.get("questions") or []),  # type: ignore[arg-type]
        moment=re.compile(str(doc["moment"])), short_day=re.compile(str(doc["short_day"])))


def load(data: Path) -> OcrWords:
    """The OCR words of a data folder (the knowledge base reads them: `kb.ocr_words`)."""
    return parse(yaml.safe_load((data / PATH.name).read_text(encoding="utf-8")))


def check(path: Path = PATH) -> list[str]:
    """`weiquan kb check`: the file reads, and each section has what the readers need."""
    try:
        words = parse(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [f"{path.name}: {exc}"]
    problems = [f"{path.name}:fields.{name}: no label" for name, labels in words.fields.items()
                if not labels]
    problems += [f"{path.name}:said.{kind}: empty" for kind in KINDS if not words.said[kind]]
    problems += [f"{path.name}:platforms.{p}: missing" for p in ("tmall", "taobao")
                 if not words.platforms.get(p)]
    return problems

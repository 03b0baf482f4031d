"""Stratified k-fold cross-validation of the complaint classifier on the dev openings, beside the
held-out and probe sets (`python -m tests.classify_cv`).

Three designs are scored: the cues and boundary rules alone, the learned model alone, and both
combined (what `kb classify` does). In each fold the model is trained on the other folds' dev
openings only; the cues were written while looking at all of the dev set, so their k-fold figure
is their dev accuracy and flatters them — the held-out and probe figures are the fair comparison.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import yaml

from knowledge.base import KnowledgeBase
from knowledge.classify import (
    classify_with,
    readable,
    settle,
    train_model,
    train_question_model,
)
from knowledge.classify_model import LinearModel
from knowledge.glossary import Glossary
from knowledge.schema import Cue
from knowledge.textnorm import Normaliser
from tests.kb_eval import DATA

K = 5
SEED = 12
SETS = ("kb_complaints_heldout.yaml", "kb_complaints_probe2.yaml")
# spent blind sets (tests/blind_*/README.md: graded once, now dev data): the model never trained on
# them, but cues were written after looking at second..fifth (and some rules at the sixth and dev_a)
SPENT = ("second", "third", "fourth", "fifth", "sixth", "dev_a", "dev_b", "seventh", "dev_c", "eighth", "dev_d", "ninth",
         "dev_e")
NEWEST: tuple[str, ...] = ("kb_complaints_dev14.yaml", "kb_complaints_dev15.yaml")  # dev openings measured at first sight and not
# yet in the bank (dev13 and dev16 were)
# held-out dev openings written on one hard boundary (`other` and the seller's words about the shopper),
# printed with the others but given no floor by the tests: their misses are not read while tuning
PROBES: tuple[str, ...] = ("kb_complaints_dev17.yaml", "kb_complaints_dev18.yaml", "kb_complaints_dev19.yaml",
                           "kb_complaints_dev20.yaml")
# the dev bank the model is trained on (knowledge/data/cue_examples.yaml holds the same openings)
DEV = ("kb_complaints.yaml", "kb_complaints_dev6.yaml", "kb_complaints_dev7.yaml", "kb_complaints_dev8.yaml",
       "kb_complaints_dev9.yaml", "kb_complaints_dev10.yaml", "kb_complaints_dev11.yaml",
       "kb_complaints_dev12.yaml", "kb_complaints_dev13.yaml", "kb_complaints_dev16.yaml")


def load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def dev_bank() -> list[dict[str, Any]]:
    """Every dev opening the model is trained on; `style` where the set says it."""
    return [item for name in DEV for item in load(name)]


def folds(items: list[dict[str, Any]], k: int = K, seed: int = SEED) -> list[int]:
    """Fold of each item: every category spread evenly over the folds, in a fixed random order."""
    by_category: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        by_category.setdefault(item["category"], []).append(i)
    fold = [0] * len(items)
    rng = random.Random(seed)
    for category in sorted(by_category):
        members = by_category[category][:]
        rng.shuffle(members)
        for j, i in enumerate(members):
            fold[i] = j % k
    return fold


Models = tuple[LinearModel, LinearModel]  # the category model and the question model


def fold_cues(items: list[dict[str, Any]]) -> list[Cue]:
    return [Cue(id="fold", category=c, examples=[i["text"] for i in items if i["category"] == c],
                sources=["tests/data/kb_complaints.yaml"]) for c in sorted({i["category"] for i in items})]


def model_of(items: list[dict[str, Any]], norm: Normaliser, glossary: Glossary | None = None) -> LinearModel:
    return train_model(fold_cues(items), norm, glossary)


def models_of(kb: KnowledgeBase, items: list[dict[str, Any]]) -> Models:
    """Both models of the classifier, learned from ITEMS (and the FAQ's questions) only."""
    return (model_of(items, kb.normaliser, kb.glossary),
            train_question_model(fold_cues(items), kb.entries, kb.normaliser, kb.glossary))


Design = Callable[[KnowledgeBase, Models, str], str | None]


def cues_only(kb: KnowledgeBase, models: Models, text: str) -> str | None:
    found = kb.classify_cues(readable(kb, text))
    return found.category if found else None


def model_only(kb: KnowledgeBase, models: Models, text: str) -> str | None:
    probs = models[0].probabilities(kb.boundaries.read(readable(kb, text)))
    return max(sorted(probs), key=probs.__getitem__) if probs else None


def combined(kb: KnowledgeBase, models: Models, text: str) -> str | None:
    text = readable(kb, text)  # as kb.classify reads it
    found = classify_with(kb.compiled_cues, kb.boundaries, models[0], text, models[1])
    if found.category is None:  # as kb.classify does
        return settle(kb, text, found.call_police, *models).category
    return found.category


DESIGNS: dict[str, Design] = {"cues only": cues_only, "model only": model_only, "combined": combined}


def out_of_fold(kb: KnowledgeBase, design: Design, items: list[dict[str, Any]], k: int = K) -> list[bool]:
    """Whether each item is classified right by the design with the model of the other folds."""
    fold = folds(items, k)
    right = [False] * len(items)
    for f in range(k):
        models = models_of(kb, [i for i, g in zip(items, fold, strict=True) if g != f])
        for n, (item, g) in enumerate(zip(items, fold, strict=True)):
            if g == f:
                right[n] = design(kb, models, item["text"]) == item["category"]
    return right


def kfold(kb: KnowledgeBase, design: Design, items: list[dict[str, Any]], k: int = K) -> float:
    return sum(out_of_fold(kb, design, items, k)) / len(items)


def by_style(items: list[dict[str, Any]], right: list[bool]) -> dict[str, float]:
    """Out-of-fold accuracy per way of writing, over the items that name theirs."""
    tally: dict[str, list[int]] = {}
    for item, ok in zip(items, right, strict=True):
        if "style" in item:
            counts = tally.setdefault(item["style"], [0, 0])
            counts[0] += ok
            counts[1] += 1
    return {style: r / n for style, (r, n) in sorted(tally.items())}


def on_set(kb: KnowledgeBase, design: Design, name: str) -> float:
    items = load(name)
    return sum(design(kb, (kb.model, kb.question_model), i["text"]) == i["category"] for i in items) / len(items)


def report(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    dev = dev_bank()
    out = {}
    for label, design in DESIGNS.items():
        right = out_of_fold(kb, design, dev)
        row = {f"{K}-fold dev": sum(right) / len(dev)}
        row.update({f"  {style}": v for style, v in by_style(dev, right).items()})
        row.update({name.removeprefix("kb_complaints_").removesuffix(".yaml"): on_set(kb, design, name)
                    for name in SETS})
        out[label] = row
    return out


def held_out_sets() -> dict[str, list[dict[str, Any]]]:
    """The spent blind sets' openings and the dev openings not in the bank, by name."""
    from tests.blind_eval import SETS as BLIND
    from tests.blind_eval import load as load_blind

    sets = {name: load_blind(BLIND[name][2], "complaints", BLIND[name][0]) for name in SPENT}
    sets.update({name.removeprefix("kb_complaints_").removesuffix(".yaml"): load(name) for name in NEWEST
                 if name not in DEV and (DATA / name).exists()})
    return sets


def probe_sets() -> dict[str, list[dict[str, Any]]]:
    return {name.removeprefix("kb_complaints_").removesuffix(".yaml"): load(name) for name in PROBES}


def held_out(kb: KnowledgeBase, sets: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, dict[str, float]]:
    """`kb.classify` (what `weiquan kb classify` runs) on each held-out set: accuracy, and per style."""
    out = {}
    for name, items in (held_out_sets() if sets is None else sets).items():
        right = [kb.classify(i["text"]).category == i["category"] for i in items]
        out[name] = {"all": sum(right) / len(items), **by_style(items, right)}
    return out


if __name__ == "__main__":
    from knowledge.loader import load_kb

    kb = load_kb()
    for name, row in {**held_out(kb), **held_out(kb, probe_sets())}.items():
        print(f"{name:11}", "  ".join(f"{k}={v:.3f}" for k, v in row.items()))
    for label, row in report(kb).items():
        print(f"{label:11}", "  ".join(f"{k}={v:.3f}" for k, v in row.items()))

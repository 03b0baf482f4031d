"""Evaluation of the knowledge base on the sets in tests/data/ (used by tests and `python -m tests.kb_eval`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from knowledge.base import KnowledgeBase

DATA = Path(__file__).parent / "data"


def load_questions(name: str = "kb_questions.yaml") -> dict[str, Any]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def evaluate_search(kb: KnowledgeBase, name: str = "kb_questions.yaml") -> dict[str, Any]:
    data = load_questions(name)
    index = kb.build_index()
    from knowledge.search import rank
    hit1 = hit3 = said_idk_wrongly = 0
    misses: list[str] = []
    for item in data["answerable"]:
        answer = kb.ask(str(item["q"]))
        ranked = [h.entry for h in rank(kb, index, str(item["q"]), limit=3)]
        hit1 += answer.entry == item["entry"]
        hit3 += item["entry"] in ranked
        said_idk_wrongly += answer.answer is None
        if answer.entry != item["entry"]:
            misses.append(f"{str(item['q'])!r}: expected {item['entry']}, got {answer.entry}")
    confident_wrong = [q for q in data["unanswerable"] if kb.ask(q).answer is not None]
    idk_right = len(data["unanswerable"]) - len(confident_wrong)
    said_idk = idk_right + said_idk_wrongly
    n = len(data["answerable"])
    return {
        "answerable": n,
        "unanswerable": len(data["unanswerable"]),
        "recall_at_1": hit1 / n,
        "recall_at_3": hit3 / n,
        "idk_precision": idk_right / said_idk if said_idk else 1.0,
        "idk_recall": idk_right / len(data["unanswerable"]),
        "confident_wrong": confident_wrong,
        "misses": misses,
    }


def evaluate_classifier(kb: KnowledgeBase, name: str = "kb_complaints.yaml") -> dict[str, Any]:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    misses = []
    for item in items:
        got = kb.classify(item["text"]).category
        if got != item["category"]:
            misses.append(f"{item['text']!r}: expected {item['category']}, got {got}")
    return {"n": len(items), "accuracy": 1 - len(misses) / len(items), "misses": misses}


if __name__ == "__main__":
    from knowledge.loader import load_kb

    kb = load_kb()
    for name in ("kb_questions.yaml", "kb_questions_heldout.yaml", "kb_questions_probe2.yaml"):
        if (DATA / name).exists():
            result = evaluate_search(kb, name)
            print(name, {k: v for k, v in result.items() if k not in ("misses", "confident_wrong")})
            for line in result["misses"] + [f"answered: {q}" for q in result["confident_wrong"]]:
                print("  ", line)
    for name in ("kb_complaints.yaml", "kb_complaints_heldout.yaml", "kb_complaints_probe2.yaml"):
        if (DATA / name).exists():
            result = evaluate_classifier(kb, name)
            print(name, f"n={result['n']} accuracy={result['accuracy']:.3f}")
            for line in result["misses"]:
                print("  ", line)
    from tests.classify_cv import report

    print("classifier, k-fold on dev (model trained on the other folds) and on the other sets:")
    for label, row in report(kb).items():
        print(f"  {label:11}", "  ".join(f"{k}={v:.3f}" for k, v in row.items()))

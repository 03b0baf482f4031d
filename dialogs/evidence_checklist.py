"""Each category's evidence checklist as label ids (from FACTS.md §6.3, the 必备 column)."""

from __future__ import annotations

from dialogs.snapshot import EvidenceNote

LABELS: tuple[str, ...] = ("order", "product", "packaging", "label_batch", "chat", "logistics",
                           "inspection", "listing", "refund", "payment", "review", "other")

CHECKLIST: dict[str, tuple[str, ...]] = {
    "counterfeit": ("order", "product", "packaging", "label_batch", "chat"),
    "quality": ("order", "product", "chat"),
    "not_as_described": ("order", "listing", "product"),
    "not_received": ("order", "logistics", "chat"),
    "late_shipping": ("order", "logistics", "chat"),
    "logistics_damage": ("product", "packaging", "logistics", "chat"),
    "after_sales_refused": ("order", "refund", "chat"),
    "broken_promise": ("order", "chat"),
    "harassment": ("chat",),
    "malicious_review": ("review", "order"),
    "prohibited_goods": ("listing",),
    "fraud": ("payment", "chat"),
    "other": ("order", "chat"),
}


def progress(category: str | None, notes: list[EvidenceNote]) -> tuple[list[str], list[str]]:
    """(labels received, labels still missing), in checklist order."""
    wanted = CHECKLIST.get(category or "other", CHECKLIST["other"])
    have = {n.label for n in notes}
    return [w for w in wanted if w in have], [w for w in wanted if w not in have]

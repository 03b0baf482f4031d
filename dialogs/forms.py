"""The complaint form: each slot and how it is read (here: code), and which slots a category
asks, in what order, with which demands (knowledge/data/categories.yaml `form`, through the
knowledge base: every function takes the kb)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dialogs import validators as v
from knowledge.base import KnowledgeBase
from knowledge.schema import CategoryForm

Validator = Callable[[str, date, KnowledgeBase], v.Result]


@dataclass(frozen=True)
class Slot:
    name: str
    kind: str  # "choice" | "text" | "date"
    validate: Validator | None = None
    choices: tuple[str, ...] = ()  # labels live in the texts as choice.<slot>.<value>
    free_text: bool = False  # a choice slot that also takes a typed answer
    event: str | None = None  # date slots: the FACTS.md §7.1 event the date records


SLOTS: dict[str, Slot] = {s.name: s for s in (
    Slot("platform", "choice", choices=("tmall", "taobao")),
    Slot("shop", "text", v.shop),
    Slot("order_no", "text", v.order_no),
    Slot("item", "text", v.item),
    Slot("amount", "text", v.amount),
    Slot("amount_lost", "text", v.amount),  # a scam: what was taken, not the price paid
    Slot("order_created_on", "date", v.a_date, event="order_created"),
    Slot("paid_on", "date", v.a_date, event="paid"),
    Slot("shipped_on", "date", v.a_date, event="shipped"),
    Slot("received_on", "date", v.a_date, event="received"),
    Slot("success_on", "date", v.a_date, event="transaction_success"),
    Slot("refund_requested_on", "date", v.a_date, event="refund_requested"),
    Slot("description", "text", v.long_text),
    Slot("demand", "choice", v.short_text, free_text=True, choices=(
        "refund_return", "refund_only", "exchange", "repair", "compensation")),
)}

HEAD = ("platform", "shop", "order_no", "item", "amount")
TAIL = ("description", "demand")
# Slots holding an amount of money in yuan (the same validator, shown as "… 元").
AMOUNT_SLOTS = frozenset({"amount", "amount_lost"})
# Slots whose reader takes a number or a date and nothing else: a bare number typed there is the
# answer, and a text the reader takes whole says nothing about any other field.
NUMERIC_SLOTS = frozenset({"order_no"}) | AMOUNT_SLOTS | {n for n, s in SLOTS.items()
                                                          if s.kind == "date"}


def form_of(kb: KnowledgeBase, category: str) -> CategoryForm | None:
    """The category's form (None for a case without a category yet)."""
    return kb.category(category).form if category in kb.category_slugs else None


def slots_for(kb: KnowledgeBase, category: str) -> list[str]:
    form = form_of(kb, category)
    return [*HEAD, *(form.extra if form else ()), *(form.dates if form else ()), *TAIL]


def is_optional(kb: KnowledgeBase, category: str, slot: str) -> bool:
    if SLOTS[slot].kind == "date":
        return True  # people often do not know every date; the bot asks again when it matters
    form = form_of(kb, category)
    if slot == "order_no":
        return form is not None and not form.order_needed
    if slot == "amount":
        return form is not None and not form.amount_needed
    return False


def choices_for(kb: KnowledgeBase, category: str, slot: str) -> tuple[str, ...]:
    base = SLOTS[slot].choices
    if slot == "demand":
        form = form_of(kb, category)
        return (*(form.demands if form else base), "other")
    return base


def next_slot(kb: KnowledgeBase, category: str, fields: dict[str, str]) -> str | None:
    """The first slot not answered yet; a skipped slot is stored as an empty answer."""
    for name in slots_for(kb, category):
        if name not in fields:
            return name
    return None

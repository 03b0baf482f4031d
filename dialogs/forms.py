"""The complaint form as data: which slots a category asks, in what order, and how each is read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dialogs import validators as v
from knowledge.base import KnowledgeBase

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

# The dates that start the windows of each category's rules (FACTS.md §2 and §7.3).
CATEGORY_DATES: dict[str, tuple[str, ...]] = {
    "counterfeit": ("paid_on", "received_on", "success_on"),
    "quality": ("paid_on", "received_on", "success_on"),
    "not_as_described": ("paid_on", "received_on", "success_on"),
    "not_received": ("paid_on", "shipped_on", "success_on", "refund_requested_on"),
    "late_shipping": ("paid_on", "refund_requested_on"),
    "logistics_damage": ("paid_on", "shipped_on", "received_on"),
    "after_sales_refused": ("paid_on", "received_on", "success_on", "refund_requested_on"),
    "broken_promise": ("order_created_on", "paid_on"),
    "harassment": ("success_on",),
    "malicious_review": ("success_on",),
    "prohibited_goods": (),
    "fraud": ("paid_on",),
    "other": ("paid_on",),
}

# The demands each category offers, in button order; "type your own" is always added last.
# Only what makes sense for the problem: no exchange or repair of goods never shipped or never
# received, nothing to return that never came.
DEMANDS: dict[str, tuple[str, ...]] = {
    "counterfeit": ("triple", "refund_return", "refund_only", "exchange", "compensation"),
    "quality": ("refund_return", "refund_only", "exchange", "repair", "compensation"),
    "not_as_described": ("refund_return", "refund_only", "exchange", "compensation"),
    "not_received": ("refund_only", "compensation"),
    "late_shipping": ("refund_only", "ship_now", "compensation"),
    "logistics_damage": ("refund_return", "refund_only", "exchange", "repair", "compensation"),
    "after_sales_refused": ("refund_return", "refund_only", "exchange", "repair",
                            "compensation"),
    "broken_promise": ("refund_return", "refund_only", "compensation"),
    "harassment": ("stop_harassment", "compensation"),
    "malicious_review": ("remove_review", "compensation"),
    "prohibited_goods": ("take_down", "refund_return", "refund_only", "compensation"),
    "fraud": ("recover_money", "compensation"),
    "other": ("refund_return", "refund_only", "exchange", "repair", "compensation"),
}

# Where the platform needs no order (a report on a listing) or there may be none (a scam).
NO_ORDER_NEEDED = frozenset({"prohibited_goods", "fraud", "harassment", "other"})
NO_AMOUNT_NEEDED = frozenset({"prohibited_goods", "harassment", "malicious_review", "fraud"})

HEAD = ("platform", "shop", "order_no", "item", "amount")
TAIL = ("description", "demand")
# Questions only some categories ask, after the head.
CATEGORY_EXTRA: dict[str, tuple[str, ...]] = {"fraud": ("amount_lost",)}
# Slots holding an amount of money in yuan (the same validator, shown as "… 元").
AMOUNT_SLOTS = frozenset({"amount", "amount_lost"})


def slots_for(category: str) -> list[str]:
    return [*HEAD, *CATEGORY_EXTRA.get(category, ()), *CATEGORY_DATES.get(category, ()), *TAIL]


def is_optional(category: str, slot: str) -> bool:
    if SLOTS[slot].kind == "date":
        return True  # people often do not know every date; the bot asks again when it matters
    if slot == "order_no":
        return category in NO_ORDER_NEEDED
    if slot == "amount":
        return category in NO_AMOUNT_NEEDED
    return False


def choices_for(category: str, slot: str) -> tuple[str, ...]:
    base = SLOTS[slot].choices
    if slot == "demand":
        return (*DEMANDS.get(category, base), "other")
    return base


def next_slot(category: str, fields: dict[str, str]) -> str | None:
    """The first slot not answered yet; a skipped slot is stored as an empty answer."""
    for name in slots_for(category):
        if name not in fields:
            return name
    return None

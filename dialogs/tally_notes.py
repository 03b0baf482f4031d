"""What the engine knows of the shops' tallies of collective complaints: numbers only.

The store fills these in when it loads a shopper's snapshot (bot/store/tally.py): whether each
of their cases is counted, and how many OTHER shoppers' consenting cases the same shop has, by
category and over which months. Nothing here names, quotes or identifies another shopper.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ShopRef:
    id: int
    name: str  # the shop's name as the tally shows it (digit runs and e-mails masked)


@dataclass(frozen=True)
class Counts:
    """Other shoppers' consenting cases at one shop."""

    total: int = 0
    by_category: tuple[tuple[str, int], ...] = ()  # most first
    first_month: str = ""  # "2026-09"
    last_month: str = ""
    same_category: int = 0  # of the same category as the case in hand


@dataclass
class TallyNote:
    case_id: int
    shop: str  # the case's shop as it would be counted (masked), "" when it names none
    counted: bool = False
    # The shop it is counted at; when not counted, the same shop in the tally if there is one
    # (same key or the platform's own id), which a consent would join.
    shop_id: int | None = None
    shop_name: str = ""
    others: Counts = field(default_factory=Counts)  # other shoppers' cases at shop_id
    # Looked up only on a press of the tally's buttons (the shopper agreeing to be counted):
    # shops alike but not the same, for the shopper to say which one it is, if any.
    similar: tuple[ShopRef, ...] = ()


@dataclass(frozen=True)
class ShopReport:
    """The advisers' view of one shop (`/shop NAME`): counts of the consenting cases only."""

    query: str
    shops: tuple[ShopRef, ...] = ()  # the shops the name matched (same key or platform id)
    similar: tuple[ShopRef, ...] = ()  # when none matched: names alike, to ask again with
    total: int = 0
    by_category: tuple[tuple[str, int], ...] = ()
    by_month: tuple[tuple[str, int], ...] = ()  # oldest first
    open: int = 0
    resolved: int = 0
    median_days: float | None = None  # filed to resolved, over the resolved ones

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
    shop_id: int | None = None
    shop_name: str = ""  # the tally's name of the shop the case is counted at
    others: Counts = field(default_factory=Counts)
    # Looked up only when the shopper has just agreed to be counted (a press on that button):
    looked_up: bool = False
    exact: ShopRef | None = None  # the same shop (same key or the platform's own id)
    similar: tuple[ShopRef, ...] = ()  # alike but not the same: the shopper says which, if any
    exact_others: Counts = field(default_factory=Counts)


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

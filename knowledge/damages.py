"""Amounts the law gives, from the price paid (FACTS.md appendix B; §10.2 for the consumer guarantee's cap).

Decimal arithmetic, yuan with 2 decimals (ROUND_HALF_UP). The amounts are what the law
provides in general; whether it applies is for the authorities and courts to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

# 《消费者权益保护法》第 55 条 (law id cpl_55): fraud → extra compensation of 3 × the price,
# at least 500 yuan.
FRAUD_MULTIPLE = Decimal(3)
FRAUD_MINIMUM = Decimal(500)
# 《食品安全法》第 148 条 (law id food_safety_148): 10 × the price or 3 × the loss,
# at least 1000 yuan.
FOOD_PRICE_MULTIPLE = Decimal(10)
FOOD_LOSS_MULTIPLE = Decimal(3)
FOOD_MINIMUM = Decimal(1000)


def yuan(value: Decimal | str | int) -> Decimal:
    """A positive-or-zero amount rounded to the cent; ValueError for anything else."""
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_price(value: object) -> Decimal | None:
    """The case's amount field ("399.00") as Decimal, or None when missing or unreadable."""
    if value is None or str(value).strip() == "":
        return None
    try:
        return yuan(str(value))
    except ValueError:
        return None


def fmt(amount: Decimal) -> str:
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


@dataclass(frozen=True)
class Award:
    """One statutory amount: the law it comes from, how it was reached and the figures."""

    law: str  # law id in the knowledge base
    price: Decimal
    extra: Decimal  # the increased compensation on top of the refund
    minimum_applied: bool

    @property
    def total(self) -> Decimal:
        """Refund of the price plus the extra compensation."""
        return yuan(self.price + self.extra)


def fraud_award(price: Decimal | str) -> Award:
    """Consumer Rights Protection Law art. 55: 3 × price; below 500 yuan it is 500 yuan."""
    p = yuan(price)
    tripled = yuan(p * FRAUD_MULTIPLE)
    if tripled < FRAUD_MINIMUM:
        return Award("cpl_55", p, yuan(FRAUD_MINIMUM), True)
    return Award("cpl_55", p, tripled, False)


def food_award(price: Decimal | str, loss: Decimal | str | None = None) -> Award:
    """Food Safety Law art. 148: the larger of 10 × price and 3 × loss; below 1000 yuan, 1000."""
    p = yuan(price)
    by_price = yuan(p * FOOD_PRICE_MULTIPLE)
    by_loss = yuan(yuan(loss) * FOOD_LOSS_MULTIPLE) if loss is not None else Decimal(0)
    best = max(by_price, by_loss)
    if best < FOOD_MINIMUM:
        return Award("food_safety_148", p, yuan(FOOD_MINIMUM), True)
    return Award("food_safety_148", p, best, False)


def protection_cap(price: Decimal | str, postage: Decimal | str = Decimal(0)) -> Decimal:
    """Consumer guarantee claims (FACTS §10.2 item 5): at most the price paid plus postage, incl.
    return postage."""
    return yuan(yuan(price) + yuan(postage))

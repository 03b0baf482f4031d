"""The deadline rules of FACTS.md §7.3: schema and loader for knowledge/data/deadline_rules.yaml."""

from __future__ import annotations

from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_PATH = Path(__file__).parent / "data" / "deadline_rules.yaml"

# Shared vocabulary of FACTS.md: §7.1 event kinds, §7.2 methods, §7.3 results. The categories a
# rule names are categories.yaml's slugs (or "*": every one); `kb check` holds them to it.
EventKind = Literal[
    "order_created", "paid", "shipped", "received", "transaction_success",
    "transaction_closed", "aftersales_requested", "refund_requested",
    "refund_amount_edited", "seller_agreed", "seller_refused", "seller_timeout",
    "complaint_filed", "report_filed", "intervention_requested", "decision_made",
    "appeal_filed", "return_received_by_seller", "outside_channel_used", "resolved",
    "closed", "now",
]  # fmt: skip
Method = Literal["hours", "days", "calendar_days", "working_days", "years", "next_open"]
ResultKind = Literal["buyer_deadline", "seller_deadline", "platform_sla", "opens_at", "next_open"]
Flag = Literal["warning", "convention", "outside_seeds"]


class RuleFileError(ValueError):
    """A deadline-rule file that cannot be used; `problems` lists each as file:rule_id:field."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class Text(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class DeadlineRule(BaseModel):
    """One row of FACTS.md §7.3."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    start_event: EventKind
    length: int | None = Field(default=None, ge=1)
    min_length: int | None = Field(default=None, ge=1)
    method: Method
    result: ResultKind
    audience: Literal["buyer", "merchant"]
    categories: tuple[Annotated[str, Field(pattern=r"^(?:[a-z_]+|\*)$")], ...]
    platforms: tuple[Literal["tmall", "taobao"], ...] = ()  # empty: every platform
    channels: tuple[str, ...] = ()
    amount_edits: bool = False
    # next_open only: ISO weekdays (1 = Monday) and [opens, closes) periods, "HH:MM".
    open_weekdays: tuple[int, ...] = ()
    open_hours: tuple[tuple[time, time], ...] = ()
    action: Text  # the verb that fits: by/from the date, who does what (see the yaml's header)
    doubt: Text | None = None  # with the warning flag: the doubt, said wherever the rule appears
    flags: tuple[Flag, ...] = ()
    notes: Text
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("open_weekdays")
    @classmethod
    def _weekdays(cls, days: tuple[int, ...]) -> tuple[int, ...]:
        if any(d < 1 or d > 7 for d in days) or len(set(days)) != len(days):
            raise ValueError("ISO weekdays 1..7, each once")
        return tuple(sorted(days))

    @field_validator("open_hours")
    @classmethod
    def _hours(cls, periods: tuple[tuple[time, time], ...]) -> tuple[tuple[time, time], ...]:
        previous_close = time.min
        for opens, closes in periods:
            if not previous_close <= opens < closes:
                raise ValueError("periods must be [opens, closes), in order, not overlapping")
            previous_close = closes
        return periods

    @model_validator(mode="after")
    def _consistent(self) -> DeadlineRule:
        if self.method == "next_open":
            if self.length is not None or not self.open_hours or not self.open_weekdays:
                raise ValueError("next_open takes open_weekdays and open_hours, no length")
        elif self.length is None:
            raise ValueError(f"method {self.method} needs a length")
        if (self.method == "next_open") != (self.result == "next_open"):
            raise ValueError("method next_open and result next_open go together")
        if self.min_length is not None and (self.length is None or self.min_length >= self.length):
            raise ValueError("min_length must be below length")
        if self.amount_edits and self.method != "hours":
            raise ValueError("amount_edits applies to an hours window only")
        if ("warning" in self.flags) != (self.doubt is not None):
            raise ValueError("a rule flagged warning says its doubt (and only such a rule)")
        if "*" in self.categories and len(self.categories) > 1:
            raise ValueError('categories: "*" stands alone')
        return self

    @property
    def kind(self) -> Literal["opens", "closes", "other_side", "hours"]:
        """What the date means to the shopper: a window opens, closes, or is the other side's."""
        return {"opens_at": "opens", "buyer_deadline": "closes",
                "next_open": "hours"}.get(self.result, "other_side")  # type: ignore[return-value]

    @property
    def is_estimate(self) -> bool:
        """The date rests on a doubtful seed, a project convention or outside law."""
        return bool(self.flags)


def _problems(path: Path, index: int, entry: Any, error: ValidationError) -> list[str]:
    rule_id = entry.get("id") if isinstance(entry, dict) else None
    where = rule_id if isinstance(rule_id, str) and rule_id else f"#{index}"
    out = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(rule)"
        out.append(f"{path}:{where}:{field}: {item['msg']}")
    return out


def category_slugs(folder: Path) -> frozenset[str]:
    """The categories' names from their one home: categories.yaml beside the rules, or the
    package's data when the rules stand alone."""
    file = folder / "categories.yaml"
    if not file.is_file():
        file = DEFAULT_PATH.parent / "categories.yaml"
    doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    return frozenset(c["slug"] for c in doc.get("categories", []) if isinstance(c, dict) and "slug" in c)


def parse_rules(path: Path) -> dict[str, DeadlineRule]:
    """Read and validate a rule file; raises RuleFileError listing every problem."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuleFileError([f"{path}: {exc}"]) from exc
    entries = raw.get("rules") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        raise RuleFileError([f"{path}: expected a mapping with a `rules` list"])
    rules: dict[str, DeadlineRule] = {}
    problems: list[str] = []
    slugs = category_slugs(path.parent)
    for index, entry in enumerate(entries):
        try:
            rule = DeadlineRule.model_validate(entry)
        except ValidationError as exc:
            problems.extend(_problems(path, index, entry, exc))
            continue
        if rule.id in rules:
            problems.append(f"{path}:{rule.id}:id: duplicate rule id")
        problems += [f"{path}:{rule.id}:categories.{i}: not a category of categories.yaml: {c!r}"
                     for i, c in enumerate(rule.categories) if c != "*" and c not in slugs]
        rules[rule.id] = rule
    if problems:
        raise RuleFileError(problems)
    return rules


@lru_cache(maxsize=1)
def _default_rules() -> dict[str, DeadlineRule]:
    return parse_rules(DEFAULT_PATH)


def load_rules(path: Path | None = None) -> dict[str, DeadlineRule]:
    """The rules by id; the default file is read once and cached."""
    if path is None:
        return dict(_default_rules())
    return parse_rules(path)

"""What the dossier and the letter command read: the case and its evidence rows (the files
themselves through bot/evidence/storage.py)."""

from __future__ import annotations

from typing import Any

from bot.store.contract import Store
from dialogs.snapshot import Case
from knowledge.base import KnowledgeBase


def case_evidence(store: Store, case_id: int) -> list[dict[str, Any]]:
    """The case's evidence rows, oldest first."""
    return store.evidence.for_dossier(case_id)


def held_case(store: Store, case: dict[str, Any]) -> Case | None:
    """The stored case behind `case` (as `show_case` gives it), with the number of other shoppers'
    consenting complaints about its shop set on `case` when there are any (letters cite them)."""
    held = next((c for c in store.user_cases(int(case["user"])) if c.id == case["id"]), None)
    if held is not None:
        similar = store.tally.similar_for(held.user_id, held)
        if similar is not None:
            case["similar_complaints"] = similar
    return held


def user_lang(store: Store, user_id: int, default: str) -> str:
    lang = store.users.lang(user_id)
    return lang if lang in ("zh", "en") else default


def current_channels(case: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    """The channels of the step the case is at (the ladder's stages, FACTS.md §8); the
    category's first channel before that."""
    ladder = kb.ladder_data
    category = case.get("category") or "other"
    status = case.get("status") or "draft"
    if status in ladder.stages:
        channels = list(ladder.stages[status])
        if status in ladder.report_statuses and category in ladder.report_categories:
            channels.insert(0, "platform_report")
    else:
        try:
            channels = kb.category(category).channels[:1]
        except KeyError:
            channels = ["seller"]
    if category in ladder.police_categories and "police" not in channels:
        channels.append("police")
    return channels

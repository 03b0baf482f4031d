"""What the dossier and the letter command read: the case, its evidence rows and files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.store.contract import Store
from knowledge.base import KnowledgeBase

# Where the case stands -> the channels whose texts belong to that step (FACTS.md §8).
STATUS_CHANNELS: dict[str, tuple[str, ...]] = {
    "refused": ("platform_complaint",),
    "complaint": ("platform_complaint",),
    "intervention": ("platform_intervention",),
    "appeal": ("platform_appeal",),
    "outside": ("gov_12315", "consumer_association"),
}
REPORT_CATEGORIES = frozenset({"counterfeit", "prohibited_goods"})
POLICE_CATEGORIES = frozenset({"fraud", "harassment"})


def case_evidence(store: Store, case_id: int) -> list[dict[str, Any]]:
    """The case's evidence rows, oldest first."""
    return store.evidence.for_dossier(case_id)


def evidence_file(data_dir: Path, sha256: str) -> Path:
    """Where bot/evidence/vault.py keeps a file: evidence/<sha[:2]>/<sha>."""
    return Path(data_dir) / "evidence" / sha256[:2] / sha256


def user_lang(store: Store, user_id: int, default: str) -> str:
    lang = store.users.lang(user_id)
    return lang if lang in ("zh", "en") else default


def current_channels(case: dict[str, Any], kb: KnowledgeBase) -> list[str]:
    """The channels of the step the case is at; the category's first channel before that."""
    category = case.get("category") or "other"
    status = case.get("status") or "draft"
    if status in ("complaint", "refused") and category in REPORT_CATEGORIES:
        channels = ["platform_report", "platform_complaint"]
    elif status in STATUS_CHANNELS:
        channels = list(STATUS_CHANNELS[status])
    else:
        try:
            channels = kb.category(category).channels[:1]
        except KeyError:
            channels = ["seller"]
    if category in POLICE_CATEGORIES and "police" not in channels:
        channels.append("police")
    return channels

"""The seller's own words from chat screenshots, quoted in the letters with their day: a
promise ("genuine guaranteed", "pay three for a fake" …) or a refusal ("no returns", "expired"
…), read by knowledge/ocr_said.py and kept on the case when the shopper took them (case meta
"said")."""

from __future__ import annotations

from typing import Any

from knowledge.letters import clip
from knowledge.letters_basis import meta


def said_lines(case: dict[str, Any], lang: str, limit: int = 5,
               m: dict[str, Any] | None = None) -> list[str]:
    """Promises first (what the seller undertook), then refusals; at most `limit`. `m`: the
    knowledge base's `letters.meta` inside a dialog step (which never reads a file)."""
    said = [s for s in case.get("said") or [] if isinstance(s, dict) and s.get("text")]
    said.sort(key=lambda s: (s.get("kind") != "promise", str(s.get("date") or "")))
    words, lang = (m or meta())["wording"], "en" if lang == "en" else "zh"
    meanings = words["said_meanings"]
    out = []
    for s in said[:limit]:
        meaning = meanings.get(str(s.get("key")), {}).get(lang) or str(s.get("key"))
        out.append(words["seller_said"][lang].format(
            date=s.get("date") or words["no_date"][lang],
            text=clip(str(s["text"]), 80), meaning=meaning))
    return out

"""The seller's own words from chat screenshots, quoted in the letters with their day: a
promise (保证正品, 假一赔三 …) or a refusal (不退不换, 已过期 …), read by knowledge/ocr_said.py
and kept on the case when the shopper took them (case meta "said")."""

from __future__ import annotations

from typing import Any

from knowledge.letters import clip
from knowledge.ocr_words import ocr_words

QUOTE = {"zh": "{date}，卖家在聊天中说：“{text}”（{meaning}）",
         "en": "{date}: the seller wrote in the chat: “{text}” ({meaning})"}
NO_DATE = {"zh": "未注明日期", "en": "date not shown"}


def said_lines(case: dict[str, Any], lang: str, limit: int = 5) -> list[str]:
    """Promises first (what the seller undertook), then refusals; at most `limit`."""
    said = [s for s in case.get("said") or [] if isinstance(s, dict) and s.get("text")]
    said.sort(key=lambda s: (s.get("kind") != "promise", str(s.get("date") or "")))
    meanings = ocr_words().meanings
    out = []
    for s in said[:limit]:
        meaning = meanings.get(str(s.get("key")), {}).get(lang) or str(s.get("key"))
        out.append(QUOTE["en" if lang == "en" else "zh"].format(
            date=s.get("date") or NO_DATE["en" if lang == "en" else "zh"],
            text=clip(str(s["text"]), 80), meaning=meaning))
    return out

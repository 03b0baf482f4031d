"""The script a Chinese question is written in, and a reply written in it (issue 12 item 5).

The base and the texts are written in Simplified characters. A shopper who asks in Traditional
ones (Taiwan wording, written Cantonese) reads the answer in Traditional ones; the conversation's
language does not change, and a Simplified or English question is answered as before.

The conversion is OpenCC's `s2tw` (characters only), then the formal characters of dialect.yaml
`reply_forms` in their everyday form. Latin letters and digits (phone numbers, URLs, rule ids,
article numbers) pass unchanged; a quoted label whose Traditional form would not read back as
itself is kept as written.
"""

# Why s2tw: its forms are the ones Taiwan's and most Hong Kong keyboards give (說, 裡, 為); it
# writes 平台 as 平臺, which reply_forms turns back to the everyday 台. Not s2t, which also writes
# 审核 as 審覈; not s2twp, which swaps words too (请登录 to 請登入, 业务信息 to 業務資訊) and so would
# change the labels of the platform's and the 12315 site's buttons that answers quote in 「」;
# not s2hk, whose 説 and 裏 are school forms Taiwan never writes.

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import yaml

from knowledge.textnorm import traditional_chars

TO_TRADITIONAL = "s2tw"
READ_BACK = "tw2s"  # a quoted label converted must come back as itself through this
_QUOTED = re.compile(r"(「[^」]*」)")


class Scripts:
    """OpenCC's converters, loaded with the base (`warm`) or on the first Traditional question;
    never pickled with the base (they are the library's data, not the base's)."""

    def __init__(self, forms: dict[str, str]) -> None:
        self.forms = forms  # a formal character -> its everyday form
        self._table = str.maketrans(forms)
        self._converters: tuple[Callable[[str], str], Callable[[str], str]] | None = None

    def __getstate__(self) -> dict[str, object]:
        return {"forms": self.forms}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__init__(dict(state["forms"]))  # type: ignore[misc, call-overload]

    def warm(self) -> None:
        self._load()

    def _load(self) -> tuple[Callable[[str], str], Callable[[str], str]]:
        if self._converters is None:
            import opencc

            self._converters = (opencc.OpenCC(TO_TRADITIONAL).convert, opencc.OpenCC(READ_BACK).convert)
        return self._converters

    def is_traditional(self, text: str) -> bool:
        """More characters written only in Traditional text than characters Traditional text
        writes otherwise (a pasted Simplified label in a Traditional question, or the other way
        round, does not decide)."""
        only = traditional_chars()
        traditional = sum(c in only for c in text)
        if not traditional:
            return False
        converted = self._load()[0](text)
        if len(converted) == len(text):
            simplified = sum(a != b and a not in only for a, b in zip(text, converted, strict=True))
        else:
            simplified = sum(self._load()[0](c) != c and c not in only for c in text)
        return traditional > simplified

    def traditional(self, text: str) -> str:
        """`text` in Traditional characters; a quoted label that would not read back kept as written."""
        to_traditional, back = self._load()
        pieces = _QUOTED.split(text)
        out = []
        for i, piece in enumerate(pieces):
            converted = to_traditional(piece).translate(self._table)
            out.append(piece if i % 2 and back(converted) != piece else converted)
        return "".join(out)

    def like(self, question: str, reply: str) -> str:
        """`reply` (written in Simplified) in the script of `question`."""
        return self.traditional(reply) if self.is_traditional(question) else reply


def load(data: Path) -> Scripts:
    """The converter of a data folder (dialect.yaml `reply_forms`)."""
    raw = yaml.safe_load((data / "dialect.yaml").read_text(encoding="utf-8"))
    return Scripts({str(k): str(v) for k, v in (raw.get("reply_forms") or {}).items()})

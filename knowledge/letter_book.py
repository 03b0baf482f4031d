"""The letter templates (templates/*.j2) and their settings (templates/meta.yaml), read once.

The knowledge base carries one LetterBook (`kb.letters`), so writing a letter during a dialog
step reads no file: the templates are held as text and compiled on first use, in the book
(jinja2 itself is imported then too: it costs start-up time the bot does not need).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class LetterBook:
    meta: dict[str, Any]
    sources: dict[str, str]  # template name -> its text
    _env: jinja2.Environment | None = field(default=None, repr=False)

    def template(self, name: str) -> jinja2.Template:
        return self.env.get_template(name)

    @property
    def env(self) -> jinja2.Environment:
        if self._env is None:
            import jinja2  # on the first letter, not at every start (bot start-up time)

            self._env = jinja2.Environment(
                loader=jinja2.DictLoader(self.sources), undefined=jinja2.StrictUndefined,
                trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False,
                autoescape=False)
        return self._env

    def __getstate__(self) -> dict[str, Any]:  # the compiled templates are not pickled
        return {"meta": self.meta, "sources": self.sources, "_env": None}


def read_book(folder: Path = TEMPLATES) -> LetterBook:
    meta = yaml.safe_load((folder / "meta.yaml").read_text(encoding="utf-8"))
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.j2"))}
    return LetterBook(meta, sources)


@functools.lru_cache(maxsize=1)
def default_book() -> LetterBook:
    """The repository's templates, read once: for code outside the dialog step (CLI, dossier)."""
    return read_book()

"""aiogram's import without building every Bot API type up front.

`aiogram.types` ends its import by rebuilding the pydantic schema of each of its ~300 Bot API
types (about 3 s of CPU on the reference machine), although its base class already asks pydantic
to build a schema only when a type is first used (`defer_build`). `defer_type_builds` lets that
loop only note the namespace it passes; a type's schema is then built the first time a value of
it is validated, with that same namespace, exactly as the loop would have built it. A start that
reads updates and sends messages builds a few dozen types (0.1 s), not all of them.

Importing this module installs the hook; it must come before aiogram's first import (it hooks
the import of `aiogram.types.base`): bot/adapters/telegram/aiogram.py imports it first.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

_BASE = "aiogram.types.base"
# module -> its classes whose subclasses are the Bot API's types, methods and responses
_PATCHED = {_BASE: ("TelegramObject",), "aiogram.methods.base": ("TelegramMethod", "Response")}
_HELD: dict[str, Any] = {}  # the namespace aiogram.types' loop passes: every type by name


class _AfterBase(importlib.abc.MetaPathFinder):
    """Finds aiogram's base modules as usual and patches their base class once they have run."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _PATCHED:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader: Any = spec.loader
        run = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            for name in _PATCHED[fullname]:
                _defer(getattr(module, name))

        loader.exec_module = exec_module
        return spec


def _defer(base: Any) -> None:
    from pydantic import BaseModel

    rebuild = BaseModel.model_rebuild.__func__  # type: ignore[attr-defined]
    held = _HELD
    # the ~170 method classes are defined next: like the types, built when first used
    base.model_config["defer_build"] = True

    def model_rebuild(cls: Any, *, force: bool = False, raise_errors: bool = True,
                      _parent_namespace_depth: int = 2, _types_namespace: Any = None) -> bool | None:
        if _types_namespace is not None and not force and held.get("ns", _types_namespace) is _types_namespace:
            held["ns"] = _types_namespace  # aiogram.types' import loop: built on first use
            return None
        # a first use: built with every type's name at hand, as the loop would have
        return rebuild(cls, force=force, raise_errors=raise_errors,
                       _parent_namespace_depth=_parent_namespace_depth,
                       _types_namespace=_types_namespace if _types_namespace is not None else held.get("ns"))

    base.model_rebuild = classmethod(model_rebuild)


def defer_type_builds() -> None:
    """Install the hook (once); without effect when aiogram is already imported."""
    if any(name in sys.modules for name in _PATCHED) or any(isinstance(f, _AfterBase) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _AfterBase())


defer_type_builds()

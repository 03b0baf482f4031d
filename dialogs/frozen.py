"""A quicker constructor for the frozen dataclasses a step makes many of (buttons, replies).

A frozen dataclass's generated __init__ sets each field through object.__setattr__, about
three times the cost of a plain one; a reply with its keyboard makes a dozen such objects.
`quick_init` gives the class an __init__ with the same signature that writes the fields
straight into the new instance's __dict__, in field order: the instance is the same (equal,
hashed and printed alike, still frozen against later changes).
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

C = TypeVar("C", bound=type)


def quick_init(cls: C) -> C:
    """`cls` (a frozen dataclass with no default factories and no __post_init__) with the
    quicker __init__."""
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__")
    scope: dict[str, Any] = {}
    params, body = [], []
    for f in fields(cls):
        if not f.init or f.kw_only or f.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{f.name}: only plain fields are supported")
        if f.default is MISSING:
            params.append(f.name)
        else:
            scope[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        body.append(f"    fields[{f.name!r}] = {f.name}")
    source = "\n".join([f"def __init__(self, {', '.join(params)}):",
                        "    fields = self.__dict__", *body, ""])
    exec(compile(source, f"<{cls.__name__}.__init__>", "exec"), scope)  # noqa: S102
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls

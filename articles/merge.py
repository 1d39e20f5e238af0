"""A three-way merge of two edits to one piece, field by field.

`base` is the piece as both people opened it, `theirs` as it is now (someone
saved first), `mine` what the refused editor submitted. A field only one of
them changed takes that change; a field both changed differently is a
conflict, for the editor to choose or edit. The merged values start from
mine for those, so the form they see holds everything they typed. A field
missing from `base` (not kept in history) is a conflict whenever the two
differ, since nobody can tell who changed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MISSING = object()


@dataclass(frozen=True)
class Conflict:
    name: str
    base: Any
    theirs: Any
    mine: Any


@dataclass
class Merge:
    result: dict[str, Any] = field(default_factory=dict)
    applied: list[str] = field(default_factory=list)  # mine, only I changed it
    kept: list[str] = field(default_factory=list)  # theirs, only they changed it
    conflicts: list[Conflict] = field(default_factory=list)


def three_way(
    base: Mapping[str, Any], theirs: Mapping[str, Any], mine: Mapping[str, Any]
) -> Merge:
    """Merge `mine` into `theirs` over the fields of either (in their order)."""
    merge = Merge()
    for name in dict.fromkeys([*theirs, *mine]):
        their_value = theirs.get(name, MISSING)
        my_value = mine.get(name, MISSING)
        if my_value is MISSING:  # not in my form: nothing of mine to apply
            merge.result[name] = their_value
            continue
        if their_value is MISSING or their_value == my_value:
            merge.result[name] = my_value
            continue
        base_value = base.get(name, MISSING)
        if their_value == base_value:
            merge.result[name] = my_value
            merge.applied.append(name)
        elif my_value == base_value:
            merge.result[name] = their_value
            merge.kept.append(name)
        else:
            merge.result[name] = my_value
            merge.conflicts.append(
                Conflict(
                    name,
                    None if base_value is MISSING else base_value,
                    their_value,
                    my_value,
                )
            )
    return merge

"""Reading ``safety.toml``: the stop page, the first-run safety check and the advice screen.

The format is documented in ``docs/content-format.md`` ("Safety text"); the model is
:class:`desk_breaks.core.content.Safety`. Only the shipped file is read, so a problem in it
is a bug the tests catch (``tests/core/test_assets.py`` loads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from desk_breaks.core.content import ContentError, Question, Safety, SafetyGroup
from desk_breaks.core.content_fields import (
    Fields,
    is_id,
    list_of_tables,
    not_a_table,
    not_an_id,
    read_toml,
)
from desk_breaks.core.content_text import translated_safety
from desk_breaks.core.i18n import Text
from desk_breaks.core.settings import short_repr

_SAFETY_GROUPS = ("stop_now", "ease_off", "seek_help")


def load_safety(path: Path) -> Safety:
    """Load ``safety.toml`` (see :func:`read_safety`) in the active language."""
    return translated_safety(read_safety(path))


def read_safety(path: Path) -> Safety:
    """Read ``safety.toml`` as written (English); raise :class:`ContentError` naming the bad field.

    Each group is a table with a ``heading`` and a list of ``points``; ``[[screening]]``
    lists the safety-check questions and ``[advice]`` the "see a professional" screen.
    """
    f = Fields(read_toml(path), "")
    groups: dict[str, SafetyGroup] = {}
    for name in _SAFETY_GROUPS:
        table = f.table(name)
        if table is None:
            raise ContentError(
                Text("'{field}' is missing (a table with heading and points)", field=name)
            )
        g = Fields(table, name)
        group = SafetyGroup(g.text("heading"), g.texts("points"))
        g.done()
        if not group.points:
            raise ContentError(_no_points(f"{name}.points"))
        groups[name] = group
    advice = f.table("advice")
    if advice is None:
        raise ContentError(
            Text("'{field}' is missing (a table with title and points)", field="advice")
        )
    g = Fields(advice, "advice")
    advice_title, advice_points = g.text("title"), g.texts("points")
    g.done()
    if not advice_points:
        raise ContentError(_no_points("advice.points"))
    safety = Safety(
        disclaimer=f.text("disclaimer"),
        stop_title=f.text("stop_title"),
        stop_now=groups["stop_now"],
        ease_off=groups["ease_off"],
        seek_help=groups["seek_help"],
        screening=_parse_screening(f.raw("screening", None)),
        advice_title=advice_title,
        advice_points=advice_points,
    )
    f.done()
    return safety


def _parse_screening(value: Any) -> tuple[Question, ...]:
    """Read the ``[[screening]]`` questions: each with an id, text, short and advice."""
    if value is None:
        raise ContentError(
            Text(
                "'{field}' is missing (the safety-check questions, {tables})",
                field="screening",
                tables="[[screening]]",
            )
        )
    if not isinstance(value, list) or not value:
        raise ContentError(list_of_tables("screening"))
    questions: list[Question] = []
    for index, table in enumerate(value, start=1):
        if not isinstance(table, Mapping):
            raise ContentError(not_a_table("screening", index))
        g = Fields(table, f"screening[{index}]")
        question = Question(
            id=g.text("id"), text=g.text("text"), short=g.text("short"), advice=g.text("advice")
        )
        g.done()
        if not is_id(question.id):
            raise ContentError(not_an_id(f"screening[{index}].id", question.id))
        if any(q.id == question.id for q in questions):
            raise ContentError(
                Text(
                    "'{field}' {value} is taken",
                    field=f"screening[{index}].id",
                    value=short_repr(question.id),
                )
            )
        if not question.text.endswith("?"):
            raise ContentError(
                Text(
                    "'{field}' must be a yes/no question ending in '?'",
                    field=f"screening[{index}].text",
                )
            )
        questions.append(question)
    return tuple(questions)


def _no_points(field: str) -> Text:
    return Text("'{field}' must list at least one point", field=field)

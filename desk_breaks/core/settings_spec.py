"""The description of one setting: its label, page, limits and unit (:class:`Spec`).

Part of :mod:`desk_breaks.core.settings_schema`, which every settings module imports it
from. The texts (label, description, note, zero text) are English, marked with ``N_``
where each field is declared: show them with ``tr``. What is worded here (the accessible
name, the unit after a number, the limits in words) is said in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from desk_breaks.core.i18n import N_, Text, tr

__all__ = ["SPEC", "UNIT_SUFFIXES", "UNIT_WORDS", "Spec", "spec"]

SPEC = "desk_breaks.spec"
"""The key of a field's :class:`Spec` in its dataclass metadata."""

UNIT_WORDS = {"min": N_("minutes", "unit"), "s": N_("seconds", "unit"), "%": "%"}
"""How a unit reads in a message ("must be from 5 to 240 minutes"), in English."""

UNIT_SUFFIXES = {"min": N_("min", "unit"), "s": N_("s", "unit"), "%": "%"}
"""How a unit reads after a number in a spin box, in English."""


@dataclass(frozen=True)
class Spec:
    """Everything said about one setting besides its type and default."""

    label: str
    """The dialog's label, with its ``&`` shortcut (English, marked: show ``tr(label)``)."""
    page: str
    """The settings page that shows it."""
    limits: tuple[int, int] | None = None
    """The lowest and highest whole number allowed (for each item of a list)."""
    unit: str = ""
    """``"min"``, ``"s"`` or ``"%"``: the suffix in the dialog, a word in messages."""
    description: str = ""
    """What a screen reader says for the field; the label without ``&`` when empty.

    English, marked like ``note`` and ``zero_text``: show them with ``tr``.
    """
    note: str = ""
    """A line of help shown under the field."""
    zero_text: str = ""
    """What the dialog shows for the lowest value instead of the number ("None")."""

    @property
    def accessible_name(self) -> str:
        """The field's name for screen readers, in the active language."""
        if self.description:
            return tr(self.description)
        return tr(self.label).replace("&", "").rstrip(":")

    @property
    def suffix(self) -> str:
        """The unit as a spin box shows it after the number (" min"), in the active language."""
        return f" {tr(UNIT_SUFFIXES[self.unit], 'unit')}" if self.unit else ""

    def range_problem(self, value: int) -> str | None:
        """Say why ``value`` is outside the limits, or return None when it is inside."""
        if self.limits is None:
            return None
        low, high = self.limits
        if low <= value <= high:
            return None
        return Text("must be from {range}, not {value}", range=self.range_text(), value=value)

    def range_text(self) -> str:
        """The limits in words: "5 to 240 minutes", in the active language."""
        assert self.limits is not None
        low, high = self.limits
        if self.unit:
            unit = Text(UNIT_WORDS[self.unit], "unit") if self.unit in ("min", "s") else self.unit
            return Text("{low} to {high} {unit}", "range", low=low, high=high, unit=unit)
        return Text("{low} to {high}", "range", low=low, high=high)


def spec(
    label: str,
    page: str,
    *,
    limits: tuple[int, int] | None = None,
    unit: str = "",
    description: str = "",
    note: str = "",
    zero_text: str = "",
) -> dict[str, Spec]:
    """Return dataclass field metadata that describes a setting (see :class:`Spec`)."""
    return {SPEC: Spec(label, page, limits, unit, description, note, zero_text)}

"""What each command takes, said to a person: the rules and the refusals built from them.

Split from :mod:`desk_breaks.core.commands` (which checks each command with these) so the
wire format and the wording stay apart. The rules are English constants marked with ``N_``
(show them with ``tr``) or functions that say them in the active language.
"""

from __future__ import annotations

from desk_breaks.core.i18n import N_, tr


def show_value(value: object) -> str:
    """Return a short repr for error messages; a hostile peer may send 64 KiB strings."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def is_int(value: object) -> bool:
    # bool is an int subclass, and JSON's true must not pass for 1 minute.
    return isinstance(value, int) and not isinstance(value, bool)


def minutes_rule(command: str, limits: tuple[int, int], word: str | None = None) -> str:
    """What ``command`` takes, in the active language: "snooze takes minutes from 1 to 60"."""
    low, high = limits
    if word is None:
        return tr(
            "{command} takes minutes from {low} to {high}", command=command, low=low, high=high
        )
    return tr(
        "{command} takes minutes from {low} to {high}, or '{word}'",
        command=command,
        low=low,
        high=high,
        word=word,
    )


def refusal(rule: str, value: object) -> str:
    """A rule and the value it refused: "rate takes better, same or worse, not 'fine'"."""
    return tr("{rule}, not {value}", "refused value", rule=rule, value=show_value(value))


def check_minutes(
    command: str, value: object, limits: tuple[int, int], word: str | None = None
) -> None:
    low, high = limits
    if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
        return
    if word is not None and value == word:
        return
    raise ValueError(refusal(minutes_rule(command, limits, word), value))


AUTOSTART_RULE = N_("autostart takes 'on' or 'off'")
"""What ``autostart`` takes (English: say it with ``tr``), as are the other rules."""
RATE_RULE = N_("rate takes better, same or worse")

JOURNAL_RULE = N_("journal takes a comfort rating from 0 (very sore) to 10 (no discomfort)")

EXERCISE_RULE = N_(
    "exercise takes an exercise id and leave-out, use-gentler, bring-back or previous-dose"
)

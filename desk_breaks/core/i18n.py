"""One translation mechanism for every string a person reads.

That is windows, tray, notifications, command-line replies and the exercise content.

Strings are written in English in the source and looked up in a gettext catalog of the
active :class:`Language` (``assets/locale/<code>/LC_MESSAGES/desk-breaks.mo``, compiled from
the ``.po`` files beside it by ``packaging/i18n.py``). The English text is the key, so a
changed English sentence falls back to English until its translation is updated: an
outdated safety cue is never shown.

    from desk_breaks.core.i18n import N_, tr, trn

    tr("Start")                                   # a plain string
    tr("Snoozed until {time}.", time=clock)       # named fields, filled after lookup
    tr("Back", "session button")                  # a context tells two meanings apart
    trn("{n} minute", "{n} minutes", 5)           # plural forms of the language ("5 minutes")
    LABELS = {"a": N_("Morning")}                 # marked for extraction, translated on use
    tr(LABELS["a"])

``packaging/i18n.py extract`` finds the literal first arguments of ``tr``, ``trn``, ``N_``
and :class:`Text` (and the content's text fields) and ``tests/test_i18n_catalogs.py`` fails when a
string reaching the user bypasses them.

The active language is process-wide, like Qt's installed translators and gettext's
``install``: the composition root (``app.py``, ``cli.py``) chooses it once with
:func:`install`, and again when the person changes it in Settings. Until then English is
active, so importing a module never depends on a language.

Times and dates follow the language's own conventions through :class:`TimeStyle` (a US
locale reads "9:30 AM", a German one "09:30"); the app takes the style from Qt's locale,
the command line from the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Protocol, TypeVar, cast

__all__ = [
    "LANGUAGES",
    "N_",
    "PSEUDO",
    "WEEKDAYS_SHORT",
    "Catalog",
    "Language",
    "Text",
    "TimeStyle",
    "active",
    "again",
    "date_said",
    "date_text",
    "decimal_text",
    "english",
    "in_english",
    "install",
    "load_language",
    "month_short",
    "resolve_language",
    "speaking",
    "system_languages",
    "time_text",
    "tr",
    "trn",
    "weekday_name",
    "weekday_short",
]

LANGUAGES: Mapping[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}
"""The languages with a complete translation, by code, each named in itself."""

_T = TypeVar("_T")

PSEUDO = "pseudo"
"""A made-up language for testing: every string longer, accented and bracketed."""

DOMAIN = "desk-breaks"
"""The catalog's file name: ``<locale dir>/<code>/LC_MESSAGES/desk-breaks.mo``."""


class Catalog(Protocol):
    """Looks up translations; gettext's ``GNUTranslations`` is one."""

    def pgettext(self, context: str, message: str, /) -> str:
        """The translation of ``message`` in ``context``, or ``message`` itself."""
        ...

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        """The plural form for ``n``, or the English form when there is no translation."""
        ...


class _English:
    """The source language: every string as written."""

    def pgettext(self, context: str, message: str, /) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        return singular if n == 1 else plural


# Letters that look like their ASCII selves, so a pseudo-translated window stays readable.
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅβÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# Placeholders, markup and entities must survive pseudo-translation unchanged.
_KEEP = re.compile(r"\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%[sd]")


def pseudo_text(text: str) -> str:
    """``text`` accented, about 40% longer and bracketed: "Start" becomes "⟦Šţàŕţ ~~⟧".

    Placeholders (``{time}``), markup and entities are kept, so the string still formats.
    """
    if not text.strip():
        return text
    parts: list[str] = []
    last = 0
    for match in _KEEP.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTED))
        parts.append(match.group())
        last = match.end()
    parts.append(text[last:].translate(_ACCENTED))
    padding = "~" * max(2, (len(text) * 2) // 5)
    return f"⟦{''.join(parts)} {padding}⟧"


class _Pseudo:
    """The pseudo-language's catalog: English, transformed."""

    def pgettext(self, context: str, message: str, /) -> str:
        return pseudo_text(message)

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        return pseudo_text(singular if n == 1 else plural)


class _Gettext:
    """A gettext catalog as a :class:`Catalog`: no context means gettext's own lookup.

    gettext files a message without a context under its text alone, and ``pgettext("", m)``
    looks for it behind an empty context, where it never is: without this every string
    without a context stayed English.
    """

    def __init__(self, translations: Catalog) -> None:
        self._translations = translations

    def pgettext(self, context: str, message: str, /) -> str:
        if context:
            return self._translations.pgettext(context, message)
        return self._translations.gettext(message)  # type: ignore[attr-defined, no-any-return]

    def npgettext(self, context: str, singular: str, plural: str, n: int, /) -> str:
        if context:
            return self._translations.npgettext(context, singular, plural, n)
        found = self._translations.ngettext(singular, plural, n)  # type: ignore[attr-defined]
        return str(found)


@dataclass(frozen=True)
class TimeStyle:
    """How a locale writes a time of day: "09:30", "9:30" or "9:30 AM"."""

    hour12: bool = False
    pad_hour: bool = True
    am: str = "AM"
    pm: str = "PM"

    @classmethod
    def from_qt_pattern(cls, pattern: str, am: str = "AM", pm: str = "PM") -> TimeStyle:
        """Read a Qt time format (``QLocale.timeFormat(ShortFormat)``): "h:mm AP", "HH:mm"."""
        hour12 = bool(re.search(r"[aA][pP]?", pattern))
        hours = re.search(r"[hH]+", pattern)
        pad = hours is not None and len(hours.group()) >= 2
        return cls(hour12=hour12, pad_hour=pad, am=am, pm=pm)

    def format(self, moment: time | datetime) -> str:
        """``moment`` as this style writes it, without seconds."""
        hour = moment.hour
        if self.hour12:
            suffix = self.am if hour < 12 else self.pm
            shown = hour % 12 or 12
            hours = f"{shown:02d}" if self.pad_hour else str(shown)
            return f"{hours}:{moment.minute:02d}\N{NO-BREAK SPACE}{suffix}"
        hours = f"{hour:02d}" if self.pad_hour else str(hour)
        return f"{hours}:{moment.minute:02d}"


# Where the territory alone says a 12-hour clock, for the command line (no Qt there).
_TWELVE_HOUR_TERRITORIES = frozenset({"US", "CA", "AU", "NZ", "PH", "IN", "PK", "EG", "SA"})


def default_time_style(locale_name: str) -> TimeStyle:
    """A locale's time style from its name alone ("en_US.UTF-8" → 12-hour, "de_DE" → "09:30")."""
    base = locale_name.split(".")[0].split("@")[0].replace("-", "_")
    language, _, territory = base.partition("_")
    if language == "en" and territory in _TWELVE_HOUR_TERRITORIES:
        return TimeStyle(hour12=True, pad_hour=False)
    if language == "es" and territory in {"US", "MX", "CO", "PH"}:
        nbsp = "\N{NO-BREAK SPACE}"
        return TimeStyle(hour12=True, pad_hour=False, am=f"a.{nbsp}m.", pm=f"p.{nbsp}m.")
    if language == "es":
        return TimeStyle(pad_hour=False)
    return TimeStyle()


@dataclass(frozen=True)
class Language:
    """A language to show: its code, its catalog and its way of writing times."""

    code: str
    catalog: Catalog = field(default_factory=_English, compare=False)
    time_style: TimeStyle = TimeStyle()

    def tr(self, text: str, context: str = "") -> str:
        """The translation of ``text`` (in ``context``), unformatted."""
        return self.catalog.pgettext(context, text) if text else text

    def trn(self, singular: str, plural: str, n: int, context: str = "") -> str:
        """The plural form of the pair for ``n``, unformatted."""
        return self.catalog.npgettext(context, singular, plural, n)


def english(time_style: TimeStyle | None = None) -> Language:
    """English, the source language (no catalog file); times "09:30" unless a style is given."""
    return Language("en", _English(), time_style or TimeStyle())


def load_language(code: str, locale_dir: Path, time_style: TimeStyle | None = None) -> Language:
    """The language ``code`` with its catalog from ``locale_dir``.

    English needs no catalog; the pseudo-language is made on the fly. A missing or damaged
    catalog gives English (with ``code`` "en"): a language file must never stop the app.
    """
    style = time_style or default_time_style(code)
    if code == PSEUDO:
        return Language(PSEUDO, _Pseudo(), style)
    if code == "en":
        return english(time_style)
    path = locale_dir / code / "LC_MESSAGES" / f"{DOMAIN}.mo"
    try:
        # gettext (and the locale module it imports) only for a language that needs it.
        import gettext

        with path.open("rb") as handle:
            catalog = gettext.GNUTranslations(handle)
    except (OSError, ValueError, UnicodeDecodeError):
        return english(time_style)
    return Language(code, _Gettext(catalog), style)


_state: dict[str, Language] = {"active": english()}


def install(language: Language) -> None:
    """Make ``language`` the one every :func:`tr` call uses from now on."""
    _state["active"] = language


def active() -> Language:
    """The language in use."""
    return _state["active"]


def _fill(text: str, english_text: str, fields: Mapping[str, object]) -> str:
    if not fields:
        return text
    try:
        return text.format(**fields)
    except (KeyError, IndexError, ValueError):
        # A translation that names a field wrongly must not break the window: say it in English.
        return english_text.format(**fields)


def tr(text: str, context: str = "", /, **fields: object) -> str:
    """``text`` in the active language, with ``{name}`` fields filled from ``fields``."""
    return _fill(active().tr(text, context), text, fields)


def trn(singular: str, plural: str, n: int, context: str = "", /, **fields: object) -> str:
    """The plural form for ``n`` in the active language; ``{n}`` and ``fields`` are filled."""
    english_text = singular if n == 1 else plural
    return _fill(active().trn(singular, plural, n, context), english_text, {"n": n, **fields})


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Make ``language`` active for a block (machine-readable text in English), then restore."""
    before = active()
    install(language)
    try:
        yield
    finally:
        install(before)


class Text(str):
    """A translated string that remembers its message, to be said again in another language.

    It is the text in the language active when it was made, so it goes wherever a ``str``
    goes; :func:`again` renders it in the language active now (a notice made before the
    Settings' language was known) and :func:`in_english` in English (``status --json``).
    Fields may be Texts themselves: they are rendered again with it.
    """

    message: str
    context: str
    fields: tuple[tuple[str, object], ...]

    def __new__(cls, message: str, context: str = "", /, **fields: object) -> Text:
        """``tr(message, context, **fields)``, remembered."""
        shown = {name: again(value) for name, value in fields.items()}
        made = super().__new__(cls, tr(message, context, **shown))
        made.message, made.context, made.fields = message, context, tuple(fields.items())
        return made


def again(value: _T) -> _T:
    """``value`` in the active language if it is a :class:`Text`; anything else as it is."""
    if isinstance(value, Text):
        said: object = Text(value.message, value.context, **dict(value.fields))
        return cast("_T", said)
    return value


def in_english(value: str) -> str:
    """``value`` in English if it is a :class:`Text` (a plain ``str`` is returned as it is)."""
    if not isinstance(value, Text):
        return value
    with speaking(english()):
        return str(again(value))


def N_(text: str, context: str = "", /) -> str:
    """Mark ``text`` for translation where it is defined; :func:`tr` translates it on use.

    Give the same ``context`` to the :func:`tr` that shows it.
    """
    return text


def time_text(moment: time | datetime) -> str:
    """A time of day in the active language's style: "09:30", "9:30 AM"."""
    return active().time_style.format(moment)


# Literal contexts on every entry: the extractor reads them from here.
WEEKDAYS_SHORT = (
    N_("Mon", "weekday, short"),
    N_("Tue", "weekday, short"),
    N_("Wed", "weekday, short"),
    N_("Thu", "weekday, short"),
    N_("Fri", "weekday, short"),
    N_("Sat", "weekday, short"),
    N_("Sun", "weekday, short"),
)
"""Short weekday names in English, Monday first: keys of the context "weekday, short"."""
_WEEKDAYS = (
    N_("Monday", "weekday"),
    N_("Tuesday", "weekday"),
    N_("Wednesday", "weekday"),
    N_("Thursday", "weekday"),
    N_("Friday", "weekday"),
    N_("Saturday", "weekday"),
    N_("Sunday", "weekday"),
)
_MONTHS_SHORT = (
    N_("Jan", "month, short"),
    N_("Feb", "month, short"),
    N_("Mar", "month, short"),
    N_("Apr", "month, short"),
    N_("May", "month, short"),
    N_("Jun", "month, short"),
    N_("Jul", "month, short"),
    N_("Aug", "month, short"),
    N_("Sep", "month, short"),
    N_("Oct", "month, short"),
    N_("Nov", "month, short"),
    N_("Dec", "month, short"),
)


def weekday_short(day: date | int) -> str:
    """The short name of a weekday (a date, or 0 for Monday): "Mon", "Mo.", "lun."."""
    index = day if isinstance(day, int) else day.weekday()
    return tr(WEEKDAYS_SHORT[index], "weekday, short")


def weekday_name(day: date | int) -> str:
    """The full name of a weekday (a date, or 0 for Monday): "Monday", "Montag"."""
    index = day if isinstance(day, int) else day.weekday()
    return tr(_WEEKDAYS[index], "weekday")


def month_short(day: date) -> str:
    """The short name of ``day``'s month: "Mar", "März", "mar."."""
    return tr(_MONTHS_SHORT[day.month - 1], "month, short")


def date_text(day: date, *, weekday: bool = False, year: bool = False) -> str:
    """A day in the active language's order: "3 Mar", "3. März", "Tue 3 Mar 2026"."""
    fields = {"day": day.day, "month": month_short(day), "year": day.year}
    if weekday and year:
        return tr("{weekday} {day} {month} {year}", "date", weekday=weekday_short(day), **fields)
    if weekday:
        return tr("{weekday} {day} {month}", "date", weekday=weekday_short(day), **fields)
    if year:
        return tr("{day} {month} {year}", "date", **fields)
    return tr("{day} {month}", "date", **fields)


def date_said(day: date, *, weekday: bool = False) -> Text:
    """:func:`date_text` as a :class:`Text`, so a sentence holding it can be said again."""
    month = Text(_MONTHS_SHORT[day.month - 1], "month, short")
    if weekday:
        short = Text(WEEKDAYS_SHORT[day.weekday()], "weekday, short")
        return Text("{weekday} {day} {month}", "date", weekday=short, day=day.day, month=month)
    return Text("{day} {month}", "date", day=day.day, month=month)


def decimal_text(value: float, places: int = 1) -> str:
    """A number with the active language's decimal mark: "3.5", "3,5"."""
    return f"{value:.{places}f}".replace(".", tr(".", "decimal mark"))


def system_languages(environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages the environment asks for, best first, as gettext reads them.

    ``LANGUAGE`` (a colon-separated list) wins, then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``.
    "C" and "POSIX" mean English.
    """
    env = os.environ if environ is None else environ
    found: list[str] = []
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        for entry in value.split(":") if name == "LANGUAGE" else [value]:
            code = entry.split(".")[0].split("@")[0]
            if code in ("C", "POSIX"):
                code = "en"
            if code:
                found.append(code)
        if found:
            break
    return found


def resolve_language(setting: str, wanted: Sequence[str]) -> str:
    """The language to show: the Settings choice, else the first wanted one we have.

    ``setting`` is "system" or a code from :data:`LANGUAGES` (or :data:`PSEUDO`); ``wanted``
    is the system's list, best first ("de_AT", "de", "en-US", ...). English when none fits.
    """
    if setting != "system" and (setting in LANGUAGES or setting == PSEUDO):
        return setting
    for entry in wanted:
        code = entry.replace("-", "_").split("_")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"

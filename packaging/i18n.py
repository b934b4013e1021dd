#!/usr/bin/env python3
"""Keep the translation catalogs in step with the source: extract, compile, check.

    python packaging/i18n.py extract   # source + content → assets/locale/desk-breaks.pot,
                                       # and new strings added (untranslated) to every .po
    python packaging/i18n.py compile   # each language's .po files → LC_MESSAGES/desk-breaks.mo
    python packaging/i18n.py check     # exit 1 if anything is stale, missing or inconsistent
    python packaging/i18n.py stats     # how much of each language is translated

Strings come from the literal arguments of ``tr``, ``trn``, ``N_`` and ``Text`` in ``desk_breaks/``
(see :mod:`desk_breaks.core.i18n`) and from the text fields of the exercise, routine and
safety files (:func:`desk_breaks.core.content_i18n.content_messages`). Each language keeps
three ``.po`` files, so work on one part of the app does not touch another's: ``content.po``
(the exercises and routines, and the words ``desk_breaks/core/content*.py`` builds around
them), ``ui.po`` (strings used only under ``desk_breaks/ui``) and
``app.po`` (the rest: tray words, command-line replies, notices). They compile into one
catalog per language. The ``.mo`` files are committed, so a source checkout runs without
this tool; ``check`` (run by the tests) keeps them honest.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desk_breaks"
ASSETS = ROOT / "assets"
LOCALE = ASSETS / "locale"
TEMPLATE = LOCALE / "desk-breaks.pot"
LANGUAGES = ("de", "es")
AREAS = ("app", "ui", "content")
CONTENT_SOURCE = "desk_breaks/core/content"
"""Strings used only in the content model's modules (``content*.py``) go to ``content.po``."""
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)[^{}]*\}")


@dataclass
class Message:
    """One string to translate, with where it is used."""

    msgid: str
    context: str = ""
    plural: str = ""
    places: list[str] = field(default_factory=list)
    area: str = "app"
    comment: str = ""

    @property
    def key(self) -> tuple[str, str]:
        """What identifies it in a catalog."""
        return (self.context, self.msgid)


def _literal(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _called_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def source_messages(package: Path = PACKAGE) -> Iterator[Message]:
    """Every ``tr``/``trn``/``N_``/``Text`` call with literal text in the package's Python files."""
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called_name(node)
            args = node.args
            place = f"{relative}:{node.lineno}"
            if name in ("tr", "N_", "Text") and args and (text := _literal(args[0])) is not None:
                context = (_literal(args[1]) or "") if len(args) > 1 else ""
                yield Message(text, context, places=[place])
            elif name == "trn" and len(args) >= 3:
                singular, plural = _literal(args[0]), _literal(args[1])
                if singular is None or plural is None:
                    continue
                context = (_literal(args[3]) or "") if len(args) > 3 else ""
                yield Message(singular, context, plural=plural, places=[place])


def content_messages(assets: Path = ASSETS) -> Iterator[Message]:
    """The translatable text of the bundled content files."""
    sys.path.insert(0, str(ROOT))
    try:
        from desk_breaks.core.content_i18n import content_messages as found
    except ImportError:  # before the content is made translatable
        return
    for context, text, place in found(assets):
        yield Message(text, context, places=[place], area="content")


def collect() -> list[Message]:
    """All messages, merged by (context, text), in a stable order."""
    merged: dict[tuple[str, str], Message] = {}
    for message in [*content_messages(), *source_messages()]:
        known = merged.get(message.key)
        if known is None:
            merged[message.key] = message
            continue
        known.places.extend(message.places)
        known.plural = known.plural or message.plural
    for message in merged.values():
        if message.area != "content":
            in_ui = all(place.startswith("desk_breaks/ui/") for place in message.places)
            # The words the content model builds ("You need a wall.", "5 min") go with it.
            in_model = all(place.startswith(CONTENT_SOURCE) for place in message.places)
            message.area = "ui" if in_ui else "content" if in_model else "app"
    return sorted(
        merged.values(), key=lambda m: (AREAS.index(m.area), _file(m.places[0]), m.msgid, m.context)
    )


def _file(place: str) -> str:
    return place.rsplit(":", 1)[0]


def _entry(message: Message) -> polib.POEntry:
    entry = polib.POEntry(
        msgid=message.msgid,
        msgctxt=message.context or None,
        msgstr="",
        # Files without line numbers, so an edit elsewhere in a file leaves the catalogs alone.
        occurrences=[
            (place, "") for place in sorted({p.rsplit(":", 1)[0] for p in message.places})
        ],
    )
    if message.plural:
        entry.msgid_plural = message.plural
        entry.msgstr_plural = {0: "", 1: ""}
    if _FIELD.search(message.msgid) or "{" in message.plural:
        entry.flags.append("python-brace-format")
    return entry


def _header(po: polib.POFile, language: str | None) -> None:
    po.metadata = {
        "Project-Id-Version": "desk-breaks",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "MIME-Version": "1.0",
    }
    if language:
        po.metadata["Language"] = language
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"


def write_template(messages: list[Message]) -> str:
    """The .pot text for ``messages``."""
    pot = polib.POFile(wrapwidth=0)
    _header(pot, None)
    for message in messages:
        pot.append(_entry(message))
    return _normalise(str(pot))


def _normalise(text: str) -> str:
    return text.rstrip("\n") + "\n"


def po_path(language: str, area: str) -> Path:
    """Where one area of one language is kept."""
    return LOCALE / language / f"{area}.po"


def mo_path(language: str) -> Path:
    """Where a language's compiled catalog is kept."""
    return LOCALE / language / "LC_MESSAGES" / "desk-breaks.mo"


def _existing(language: str) -> dict[tuple[str, str], polib.POEntry]:
    known: dict[tuple[str, str], polib.POEntry] = {}
    for area in AREAS:
        path = po_path(language, area)
        if path.exists():
            for entry in polib.pofile(str(path), wrapwidth=0):
                if not entry.obsolete:
                    known[(entry.msgctxt or "", entry.msgid)] = entry
    return known


def updated_po(language: str, messages: list[Message]) -> dict[str, str]:
    """Each area's .po text for ``language``: every message, keeping what is translated."""
    known = _existing(language)
    texts: dict[str, str] = {}
    for area in AREAS:
        po = polib.POFile(wrapwidth=0)
        _header(po, language)
        for message in messages:
            if message.area != area:
                continue
            entry = _entry(message)
            old = known.get(message.key)
            if old is not None:
                entry.msgstr = old.msgstr
                if message.plural and old.msgstr_plural:
                    entry.msgstr_plural = dict(old.msgstr_plural)
                if old.tcomment:
                    entry.tcomment = old.tcomment
                if "fuzzy" in old.flags:
                    entry.flags.append("fuzzy")
            po.append(entry)
        texts[area] = _normalise(str(po))
    return texts


def compiled(language: str) -> bytes:
    """The .mo bytes of ``language``'s translated, non-fuzzy entries, in a stable order."""
    merged = polib.POFile()
    _header(merged, language)
    for area in AREAS:
        path = po_path(language, area)
        if not path.exists():
            continue
        for entry in polib.pofile(str(path), wrapwidth=0):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural:
                if all(entry.msgstr_plural.values()):
                    merged.append(entry)
            elif entry.msgstr:
                merged.append(entry)
    return bytes(merged.to_binary())


def problems(language: str, messages: list[Message]) -> Iterator[str]:
    """What is wrong with ``language``: untranslated, fuzzy, or fields that do not match."""
    known = _existing(language)
    for message in messages:
        entry = known.get(message.key)
        where = f"{language}: {message.places[0]}: {message.msgid!r}"
        if entry is None:
            yield f"{where} is not in the .po files (run extract)"
            continue
        if "fuzzy" in entry.flags:
            yield f"{where} is marked fuzzy"
        translations = list(entry.msgstr_plural.values()) if message.plural else [entry.msgstr]
        if not all(translations):
            yield f"{where} is not translated"
            continue
        wanted = set(_FIELD.findall(message.msgid)) | set(_FIELD.findall(message.plural))
        for text in translations:
            fields = set(_FIELD.findall(text))
            if fields - wanted or (not message.plural and wanted - fields):
                yield f"{where}: fields {sorted(fields)} differ from {sorted(wanted)}"


def _changes(messages: list[Message]) -> Iterable[tuple[Path, str | bytes]]:
    yield TEMPLATE, write_template(messages)
    for language in LANGUAGES:
        for area, text in updated_po(language, messages).items():
            yield po_path(language, area), text


def extract() -> int:
    """Write the template and bring every .po up to date with the source."""
    messages = collect()
    for path, text in _changes(messages):
        path.parent.mkdir(parents=True, exist_ok=True)
        assert isinstance(text, str)
        path.write_text(text, encoding="utf-8")
    print(f"{len(messages)} messages")
    return 0


def compile_all() -> int:
    """Compile every language."""
    for language in LANGUAGES:
        path = mo_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(compiled(language))
    return 0


def check() -> list[str]:
    """Everything stale or missing, as lines to show; empty when all is in step."""
    messages = collect()
    found: list[str] = []
    for path, text in _changes(messages):
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            found.append(f"{path.relative_to(ROOT)} is out of date: run packaging/i18n.py extract")
    for language in LANGUAGES:
        path = mo_path(language)
        if not path.exists() or path.read_bytes() != compiled(language):
            found.append(f"{path.relative_to(ROOT)} is out of date: run packaging/i18n.py compile")
        found.extend(problems(language, messages))
    return found


def stats() -> int:
    """Print how much of each language is translated."""
    messages = collect()
    for language in LANGUAGES:
        missing = sum(1 for line in problems(language, messages) if "not translated" in line)
        print(f"{language}: {len(messages) - missing}/{len(messages)} translated")
    return 0


def main(argv: list[str]) -> int:
    """Run one command."""
    if argv == ["extract"]:
        return extract()
    if argv == ["compile"]:
        return compile_all()
    if argv == ["stats"]:
        return stats()
    if argv == ["check"]:
        found = check()
        for line in found:
            print(line)
        return 1 if found else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""No user-visible string bypasses the translation mechanism (desk_breaks.core.i18n).

A static pass over the package: English text handed straight to a Qt text setter, a widget
or action constructor, a notification or a command-line reply fails here with its place.
Text must come from ``tr``/``trn`` (or a value marked with ``N_`` and translated on use).
The runtime half, every window shown in the pseudo-language with no unaccented word left,
is ``tests/ui/test_pseudo_locale.py``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "desk_breaks"

# Calls whose string arguments a person reads.
SINKS = frozenset(
    {
        # Qt setters and adders
        "setText",
        "setWindowTitle",
        "setToolTip",
        "setStatusTip",
        "setWhatsThis",
        "setPlaceholderText",
        "setAccessibleName",
        "setAccessibleDescription",
        "setTitle",
        "setLabelText",
        "setInformativeText",
        "setDetailedText",
        "setSpecialValueText",
        "setSuffix",
        "setPrefix",
        "setButtonText",
        "setTabText",
        "setHeaderLabels",
        "setHorizontalHeaderLabels",
        "addAction",
        "addMenu",
        "addTab",
        "insertTab",
        "addItem",
        "addRow",
        "addButton",
        "showMessage",
        "announce",
        # widgets and actions made with their text
        "QLabel",
        "QPushButton",
        "QCheckBox",
        "QRadioButton",
        "QGroupBox",
        "QAction",
        "QMenu",
        "QToolButton",
        "QCommandLinkButton",
        # notifications and replies
        "notify",
        "Reply",
        "Notice",
        # reasons that become notices: a person's own content or settings file
        "ContentError",
        "UnreadableFile",
        "HistoryError",
        "UnsafeFolder",
    }
)
# Text that is the same in every language.
ALLOWED = frozenset({"Desk Breaks"})
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_MARKUP = re.compile(r"<[^<>]*>|&[a-z]+;")


def _name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return ""


def _english(node: ast.expr) -> str | None:
    """The English words in a literal or f-string argument, if there are any."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(
            part.value
            for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )
    else:
        return None
    text = _MARKUP.sub("", text)  # tags and entities are no words: "<b></b><br>"
    if text.strip() in ALLOWED or not _LETTERS.search(text):
        return None
    return text


def bypasses(package: Path = PACKAGE) -> Iterator[str]:
    """Each place where English text goes to a person without the mechanism."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _name(node) not in SINKS:
                continue
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg != "objectName")]
            for argument in arguments:
                text = _english(argument)
                if text is not None:
                    where = path.relative_to(package.parent)
                    yield f"{where}:{node.lineno}: {_name(node)}({text[:50]!r})"


def test_no_string_in_the_windows_bypasses_the_translation() -> None:
    found = [place for place in bypasses() if place.startswith("desk_breaks/ui/")]
    assert found == [], f"{len(found)} strings bypass tr():\n" + "\n".join(found)


# Code, not prose: the same in every language.
PROSE_ALLOWED = frozenset({"pip install 'desk-breaks[sound]'"})
# Two words in a row, the second in lower case: "Skip this", "no audio" (not "Desk Breaks").
_PROSE = re.compile(r"\b[A-Za-z][a-z']+ [a-z'][a-z']+\b")
# Markup, style sheets, format strings and key names are code.
_CODE = re.compile(r"[{};=<>#]|%[sdr]")
# Calls whose string arguments are never shown: the mechanism itself, logging, Qt's names.
_NOT_SHOWN = frozenset(
    {
        "tr",
        "trn",
        "N_",
        "debug",
        "info",
        "warning",
        "error",
        "exception",
        "critical",
        "getLogger",
        "setObjectName",
        "setProperty",
        "property",
        "setStyleSheet",
    }
)


def prose_outside_tr(package: Path = PACKAGE / "ui") -> Iterator[str]:
    """Each string literal that reads like English prose and is not given to tr().

    Docstrings and bare strings, logging, object names, properties and style sheets are
    left out; what remains is text on its way to a person by a road the sinks above miss
    (a helper's argument, a constant, a returned sentence).
    """
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {
            id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or not isinstance(node.value, str):
                continue
            parent = parents.get(id(node))
            if isinstance(parent, ast.Expr):
                continue
            while isinstance(parent, ast.JoinedStr | ast.FormattedValue):
                parent = parents.get(id(parent))
            if isinstance(parent, ast.Call) and _name(parent) in _NOT_SHOWN:
                continue
            text = node.value
            if text in PROSE_ALLOWED or _CODE.search(text) or not _PROSE.search(text):
                continue
            yield f"{path.relative_to(package.parent.parent)}:{node.lineno}: {text[:60]!r}"


def test_no_english_prose_in_the_windows_outside_tr() -> None:
    found = list(prose_outside_tr())
    assert found == [], f"{len(found)} sentences bypass tr():\n" + "\n".join(found)


def test_the_prose_check_finds_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "window.py").write_text(
        '"""A docstring is not shown."""\n'
        'WORDS = {"a": "Skip this session"}\n'
        'OK = tr("Skip this session")\n'
        'log.info("sound cues are off: %s", why)\n'
        'label.setStyleSheet("QLabel { color: red; }")\n'
        'NAME = "Desk Breaks"\n'
    )
    found = list(prose_outside_tr(tmp_path))
    assert len(found) == 1 and "Skip this session" in found[0]


def test_no_string_bypasses_the_translation() -> None:
    found = list(bypasses())
    assert found == [], f"{len(found)} strings bypass tr():\n" + "\n".join(found)


def test_the_check_finds_a_bypass(tmp_path: Path) -> None:
    (tmp_path / "window.py").write_text(
        "label.setText('Next break')\n"
        "label.setText(tr('Next break'))\n"
        "button = QPushButton(f'Snooze {minutes} min')\n"
        "title.setWindowTitle('Desk Breaks')\n"
    )
    found = list(bypasses(tmp_path))
    assert len(found) == 2
    assert "Next break" in found[0] and "Snooze" in found[1]

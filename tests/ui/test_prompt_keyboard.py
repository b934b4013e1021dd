"""The prompt for keyboard and screen-reader users (issue 15): a way in, keys, an alert.

Keys are sent to the window (``qtbot.keyClick(prompt.windowHandle(), ...)``), the way the
keyboard sends them, so they reach whichever button has focus.

The prompt appears refusing focus and accepts it a moment later. Qt's offscreen platform
then activates it anyway when it is shown (it ignores ``WA_ShowWithoutActivating``): the
situation of a window manager that gives it focus, which the key guard covers. That it
keeps the typing where it is on a real desktop is checked under Xvfb with a window
manager (``tests/e2e/test_prompt_keyboard.py``).

Accessibility events: PySide6 has no binding for ``QAccessible::installUpdateHandler``,
but ``QAccessible.isActive`` and ``QAccessible.updateAccessibility`` are static methods of a
Python-visible type, so a test can replace them (``monkeypatch``) and record each event the
prompt sends, with its type, object and text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAccessibleEvent,
    QColor,
    QIcon,
    QImage,
    QPalette,
)
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desk_breaks.core.engine import Offer
from desk_breaks.ui.prompt import FOCUSABLE_AFTER_S, KEY_GUARD_S, PromptWindow, focus_colour
from desk_breaks.ui.theme import make_palette
from tests.helpers.content import breath_exercise, hold_exercise, routine
from tests.ui.test_prompt import LUNCH, FakeMonotonic

ROUTINE = routine(hold_exercise(), breath_exercise())
SHOTS = Path("/tmp/shots")


def shown(qtbot: QtBot, *, can_snooze: bool = True) -> tuple[PromptWindow, FakeMonotonic]:
    """A prompt on screen with its key guard over (as if it appeared a while ago)."""
    mono = FakeMonotonic()
    prompt = PromptWindow((5, 10, 15), QIcon(), monotonic=mono)
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=can_snooze)
    mono.now += KEY_GUARD_S + 0.1
    return prompt, mono


def press(qtbot: QtBot, prompt: PromptWindow, key: Qt.Key) -> None:
    qtbot.keyClick(prompt.windowHandle(), key)


def focus(qtbot: QtBot, prompt: PromptWindow) -> None:
    """Ask for the prompt (a second ``desk-breaks``) and wait for the window system's answer."""
    prompt.focus_on_purpose()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is prompt.start_button)


def test_it_is_an_ordinary_titled_window_shown_without_taking_focus(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    flags = prompt.windowFlags()
    # An ordinary window: a tool window is left out of Alt+Tab and the taskbar.
    assert prompt.windowType() == Qt.WindowType.Window
    assert flags & Qt.WindowType.WindowStaysOnTopHint
    # It appears refusing focus (no window manager can give it the keyboard on map) ...
    assert not prompt.accepts_focus()
    # ... and accepts it once on screen, for the switcher and a second `desk-breaks`.
    qtbot.waitUntil(prompt.accepts_focus, timeout=round(FOCUSABLE_AFTER_S * 1000) + 2000)
    assert prompt.isVisible()
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert prompt.windowTitle() == "Time for a break — Desk Breaks"
    # Reached with Tab, never by a click (a click does not move the keyboard).
    assert all(b.focusPolicy() == Qt.FocusPolicy.TabFocus for b in prompt.buttons())
    # Enter presses the focused button only: no other one is the default.
    assert not any(b.isDefault() for b in prompt.buttons() if not b.hasFocus())


def test_activating_it_puts_the_keyboard_on_start(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    qtbot.waitUntil(prompt.accepts_focus)
    prompt.clearFocus()
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    prompt.activateWindow()  # what Alt+Tab or a click asks for
    qtbot.waitUntil(lambda: QApplication.activeWindow() is prompt)
    assert prompt.start_button.hasFocus()


def test_tab_walks_start_snooze_skip_and_back(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    focus(qtbot, prompt)
    seen = []
    for _ in range(len(prompt.buttons())):
        seen.append(QApplication.focusWidget())
        press(qtbot, prompt, Qt.Key.Key_Tab)
    assert seen == prompt.buttons()  # Start, 5, 10, 15 min, Skip
    assert prompt.start_button.hasFocus()  # round again
    press(qtbot, prompt, Qt.Key.Key_Backtab)
    assert prompt.skip_button.hasFocus()


def test_after_the_snooze_cap_tab_goes_start_skip(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot, can_snooze=False)
    focus(qtbot, prompt)
    press(qtbot, prompt, Qt.Key.Key_Tab)
    assert prompt.skip_button.hasFocus()


def test_enter_on_start_starts(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    focus(qtbot, prompt)
    with qtbot.waitSignal(prompt.start_requested):
        press(qtbot, prompt, Qt.Key.Key_Return)


def test_space_or_enter_press_the_focused_snooze_or_skip(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    focus(qtbot, prompt)
    press(qtbot, prompt, Qt.Key.Key_Tab)
    press(qtbot, prompt, Qt.Key.Key_Tab)
    assert prompt.snooze_buttons[1].hasFocus()
    with (
        qtbot.waitSignal(prompt.snooze_requested) as snoozed,
        qtbot.assertNotEmitted(prompt.start_requested),
    ):
        press(qtbot, prompt, Qt.Key.Key_Space)
    assert snoozed.args == [10]
    press(qtbot, prompt, Qt.Key.Key_Backtab)
    press(qtbot, prompt, Qt.Key.Key_Backtab)
    press(qtbot, prompt, Qt.Key.Key_Backtab)
    assert prompt.skip_button.hasFocus()
    with qtbot.waitSignal(prompt.skip_requested):
        press(qtbot, prompt, Qt.Key.Key_Enter)


def test_escape_puts_it_away_without_answering(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    focus(qtbot, prompt)
    with (
        qtbot.waitSignal(prompt.dismissed),
        qtbot.assertNotEmitted(prompt.start_requested),
        qtbot.assertNotEmitted(prompt.snooze_requested),
        qtbot.assertNotEmitted(prompt.skip_requested),
    ):
        press(qtbot, prompt, Qt.Key.Key_Escape)
    assert not prompt.isVisible()


def test_keys_are_ignored_for_two_seconds_even_when_a_wm_gave_it_focus(qtbot: QtBot) -> None:
    mono = FakeMonotonic()
    prompt = PromptWindow((5, 10, 15), QIcon(), monotonic=mono)
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    qtbot.waitUntil(prompt.accepts_focus)  # a second later: the pointer wanders onto it
    prompt.activateWindow()
    qtbot.waitUntil(lambda: prompt.start_button.hasFocus())
    with (
        qtbot.assertNotEmitted(prompt.start_requested),
        qtbot.assertNotEmitted(prompt.skip_requested),
        qtbot.assertNotEmitted(prompt.dismissed),
    ):
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Space, Qt.Key.Key_Escape, Qt.Key.Key_Tab):
            press(qtbot, prompt, key)
    assert prompt.isVisible() and prompt.start_button.hasFocus()


def test_someone_still_typing_into_it_never_presses_a_button(qtbot: QtBot) -> None:
    prompt, mono = shown(qtbot)
    qtbot.waitUntil(prompt.accepts_focus)
    prompt.activateWindow()
    qtbot.waitUntil(lambda: prompt.start_button.hasFocus())
    with qtbot.assertNotEmitted(prompt.start_requested):
        for char in "see you at ten\n":  # each typed letter keeps the guard up
            mono.now += 0.3
            key = {" ": Qt.Key.Key_Space, "\n": Qt.Key.Key_Return}.get(char)
            press(qtbot, prompt, key or Qt.Key(ord(char.upper())))
    mono.now += KEY_GUARD_S + 0.1  # two quiet seconds: now a key is meant for the prompt
    with qtbot.waitSignal(prompt.start_requested):
        press(qtbot, prompt, Qt.Key.Key_Return)


def test_focus_on_purpose_works_at_once(qtbot: QtBot) -> None:
    """a second ``desk-breaks`` is asked for: no waiting out the guard."""
    mono = FakeMonotonic()
    prompt = PromptWindow((5, 10, 15), QIcon(), monotonic=mono)
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert prompt.key_guard_active()
    focus(qtbot, prompt)
    assert not prompt.key_guard_active()
    with qtbot.waitSignal(prompt.start_requested):
        press(qtbot, prompt, Qt.Key.Key_Return)


def test_focus_on_purpose_does_nothing_without_a_prompt_on_screen(qtbot: QtBot) -> None:
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    prompt.focus_on_purpose()
    assert not prompt.isVisible()


# -- what a screen reader gets -----------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[QAccessible.Event, QObject, str, object]] = []

    def __call__(self, event: QAccessibleEvent) -> None:
        text = event.message() if isinstance(event, QAccessibleAnnouncementEvent) else ""
        polite = event.politeness() if isinstance(event, QAccessibleAnnouncementEvent) else None
        self.events.append((event.type(), event.object(), text, polite))


@pytest.fixture
def accessibility(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    """A screen reader is listening; every accessibility event sent is recorded."""
    recorder = Recorder()
    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(recorder))
    return recorder


def test_appearing_sends_an_alert_and_says_what_is_due_and_the_choices(
    qtbot: QtBot, accessibility: Recorder
) -> None:
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    kinds = [(kind, obj) for kind, obj, _, _ in accessibility.events]
    assert (QAccessible.Event.Alert, prompt) in kinds
    said = [
        (text, polite)
        for kind, obj, text, polite in accessibility.events
        if kind == QAccessible.Event.Announcement and obj is prompt
    ]
    expected = (
        "Desk Breaks. Time for a break: Test routine, 42 s, chin tucks, breathing. "
        "Choices: Start, Snooze 5, 10 or 15 minutes, or Skip."
    )
    assert said == [(expected, QAccessible.AnnouncementPoliteness.Polite)]
    assert prompt.spoken == expected


def test_after_the_snooze_cap_the_alert_offers_start_or_skip(
    qtbot: QtBot, accessibility: Recorder
) -> None:
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH, snoozes=3), ROUTINE, can_snooze=False)
    assert prompt.spoken.endswith("Choices: Start or Skip.")


def test_no_event_is_built_when_no_screen_reader_listens(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(recorder))
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert recorder.events == []


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader reads (through Qt's accessibility interface)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    assert iface is not None
    return iface.text(QAccessible.Text.Name)


def test_the_window_its_buttons_and_its_text_have_accessible_names(qtbot: QtBot) -> None:
    prompt, _ = shown(qtbot)
    assert accessible_name(prompt) == "Time for a break: Desk Breaks"
    description = QAccessible.queryAccessibleInterface(prompt).text(QAccessible.Text.Description)
    assert description == (
        "Test routine, 42 s, chin tucks, breathing. "
        "Choices: Start, Snooze 5, 10 or 15 minutes, or Skip."
    )
    assert [accessible_name(b) for b in prompt.buttons()] == [
        "Start the session",
        "Snooze 5 minutes",
        "Snooze 10 minutes",
        "Snooze 15 minutes",
        "Skip this session",
    ]
    assert accessible_name(prompt._title) == "Time for a break"
    assert accessible_name(prompt._detail) == "Test routine · 42 s · chin tucks, breathing"
    assert accessible_name(prompt._note) == "For tests."


# -- the focus ring ----------------------------------------------------------------------------


def contrast(a: QColor, b: QColor) -> float:
    def lum(c: QColor) -> float:
        def ch(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF())

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ring_pixel(image: QImage, prompt: PromptWindow, button: QWidget) -> QColor:
    """The pixel in the middle of the button's left edge, where the ring is drawn."""
    ratio = image.devicePixelRatio()
    at = button.mapTo(prompt, button.rect().topLeft())
    x = round((at.x() + 1) * ratio)
    y = round((at.y() + button.height() / 2) * ratio)
    return image.pixelColor(x, y)


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[QPalette]:
    """The app's light or dark palette, set as the app sets it (restored afterwards)."""
    was = qapp.palette()
    qapp.setPalette(make_palette(request.param))
    yield qapp.palette()
    qapp.setPalette(was)


def test_the_focus_ring_is_clearly_visible_in_light_and_dark(qtbot: QtBot, theme: QPalette) -> None:
    palette = theme
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    prompt = PromptWindow((5, 10, 15), QIcon())
    qtbot.addWidget(prompt)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    focus(qtbot, prompt)
    press(qtbot, prompt, Qt.Key.Key_Tab)  # the ring moves to "5 min"
    focused, unfocused = prompt.snooze_buttons[0], prompt.start_button
    assert focused.hasFocus()
    image = prompt.grab().toImage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(SHOTS / f"prompt-focus-{'dark' if dark else 'light'}.png"))
    ring = focus_colour(palette)
    window = palette.color(QPalette.ColorRole.Window)
    assert contrast(ring, window) >= 3.0  # WCAG 1.4.11, non-text contrast
    drawn = ring_pixel(image, prompt, focused)
    assert contrast(drawn, ring) < 1.2, drawn.name()  # the ring is there, in its colour
    assert contrast(drawn, window) >= 3.0
    assert contrast(ring_pixel(image, prompt, unfocused), ring) > 1.5  # and only there

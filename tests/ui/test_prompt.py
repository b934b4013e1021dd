"""The prompt window: buttons, snooze choices, the two-second key guard, no focus stealing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from desk_breaks.core.content import Need, Position
from desk_breaks.core.engine import Offer
from desk_breaks.core.schedule import Occurrence, SessionKind
from desk_breaks.ui.prompt import KEY_GUARD_S, PromptWindow
from tests.helpers.content import breath_exercise, hold_exercise, routine

DUE = datetime(2026, 3, 23, 12, 30, tzinfo=ZoneInfo("Europe/Berlin"))
LUNCH = Occurrence("lunch", SessionKind.FULL, "lunch-reset", DUE)
ROUTINE = routine(hold_exercise(), breath_exercise())


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def make_prompt(qtbot: QtBot) -> tuple[PromptWindow, FakeMonotonic]:
    mono = FakeMonotonic()
    prompt = PromptWindow((5, 10, 15), QIcon(), monotonic=mono)
    qtbot.addWidget(prompt)
    return prompt, mono


def test_prompt_says_what_is_coming_and_offers_three_choices(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert prompt.isVisible()
    texts = [b.text() for b in prompt.buttons()]
    assert texts == ["Start", "5 min", "10 min", "15 min", "Skip"]
    assert prompt._detail.text() == "Test routine · 42 s · chin tucks, breathing"
    assert all(b.accessibleName() for b in prompt.buttons())


def test_buttons_emit_their_signals(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    with qtbot.waitSignal(prompt.snooze_requested) as blocker:
        qtbot.mouseClick(prompt.snooze_buttons[1], Qt.MouseButton.LeftButton)
    assert blocker.args == [10]
    with qtbot.waitSignal(prompt.start_requested):
        qtbot.mouseClick(prompt.start_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(prompt.skip_requested):
        qtbot.mouseClick(prompt.skip_button, Qt.MouseButton.LeftButton)


def test_keys_are_ignored_for_the_first_two_seconds(qtbot: QtBot) -> None:
    prompt, mono = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert prompt.key_guard_active()
    with qtbot.assertNotEmitted(prompt.start_requested):
        qtbot.keyClick(prompt.start_button, Qt.Key.Key_Space)
    mono.now += KEY_GUARD_S - 0.1
    with qtbot.assertNotEmitted(prompt.skip_requested):
        qtbot.keyClick(prompt.skip_button, Qt.Key.Key_Space)
    mono.now += 0.2
    assert not prompt.key_guard_active()
    with qtbot.waitSignal(prompt.start_requested):
        qtbot.keyClick(prompt.start_button, Qt.Key.Key_Space)


def test_a_new_offer_rearms_the_guard_and_reuses_the_one_window(qtbot: QtBot) -> None:
    prompt, mono = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    mono.now += 5
    assert not prompt.key_guard_active()
    prompt.present(Offer(LUNCH, snoozes=1), ROUTINE, can_snooze=True)
    assert prompt.key_guard_active()
    assert prompt.isVisible()


def test_after_the_snooze_cap_only_start_and_skip_remain(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH, snoozes=3), ROUTINE, can_snooze=False)
    visible = [b.text() for b in prompt.buttons() if b.isVisible()]
    assert visible == ["Start", "Skip"]
    assert "start it now, or skip it" in prompt._note.text()


def test_the_prompt_is_shown_without_taking_focus(qtbot: QtBot) -> None:
    """Shown refusing focus; its buttons take the keyboard only by Tab, never a click.

    A way in on purpose, and what happens when a window manager focuses it anyway, are in
    ``test_prompt_keyboard.py``; that it keeps the typing elsewhere on a real desktop, in
    ``tests/e2e/test_prompt_keyboard.py``.
    """
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert prompt.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert not prompt.accepts_focus()  # on the native window too, while it appears
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert all(b.focusPolicy() == Qt.FocusPolicy.TabFocus for b in prompt.buttons())


def test_the_prompt_sits_in_the_corner_of_the_screen(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    area = prompt.screen().availableGeometry()
    frame = prompt.frameGeometry()
    assert area.right() - frame.right() < 40
    assert area.bottom() - frame.bottom() < 40


def test_the_prompt_has_a_fixed_size_that_follows_its_content(qtbot: QtBot) -> None:
    # min = max is what makes sway (and other tiling compositors) float it at its own size.
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    first = prompt.size()
    assert prompt.minimumSize() == prompt.maximumSize() == first
    assert first.width() < 700 and first.height() < 400  # a prompt, not a pane
    # A longer note the next time: the size follows, still fixed.
    prompt.present(Offer(LUNCH, snoozes=3), FLOOR_ROUTINE, can_snooze=False)
    assert prompt.minimumSize() == prompt.maximumSize() == prompt.size()
    assert prompt.size() != first


ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLOOR_ROUTINE = routine(
    replace(hold_exercise("cat", position=Position.FLOOR), needs=(Need.FLOOR,)),
    replace(hold_exercise("wall", position=Position.STANDING), needs=(Need.WALL,)),
    breath_exercise(),
)


def test_the_prompt_says_what_the_session_needs_even_after_a_snooze(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), FLOOR_ROUTINE, can_snooze=True)
    needs = "You need space on the floor and a wall."
    assert prompt._needs.isVisible() and prompt._needs.text() == needs
    assert prompt._needs.accessibleName() == needs
    assert prompt._note.text() == "For tests."
    prompt.present(Offer(LUNCH, snoozes=1), FLOOR_ROUTINE, can_snooze=True, snooze_cap=3)
    assert prompt._note.text() == "Snoozed once. You can snooze it twice more."
    assert prompt._needs.isVisible() and prompt._needs.text() == needs
    ARTIFACTS.mkdir(exist_ok=True)
    image = prompt.grab().toImage()
    assert not image.isNull()
    image.save(str(ARTIFACTS / "prompt-needs-snoozed.png"))


def test_a_session_that_needs_only_a_chair_has_no_needs_line(qtbot: QtBot) -> None:
    prompt, _ = make_prompt(qtbot)
    prompt.present(Offer(LUNCH), FLOOR_ROUTINE, can_snooze=True)
    prompt.present(Offer(LUNCH), ROUTINE, can_snooze=True)
    assert not prompt._needs.isVisible() and prompt._needs.text() == ""

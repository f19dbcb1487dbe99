"""The trainee's on-screen interface: subtitles, choices, countdown and panels (render).

Everything is drawn under ``aspect2d`` with DirectGUI, sized to stay readable
on a projector at 1920x1080. The HUD only shows things and reports clicks
through the callbacks it is given; the app decides what happens.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import panda3d.core as p3d
from direct.gui.DirectGui import DGG, DirectButton, DirectEntry, DirectFrame, DirectLabel

from simulator.i18n import ui
from simulator.render.people import ModelLoader
from simulator.render.style import (
    ACCENT,
    BUTTON,
    BUTTON_HOVER,
    MUTED,
    OUTCOME_COLORS,
    PANEL,
    TEXT,
    load_font,
)
from simulator.session.flow import SessionFlow

__all__ = ["Hud", "StartChoices", "TrainerStatus"]

_LINE = 1.22
"""Line height in units of the text scale (DejaVu Sans)."""


class StartChoices:
    """What the start screen collects: language, intensity and the pseudonymous trainee code."""

    def __init__(self, language: str, intensity: int, trainee: str) -> None:
        self.language = language
        self.intensity = intensity
        self.trainee = trainee


class Hud:
    """Screen overlays for one session. ``aspect2d`` is the window's 2D layer."""

    def __init__(
        self,
        aspect2d: p3d.NodePath,
        loader: ModelLoader,
        aspect_ratio: float,
        *,
        text_scale: float = 1.0,
    ) -> None:
        self.root = aspect2d.attach_new_node("hud")
        self.aspect_ratio = aspect_ratio
        self.text_scale = text_scale
        """1 for a monitor; larger for a projector seen from the back of a room."""
        self.font = load_font(loader, "DejaVuSans.ttf")
        self.bold = load_font(loader, "DejaVuSans-Bold.ttf")
        self._fade = DirectFrame(
            parent=self.root,
            frameColor=(0, 0, 0, 0),
            frameSize=(-4, 4, -1.2, 1.2),
            state=DGG.NORMAL,
            sortOrder=50,
        )
        self._fade.hide()
        self._fade_opacity = 0.0
        self._subtitle_scale = 0.056 * text_scale
        self._subtitle_width = min(2 * aspect_ratio - 0.3, 2.3)
        self._subtitle_box = DirectFrame(parent=self.root, frameColor=PANEL, sortOrder=10)
        self._speaker = DirectLabel(
            parent=self._subtitle_box,
            text="",
            text_font=self.bold,
            text_fg=ACCENT,
            text_scale=self._subtitle_scale * 0.85,
            text_align=p3d.TextNode.A_center,
            frameColor=(0, 0, 0, 0),
        )
        self._words = DirectLabel(
            parent=self._subtitle_box,
            text="",
            text_font=self.font,
            text_fg=TEXT,
            text_scale=self._subtitle_scale,
            text_align=p3d.TextNode.A_center,
            text_wordwrap=(self._subtitle_width - 0.16) / self._subtitle_scale,
            frameColor=(0, 0, 0, 0),
        )
        self._subtitle_text = ""
        self._subtitle_box.hide()
        self._hint = self._label("", pos=(0, -0.965), scale=0.034, fg=MUTED)
        self._countdown = self._label("", pos=(0, 0.86), scale=0.07, fg=ACCENT, font=self.bold)
        self._countdown_bar = DirectFrame(
            parent=self.root,
            frameColor=ACCENT,
            frameSize=(-0.5, 0.5, -0.008, 0.008),
            pos=(0, 0, 0.82),
        )
        self.set_countdown(None)
        self._choices: list[DirectButton] = []
        self._panel: DirectFrame | None = None
        self._panel_texts: list[str] = []
        self._banner: DirectFrame | None = None
        self._banner_text = ""

    # -- in play -------------------------------------------------------------------------

    def show_line(self, speaker: str | None, text: str, hint: str = "") -> None:
        """Show a subtitle: the speaker's name above their words (narration without a name).

        The box grows upward from the bottom edge to fit the wrapped text.
        """
        scale, width = self._subtitle_scale, self._subtitle_width
        rows = self._rows(text, (width - 0.16) / scale)
        words_height = rows * scale * _LINE
        name_height = scale * 0.85 * _LINE if speaker else 0.0
        bottom, pad = -0.93, 0.035
        top = bottom + words_height + name_height + 2 * pad
        self._subtitle_box["frameSize"] = (-width / 2, width / 2, bottom, top)
        self._speaker["text"] = speaker or ""
        self._speaker.set_pos(0, 0, top - pad - scale * 0.8)
        self._words["text"] = text
        self._words.set_pos(0, 0, top - pad - name_height - scale * 0.9)
        self._subtitle_text = f"{speaker}:  {text}" if speaker else text
        self._subtitle_box.show()
        self._hint["text"] = hint

    def clear_line(self) -> None:
        self._subtitle_box.hide()
        self._hint["text"] = ""

    def show_choices(
        self,
        prompt: str,
        texts: Sequence[str],
        on_pick: Callable[[int], None],
        labels: Sequence[str] | None = None,
    ) -> None:
        """Numbered choices stacked up from the bottom edge, clear of the people in the middle.

        ``on_pick`` gets the 0-based index clicked. Each button is as tall as its
        wrapped text, so long answers never spill out of their box.
        """
        self.hide_choices()
        scale = 0.046 * self.text_scale
        width = min(1.7, 2 * self.aspect_ratio - 0.2)
        wordwrap = (width - 0.12) / scale
        labels = labels or [str(number) for number in range(1, len(texts) + 1)]
        bottom = -0.97
        gap = 0.018
        heights = [
            self._rows(f"{label}   {text}", wordwrap) * scale * _LINE + 0.05
            for label, text in zip(labels, texts, strict=True)
        ]
        top = bottom + sum(heights) + gap * (len(texts) - 1)
        header = self._label(
            prompt,
            pos=(-width / 2 + 0.02, top + 0.035),
            scale=scale * 1.05,
            fg=ACCENT,
            font=self.bold,
            align=p3d.TextNode.A_left,
        )
        self._choices.append(header)
        y = top
        for index, (text, height) in enumerate(zip(texts, heights, strict=True)):
            button = DirectButton(
                parent=self.root,
                text=f"{labels[index]}   {text}",
                text_font=self.font,
                text_fg=TEXT,
                text_scale=scale,
                text_align=p3d.TextNode.A_left,
                text_wordwrap=wordwrap,
                text_pos=(-width / 2 + 0.05, -0.025 - scale * 0.8),
                frameColor=(BUTTON, BUTTON_HOVER, BUTTON_HOVER, BUTTON),
                frameSize=(-width / 2, width / 2, -height, 0),
                relief=DGG.FLAT,
                pos=(0, 0, y),
                command=on_pick,
                extraArgs=[index],
                sortOrder=20,
            )
            self._choices.append(button)
            y -= height + gap

    def hide_choices(self) -> None:
        for widget in self._choices:
            widget.destroy()
        self._choices.clear()

    @property
    def choices_shown(self) -> int:
        """How many choice buttons are on screen."""
        return max(0, len(self._choices) - 1)

    def set_countdown(self, seconds_left: float | None, total: float | None = None) -> None:
        """Show the time left for a timed choice (a number and a shrinking bar), or hide it."""
        if seconds_left is None or not total:
            self._countdown.hide()
            self._countdown_bar.hide()
            return
        self._countdown["text"] = f"{seconds_left:.0f} s"
        self._countdown.show()
        self._countdown_bar.show()
        self._countdown_bar.set_sx(max(0.001, seconds_left / total) * 1.4)

    def set_fade(self, opacity: float) -> None:
        """Cover the view with black at ``opacity`` (0 clear, 1 black)."""
        if opacity == self._fade_opacity:
            return  # called every frame: rebuilding the frame's geometry each time costs
        self._fade_opacity = opacity
        self._fade["frameColor"] = (0, 0, 0, opacity)
        if opacity > 0.001:
            self._fade.show()
        else:
            self._fade.hide()

    # -- panels --------------------------------------------------------------------------

    def show_start(
        self,
        texts: Callable[[str], dict[str, str]],
        choices: StartChoices,
        on_start: Callable[[], None],
        *,
        code_refused: bool = False,
    ) -> None:
        """The start screen: title, description, content warning, audience, then the settings.

        ``texts(language)`` gives the scenario's title, description, warning and audience;
        ``code_refused`` shows that the trainee code typed is not a valid code.
        """
        self._open_panel(height=1.72)
        assert self._panel is not None
        language = choices.language
        text = texts(language)
        self._flow(
            [
                (text["title"], 0.08, TEXT, self.bold),
                (text["description"], 0.04, MUTED, self.font),
                (
                    f"{ui('content_warning', language)}:  {text['warning']}",
                    0.04,
                    ACCENT,
                    self.font,
                ),
                (f"{ui('audience', language)}:  {text['audience']}", 0.036, MUTED, self.font),
            ],
            top=0.84,
            bottom=0.0,
        )

        def restart() -> None:
            self.show_start(texts, choices, on_start)

        def set_language(value: str) -> None:
            choices.language = value
            restart()

        def set_intensity(value: int) -> None:
            choices.intensity = value
            restart()

        self._text(ui("language", language), (-0.62, -0.08), 0.042, MUTED)
        for index, value in enumerate(("nl", "en")):
            self._button(
                value.upper(),
                (-0.15 + 0.3 * index, -0.08),
                set_language,
                value,
                selected=value == language,
                width=0.26,
            )
        self._text(ui("intensity", language), (-0.62, -0.24), 0.042, MUTED)
        for level in (1, 2, 3):
            self._button(
                ui(f"intensity_{level}", language),
                (-0.22 + 0.42 * (level - 1), -0.24),
                set_intensity,
                level,
                selected=level == choices.intensity,
                width=0.4,
            )
        self._text(ui("trainee_code", language), (-0.38, -0.40), 0.042, MUTED)

        def set_code(value: str) -> None:
            choices.trainee = value.strip().upper()

        entry: DirectEntry = DirectEntry(
            parent=self._panel,
            initialText=choices.trainee,
            scale=0.05,
            width=8,
            pos=(0.22, 0, -0.41),
            text_font=self.font,
            frameColor=(0.9, 0.9, 0.9, 1),
            command=set_code,
            focusOutCommand=lambda: set_code(entry.get()),
        )

        def start() -> None:
            set_code(entry.get())
            on_start()

        if code_refused:
            self._text(ui("trainee_code_invalid", language), (0, -0.50), 0.036, ACCENT)
        self._text(ui("safety_note", language), (0, -0.58), 0.04, TEXT)
        self._button(
            ui("start", language),
            (0, -0.72),
            lambda _: start(),
            None,
            width=0.6,
            selected=True,
        )

    def show_pause(self, language: str, actions: Sequence[tuple[str, Callable[[], None]]]) -> None:
        """The pause panel over a dimmed world; ``actions`` are (ui key, callback) pairs."""
        self._open_panel(height=0.9)
        self._text(ui("paused_title", language), (0, 0.3), 0.08, TEXT, self.bold)
        for index, (key, action) in enumerate(actions):
            self._button(
                ui(key, language),
                (0, 0.12 - 0.14 * index),
                lambda _, a=action: a(),
                None,
                width=0.9,
            )
        self._text(ui("stopping_is_fine", language), (0, -0.36), 0.038, MUTED, wordwrap=34)

    def show_ending(
        self,
        language: str,
        outcome: str,
        outcome_label: str,
        summary: str,
        feedback: str,
        cool_down: str,
        on_close: Callable[[], None],
    ) -> None:
        """The ending: its outcome, what happened, what to take away and, last, the scenario's
        cool-down text (none when "")."""
        self._open_panel(height=1.9)
        color = OUTCOME_COLORS.get(outcome, TEXT)
        self._flow(
            [
                (f"{ui('ending', language)}: {outcome_label}", 0.075, color, self.bold),
                (summary, 0.046, TEXT, self.font),
                (ui("feedback", language), 0.05, ACCENT, self.bold),
                (feedback, 0.042, MUTED, self.font),
                *self._cool_down_parts(language, cool_down),
            ],
            top=0.86,
            bottom=-0.72,
        )
        self._button(
            ui("close", language), (0, -0.84), lambda _: on_close(), None, width=0.6, selected=True
        )

    def show_notice(
        self, language: str, text: str, on_close: Callable[[], None], *, cool_down: str = ""
    ) -> None:
        """A short message on a panel with a close button (e.g. after stopping), and the
        scenario's cool-down text under it when there is one."""
        if not cool_down:
            self._open_panel(height=0.8)
            self._text(text, (0, 0.16), 0.05, TEXT, wordwrap=32)
            self._button(
                ui("close", language),
                (0, -0.22),
                lambda _: on_close(),
                None,
                width=0.6,
                selected=True,
            )
            return
        self._open_panel(height=1.4)
        self._flow(
            [(text, 0.05, TEXT, self.font), *self._cool_down_parts(language, cool_down)],
            top=0.6,
            bottom=-0.46,
        )
        self._button(
            ui("close", language), (0, -0.58), lambda _: on_close(), None, width=0.6, selected=True
        )

    def _cool_down_parts(
        self, language: str, cool_down: str
    ) -> list[tuple[str, float, tuple, p3d.TextFont]]:
        if not cool_down:
            return []
        return [
            (ui("after_the_scenario", language), 0.05, ACCENT, self.bold),
            (cool_down, 0.042, TEXT, self.font),
        ]

    def show_banner(self, title: str, lines: Sequence[str], *, warning: bool = False) -> None:
        """A box across the top of the screen, over everything, until ``clear_banner``: an
        author's notice (the scenario reloaded, or the problems of a save). At most eight
        lines are shown; a note says how many more there are."""
        self.clear_banner()
        shown = list(lines[:8])
        if len(lines) > len(shown):
            shown.append(f"(+{len(lines) - len(shown)})")
        scale, width = 0.034, min(2 * self.aspect_ratio - 0.1, 2.6)
        text = "\n".join(shown)
        rows = sum(self._rows(line, (width - 0.1) / scale) for line in shown) if shown else 0
        height = (rows + 1) * scale * _LINE + 0.06
        top = 0.98
        self._banner = DirectFrame(
            parent=self.root,
            frameColor=(0.35, 0.08, 0.06, 0.92) if warning else PANEL,
            frameSize=(-width / 2, width / 2, top - height, top),
            sortOrder=70,
        )
        left = -width / 2 + 0.05
        for content, y, font, color in (
            (title, top - 0.03 - scale, self.bold, ACCENT),
            (text, top - 0.03 - scale * (1 + _LINE), self.font, TEXT),
        ):
            DirectLabel(
                parent=self._banner,
                text=content,
                text_font=font,
                text_fg=color,
                text_scale=scale,
                text_align=p3d.TextNode.A_left,
                text_wordwrap=(width - 0.1) / scale,
                frameColor=(0, 0, 0, 0),
                pos=(left, 0, y),
            )
        self._banner_text = "\n".join([title, *shown])

    def clear_banner(self) -> None:
        if self._banner is not None:
            self._banner.destroy()
            self._banner = None
        self._banner_text = ""

    @property
    def banner_text(self) -> str:
        """The banner's title and lines ("" when none is shown), for tests."""
        return self._banner_text

    def close_panel(self) -> None:
        if self._panel is not None:
            self._panel.destroy()
            self._panel = None
        self.set_fade(0.0)

    @property
    def panel_open(self) -> bool:
        return self._panel is not None

    def panel_texts(self) -> list[str]:
        """The texts on the open panel (labels and buttons), for tests and screen readers."""
        return list(self._panel_texts) if self._panel is not None else []

    def subtitle_text(self) -> str:
        return "" if self._subtitle_box.is_hidden() else self._subtitle_text

    def destroy(self) -> None:
        self.hide_choices()
        self.close_panel()
        self.clear_banner()
        self.root.remove_node()

    # -- building blocks -----------------------------------------------------------------

    def _open_panel(self, height: float) -> None:
        self.close_panel()
        self._panel_texts = []
        self.set_fade(0.55)
        width = min(1.9, 2 * self.aspect_ratio - 0.1)
        self._panel = DirectFrame(
            parent=self.root,
            frameColor=PANEL,
            frameSize=(-width / 2, width / 2, -height / 2, height / 2),
            sortOrder=60,
        )

    def _label(
        self,
        text: str,
        pos: tuple[float, float],
        scale: float,
        fg,
        font=None,
        align: int = p3d.TextNode.A_center,
    ):
        return DirectLabel(
            parent=self.root,
            text=text,
            text_font=font or self.font,
            text_fg=fg,
            text_scale=scale,
            text_align=align,
            frameColor=(0, 0, 0, 0),
            pos=(pos[0], 0, pos[1]),
            sortOrder=15,
        )

    def _flow(
        self,
        blocks: Sequence[tuple[str, float, tuple, p3d.TextFont]],
        *,
        top: float,
        bottom: float,
    ) -> None:
        """Lay text blocks (text, scale, colour, font) top-down on the panel, centred.

        The scales shrink together, down to 60%, until everything fits between
        ``top`` and ``bottom``: long feedback never runs off the panel.
        """
        assert self._panel is not None
        width = float(self._panel["frameSize"][1] - self._panel["frameSize"][0]) - 0.16
        factor = self.text_scale
        while True:
            heights = [
                self._rows(text, width / (scale * factor), font) * scale * factor * _LINE
                for text, scale, _, font in blocks
            ]
            total = sum(heights) + 0.05 * (len(blocks) - 1)
            if total <= top - bottom or factor <= 0.6 * self.text_scale:
                break
            factor *= 0.95
        y = top
        for (text, scale, color, font), height in zip(blocks, heights, strict=True):
            size = scale * factor
            self._text(text, (0, y - size * 0.9), size, color, font, wordwrap=width / size)
            y -= height + 0.05

    def _rows(self, text: str, wordwrap: float, font: p3d.TextFont | None = None) -> int:
        """How many lines ``text`` wraps to at ``wordwrap`` (in units of its scale)."""
        measure = p3d.TextNode("measure")
        measure.set_font(font or self.font)
        measure.set_wordwrap(wordwrap)
        measure.set_text(text)
        return max(1, measure.get_num_rows())

    def _text(self, text: str, pos, scale: float, fg, font=None, wordwrap: float = 30) -> None:
        self._panel_texts.append(text)
        DirectLabel(
            parent=self._panel,
            text=text,
            text_font=font or self.font,
            text_fg=fg,
            text_scale=scale,
            text_wordwrap=wordwrap,
            frameColor=(0, 0, 0, 0),
            pos=(pos[0], 0, pos[1]),
        )

    def _button(self, text: str, pos, command, value, *, width: float, selected: bool = False):
        color = BUTTON_HOVER if selected else BUTTON
        self._panel_texts.append(text)
        DirectButton(
            parent=self._panel,
            text=text,
            text_font=self.font,
            text_fg=TEXT,
            text_scale=0.045,
            frameColor=(color, BUTTON_HOVER, BUTTON_HOVER, color),
            frameSize=(-width / 2, width / 2, -0.045, 0.065),
            relief=DGG.FLAT,
            pos=(pos[0], 0, pos[1]),
            command=command,
            extraArgs=[value],
        )


class TrainerStatus:
    """A one-line status for the trainer over the headset's mirror window (never in the headset):
    the moment, what is happening, the intensity, and the keys that pause or recentre."""

    def __init__(self, aspect2d: p3d.NodePath, loader: ModelLoader) -> None:
        self._text = DirectLabel(
            parent=aspect2d,
            text="",
            text_font=load_font(loader, "DejaVuSans.ttf"),
            text_fg=TEXT,
            text_scale=0.04,
            text_align=p3d.TextNode.A_left,
            frameColor=PANEL,
            pad=(0.02, 0.015),
            pos=(-1.3, 0, 0.92),
            sortOrder=30,
        )
        self._shown = ""

    def show(self, flow: SessionFlow) -> None:
        """Update the line from the flow (cheap when nothing changed)."""
        runner = flow.runner
        state = "PAUSED" if flow.paused else flow.phase.value
        text = (
            f"[{runner.node_id}]  {state}  ·  intensity {runner.intensity}"
            f"  ·  P pause  ·  Home recentre"
        )
        if text != self._shown:
            self._shown = text
            self._text["text"] = text
            self._text.resetFrameSize()

    @property
    def text(self) -> str:
        return self._shown

"""The trim view: pick the in and out points of a clip or an audio take, and cut it.

A video shows the picture at the playhead above a strip of frames; an audio take shows
its waveform. ``I`` and ``O`` (or the buttons) set the in and out points where the
playhead is; the cut runs as a job in the jobs area (``ui.trim_job``), lossless, exact to
the frame, or for a social network (``media.presets``). Probing, frames and waveforms
are read on workers; the picture under the playhead is fast (the keyframe before it)
while the slider is dragged and exact once it is let go.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from media.clipinfo import ClipInfo, ClipProblem, probe_clip
from media.frames import NoPicture, frame_strip
from media.presets import PRESETS
from media.trim import TrimOptions
from media.waveform import Waveform, load_waveform
from ui.frame_photo_job import FrameSaver, FrameTarget
from ui.frame_preview import FramePreview, to_qimage
from ui.text import tr
from ui.theme import set_verdict
from ui.timeline_bar import TimelineBar
from ui.trim_job import TrimJob
from ui.trim_output import clock_text, output_extension, output_name
from ui.waveform_view import WaveformView
from ui.workers import TaskRunner

STRIP_HEIGHT = 64


class TrimView(QDialog):
    """Trim one clip or audio take; several views may be open at once."""

    job_started = Signal(object)  # TrimJob

    def __init__(
        self,
        path: str,
        kind: str,
        output_folder: str,
        tasks: TaskRunner,
        runner: TaskRunner,
        parent: QWidget | None = None,
        job_parent: QObject | None = None,
        frame_target: FrameTarget | None = None,
    ) -> None:
        """``frame_target``: the clip's catalog item and event, for «Guardar cuadro como
        foto» (``ui.frame_photo_job``); without it (a file outside the library) there is none."""
        super().__init__(parent)
        self.path = path
        self.audio = kind == "audio"
        self.output_folder = output_folder
        self.tasks = tasks
        self.runner = runner
        self.job_parent = job_parent or parent
        self.clip: ClipInfo | None = None
        self.duration = 0.0
        self.position = 0.0
        self.in_point: float | None = None
        self.out_point: float | None = None
        self.chosen_output: str | None = None
        self.job: TrimJob | None = None
        self.jobs: list[TrimJob] = []
        self.frame_saver: FrameSaver | None = None  # frames of a library clip, as photos
        if frame_target is not None and not self.audio:
            self.frame_saver = FrameSaver(frame_target, self)
        self.setWindowTitle(tr("Recortar — {0}").format(os.path.basename(path)))
        self.setMinimumSize(760, 420 if self.audio else 640)
        self._build()
        self.tasks.submit(
            lambda: probe_clip(path),
            self._on_probe,
            self._on_problem,
        )

    # -- layout ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.info = QLabel(os.path.basename(self.path))
        self.info.setObjectName("plan")
        self.preview = FramePreview()
        self.preview.setVisible(not self.audio)
        self.timeline: TimelineBar = WaveformView() if self.audio else TimelineBar(None, 64)
        self.timeline.set_message(tr("Leyendo el audio…") if self.audio else tr("Leyendo cuadros…"))
        self.timeline.seek.connect(self.set_position)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(lambda ms: self.set_position(ms / 1000))
        self.slider.sliderReleased.connect(self._request_preview)
        self.clock = QLabel(clock_text(0))
        self.in_button = QPushButton(tr("Entrada (I)"))
        self.out_button = QPushButton(tr("Salida (O)"))
        self.clear_button = QPushButton(tr("Quitar marcas"))
        self.in_label, self.out_label, self.span_label = QLabel(), QLabel(), QLabel()
        self.span_label.setObjectName("dim")
        self.in_button.clicked.connect(self.mark_in)
        self.out_button.clicked.connect(self.mark_out)
        self.clear_button.clicked.connect(self.clear_marks)

        self.lossless = QRadioButton(
            tr("Sin pérdida (rápido; empieza en el cuadro clave anterior)")
        )
        self.accurate = QRadioButton(tr("Exacto al cuadro (recodifica)"))
        self.lossless.setChecked(True)
        self.mode = QButtonGroup(self)
        for button in (self.lossless, self.accurate):
            self.mode.addButton(button)
            button.toggled.connect(self._refresh)
        self.preset = QComboBox()
        self.preset.addItem(tr("Ninguno (el formato del clip)"), None)
        for preset in PRESETS.values():
            self.preset.addItem(preset.label, preset.name)
        self.preset.currentIndexChanged.connect(self._refresh)
        self.output = QLabel()
        self.output.setWordWrap(True)
        change = QPushButton(tr("Cambiar…"))
        change.clicked.connect(self._choose_output)
        self.cut_button = QPushButton(tr("Cortar"))
        self.cut_button.setObjectName("primary")
        self.cut_button.setEnabled(False)
        self.cut_button.clicked.connect(self.start_cut)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.open_folder = QPushButton(tr("Abrir carpeta"))
        self.open_folder.hide()
        self.open_folder.clicked.connect(self._open_folder)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #d29922;")
        buttons = (self.in_button, self.out_button, self.clear_button, change, self.cut_button)
        for button in (*buttons, self.open_folder):
            button.setAutoDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)

        marks = QHBoxLayout()
        for widget in (self.in_button, self.in_label, self.out_button, self.out_label):
            marks.addWidget(widget)
        marks.addWidget(self.clear_button)
        marks.addStretch(1)
        marks.addWidget(self.span_label)
        scrub = QHBoxLayout()
        scrub.addWidget(self.slider, 1)
        scrub.addWidget(self.clock)
        if self.frame_saver is not None:
            scrub.addWidget(self.frame_saver.button)
        form = QFormLayout()
        if not self.audio:
            modes = QVBoxLayout()
            modes.addWidget(self.lossless)
            modes.addWidget(self.accurate)
            form.addRow(tr("Corte:"), modes)
            form.addRow(tr("Versión para:"), self.preset)
        where = QHBoxLayout()
        where.addWidget(self.output, 1)
        where.addWidget(change)
        form.addRow(tr("Guardar en:"), where)
        run = QHBoxLayout()
        run.addWidget(self.cut_button)
        run.addWidget(self.status, 1)
        run.addWidget(self.open_folder)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.timeline)
        layout.addLayout(scrub)
        layout.addLayout(marks)
        layout.addLayout(form)
        layout.addLayout(run)
        layout.addWidget(self.problems)
        if self.audio:
            layout.addStretch(1)
        for keys, slot in (
            ("I", self.mark_in), ("O", self.mark_out),
            ("Ctrl+Return", self.start_cut), ("Ctrl+Enter", self.start_cut),
        ):  # fmt: skip
            QShortcut(QKeySequence(keys), self, slot)
        self._refresh()

    # -- loading --------------------------------------------------------------------------
    def _on_probe(self, clip: ClipInfo) -> None:
        self.clip = clip
        self.duration = clip.duration or 0.0
        self.timeline.set_duration(self.duration)
        self.slider.setRange(0, int(self.duration * 1000))
        fps = clip.video.avg_fps or clip.video.fps if clip.video else None
        self.slider.setSingleStep(max(1, round(1000 / float(fps))) if fps else 100)
        self.slider.setPageStep(1000)
        self.slider.setEnabled(self.duration > 0)
        self.slider.setFocus()
        parts = [os.path.basename(self.path), clock_text(self.duration)]
        if clip.video is not None:
            width, height = clip.video.display_size
            parts.append(f"{width}×{height} {clip.video.codec}")
        if clip.audio is not None:
            parts.append(f"{clip.audio.codec} {clip.audio.sample_rate / 1000:g} kHz")
        elif not self.audio:
            parts.append(tr("sin sonido"))
        self.info.setText(" · ".join(parts))
        self.cut_button.setEnabled(self.duration > 0)
        if self.audio:
            self.tasks.submit(
                lambda: load_waveform(self.path),
                self._on_waveform,
                self._on_strip_error,
            )
        elif clip.video is not None:
            width, height = clip.video.display_size
            aspect = width / height if height else 16 / 9
            count = max(4, min(24, round(self.timeline.width() / (STRIP_HEIGHT * aspect))))
            path = self.path
            self.tasks.submit(
                lambda: [to_qimage(im) for im in frame_strip(path, count, STRIP_HEIGHT)],
                self.timeline.set_frames,
                self._on_strip_error,
            )
            self._request_preview()
        if self.frame_saver is not None:
            self.frame_saver.clip_ready(self.duration, clip.video is not None)
        self._refresh()

    def _on_problem(self, error: BaseException) -> None:
        text = error.detail if isinstance(error, ClipProblem) else str(error)
        self.info.setText(tr("No se puede recortar este archivo: {0}").format(text))
        set_verdict(self.info, False)
        self.timeline.set_message(text)
        self.cut_button.setEnabled(False)
        if self.frame_saver is not None:
            self.frame_saver.clip_failed()

    def _on_strip_error(self, error: BaseException) -> None:
        self.timeline.set_message(str(error) if isinstance(error, NoPicture) else repr(error))

    def _on_waveform(self, waveform: Waveform) -> None:
        assert isinstance(self.timeline, WaveformView)
        self.timeline.set_waveform(waveform)

    # -- the picture under the playhead ---------------------------------------------------
    def _request_preview(self) -> None:
        """The picture at the playhead: fast while the slider is dragged, exact after."""
        if not self.audio and self.clip is not None and self.clip.video is not None:
            self.preview.show_time(self.path, self.position, not self.slider.isSliderDown())

    # -- playhead and marks ---------------------------------------------------------------
    def set_position(self, seconds: float) -> None:
        """Move the playhead to ``seconds`` (kept inside the clip)."""
        seconds = max(0.0, min(self.duration, seconds))
        if seconds == self.position and self.slider.value() == int(seconds * 1000):
            return
        self.position = seconds
        self.slider.blockSignals(True)
        self.slider.setValue(int(round(seconds * 1000)))
        self.slider.blockSignals(False)
        self.timeline.set_position(seconds)
        self._refresh()
        self._request_preview()

    def mark_in(self) -> None:
        """The cut starts at the playhead (an out point before it is dropped)."""
        self.in_point = self.position
        if self.out_point is not None and self.out_point <= self.in_point:
            self.out_point = None
        self._refresh()

    def mark_out(self) -> None:
        """The cut ends at the playhead (an in point after it is dropped)."""
        self.out_point = self.position
        if self.in_point is not None and self.in_point >= self.out_point:
            self.in_point = None
        self._refresh()

    def clear_marks(self) -> None:
        self.in_point = self.out_point = None
        self._refresh()

    def _refresh(self) -> None:
        self.clock.setText(f"{clock_text(self.position)} / {clock_text(self.duration)}")
        self.in_label.setText(clock_text(self.in_point if self.in_point is not None else 0.0))
        self.out_label.setText(
            clock_text(self.out_point if self.out_point is not None else self.duration)
        )
        start = self.in_point or 0.0
        end = self.out_point if self.out_point is not None else self.duration
        self.span_label.setText(tr("Duración del corte: {0:.1f} s").format(max(0.0, end - start)))
        self.timeline.set_marks(self.in_point, self.out_point)
        preset = self.preset.currentData()
        self.lossless.setEnabled(preset is None)
        self.accurate.setEnabled(preset is None)
        planned = self.planned_output()
        event = os.path.dirname(self.output_folder)
        inside = not self.chosen_output and os.path.dirname(planned) == self.output_folder
        self.output.setText(os.path.relpath(planned, event) if inside else planned)
        self.output.setToolTip(planned)

    # -- the cut --------------------------------------------------------------------------
    def options(self) -> TrimOptions:
        return TrimOptions(
            start=self.in_point,
            end=self.out_point,
            accurate=self.accurate.isChecked() and not self.audio,
            preset=None if self.audio else self.preset.currentData(),
        )

    def planned_output(self) -> str:
        """Where the cut goes: the chosen file, or ``RECORTES/`` in the event folder."""
        if self.chosen_output:
            return self.chosen_output
        options = self.options()
        ext = output_extension(self.path, self.audio, bool(options.accurate or options.preset))
        name = output_name(self.path, options.start, options.end, options.preset, ext)
        return os.path.join(self.output_folder, name)

    def _choose_output(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(
            self, tr("Guardar el corte como"), self.planned_output()
        )
        if chosen:
            self.chosen_output = chosen
            self._refresh()

    def start_cut(self) -> TrimJob | None:
        """Start cutting between the marks; the job shows in the jobs area."""
        if self.clip is None or (self.job is not None and self.job.running):
            return None
        start = self.in_point or 0.0
        end = self.out_point if self.out_point is not None else self.duration
        if end - start <= 0:
            self.status.setText(tr("La salida debe ir después de la entrada."))
            return None
        job = TrimJob(
            self.path,
            self.planned_output(),
            self.options(),
            self.job_parent,
            unique=self.chosen_output is None,
        )
        self.job = job
        self.jobs.append(job)
        job.progressed.connect(lambda _d, _t: self.status.setText(job.meter.text()))
        job.finished.connect(lambda ok, text: self._on_cut(job, ok, text))
        self.cut_button.setEnabled(False)
        set_verdict(self.status, None)
        self.status.setText(tr("Cortando…"))
        self.problems.clear()
        job.start(self.runner)
        self.job_started.emit(job)
        return job

    def _on_cut(self, job: TrimJob, ok: bool, text: str) -> None:
        self.cut_button.setEnabled(self.clip is not None)
        self.status.setText(text)
        set_verdict(self.status, ok)
        self.problems.setText("\n".join(job.problem_lines()))
        output = job.result.output if job.result is not None else None
        self.status.setToolTip(output or "")
        self.open_folder.setVisible(bool(output))

    def _open_folder(self) -> None:
        """Show the last cut in the platform's file manager."""
        job = self.job
        if job is not None and job.result is not None and job.result.output:
            folder = os.path.dirname(job.result.output)
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    def running(self) -> bool:
        """True while a cut (or a frame save) started here is queued or running."""
        saving = self.frame_saver is not None and self.frame_saver.running()
        return saving or any(job.running for job in self.jobs)

    def closeEvent(self, event: object) -> None:
        """Drop pictures not read yet; a cut already started goes on in the jobs area."""
        self.preview.stop()
        super().closeEvent(event)  # type: ignore[arg-type]

"""Preferences: folders, people, templates, code replacements, language, time zone, matching.

Settings are read and saved on a worker (``media.settings``: validation there, messages in
Spanish, translated here). A refused value is shown in the dialog with its field marked, and
nothing is saved. The code table is the library's ``.cobertura/codes.json``, where captions
read it. After saving, ``saved(old, new)`` tells the main window what changed; a new library
or language re-opens the window (``apply_saved_settings``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import date, datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from media.captions import expand_codes, fill_template, template_values
from media.naming import TOKENS, NameContext, render_name
from media.naming import initials as initials_of
from media.settings import (
    LANGUAGES,
    MAX_MATCH_MINUTES,
    MEXICO_TIME_ZONES,
    Settings,
    SettingsError,
    SettingsProblem,
    load_settings,
    read_codes,
    save_all,
)
from ui.text import settings_problem_text, tr
from ui.workers import TaskRunner

SAMPLE_FILE = NameContext(
    original="IMG_0423.JPG",
    when=datetime(2026, 1, 15, 10, 32, 5),
    event="Entrega de becas",
    camera="Canon EOS R6",
)
SAMPLE_EVENT = ("Entrega de becas", "Deportivo Leandro Valle", date(2026, 1, 15))
SAMPLE_AREA = "Desarrollo Social"


@dataclass
class SettingsData:
    """What the dialog edits: the settings, the library's codes, and why the codes are empty."""

    settings: Settings
    codes: dict[str, str]
    codes_problem: SettingsProblem | None = None


def load_settings_data(library: str, path: str | None = None) -> SettingsData:
    """The saved settings and ``library``'s codes (reads the disk: run it on a worker)."""
    codes, problem = read_codes(library)
    return SettingsData(load_settings(path), codes, problem)


class FolderField(QWidget):
    """A folder path, typed or chosen with the system's folder dialog."""

    def __init__(self, title: str, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        choose = QPushButton(tr("Elegir…"))
        choose.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(choose)

    def text(self) -> str:
        value = self.edit.text().strip()
        return os.path.expanduser(value) if value else ""

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.title, self.text())
        if folder:
            self.edit.setText(folder)


class SettingsDialog(QDialog):
    """Edits ``data``; saves on ``tasks``. ``saved(old, new)`` once written."""

    saved = Signal(object, object)

    def __init__(
        self,
        data: SettingsData,
        library: str,
        tasks: TaskRunner,
        parent: QWidget | None = None,
        path: str | None = None,
        busy: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Preferencias"))
        self.setMinimumSize(640, 520)
        self.original = data.settings
        self.library = library
        self.tasks = tasks
        self.path = path
        self.busy = busy  # jobs are running: the library and language cannot change now
        self._marked: list[QWidget] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._folders_tab(), tr("Carpetas"))
        self.tabs.addTab(self._people_tab(), tr("Personas"))
        self.tabs.addTab(self._templates_tab(), tr("Plantillas"))
        self.tabs.addTab(self._codes_tab(), tr("Códigos"))
        self.tabs.addTab(self._region_tab(), tr("Idioma y hora"))
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #ff7b72;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self._fill(data)
        self._update_previews()
        if data.codes_problem is not None:
            self._show_problems([data.codes_problem])

    # -- tabs -----------------------------------------------------------------------------
    def _folders_tab(self) -> QWidget:
        self.library_field = FolderField(tr("Elegir la biblioteca"), self.library)
        self.backup_field = FolderField(
            tr("Elegir la carpeta de respaldo"), tr("Opcional: segunda copia en otro disco")
        )
        self.shared_field = FolderField(
            tr("Elegir la carpeta compartida"), tr("Opcional: la carpeta de la oficina en la red")
        )
        env = os.environ.get("COBERTURA_LIBRARY")
        return _form(
            (tr("Biblioteca:"), self.library_field),
            (tr("Respaldo:"), self.backup_field),
            (tr("Carpeta compartida:"), self.shared_field),
            tr("Al abrir, manda la variable COBERTURA_LIBRARY: {0}").format(env) if env else "",
        )

    def _people_tab(self) -> QWidget:
        self.photographer = QLineEdit()
        self.photographer.setPlaceholderText(tr("Nombre y apellido, como va en el crédito"))
        self.initials = QLineEdit()
        self.initials.setMaxLength(8)
        self.writer = QLineEdit()
        self.writer.setPlaceholderText(Settings().writer_id)
        return _form(
            (tr("Fotógrafo o fotógrafa (crédito):"), self.photographer),
            (tr("Iniciales:"), self.initials),
            (tr("Quien edita (identificador):"), self.writer),
            tr(
                "Las iniciales van en los nombres de archivo ({initials}); vacías, se toman "
                "del nombre. El identificador firma tus calificaciones y pies de foto en la "
                "carpeta compartida; vacío, se usa usuario@equipo."
            ),
        )

    def _templates_tab(self) -> QWidget:
        self.rename_template = QLineEdit()
        self.rename_preview = QLabel()
        self.rename_preview.setObjectName("dim")
        self.caption_template = QLineEdit()
        self.caption_template.setPlaceholderText("{evento}, {lugar}. {fecha}")
        self.caption_preview = QLabel()
        self.caption_preview.setObjectName("dim")
        self.caption_preview.setWordWrap(True)
        for edit in (self.rename_template, self.caption_template, self.photographer, self.initials):
            edit.textChanged.connect(self._update_previews)
        variables = tr("Variables: {0}")
        return _form(
            (tr("Nombres de archivo:"), self.rename_template),
            (tr("Ejemplo:"), self.rename_preview),
            variables.format(" ".join("{" + t + "}" for t in TOKENS)),
            (tr("Pie de foto:"), self.caption_template),
            (tr("Ejemplo:"), self.caption_preview),
            variables.format("{evento} {lugar} {fecha} {fotógrafo} {área}"),
        )

    def _codes_tab(self) -> QWidget:
        self.codes = QTableWidget(0, 2)
        self.codes.setHorizontalHeaderLabels([tr("Código"), tr("Se escribe")])
        header = self.codes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.codes.verticalHeader().hide()
        self.codes.itemChanged.connect(lambda _item: self._update_previews())
        add, remove = QPushButton(tr("Añadir código")), QPushButton(tr("Quitar"))
        add.clicked.connect(lambda: self.add_code("", ""))
        remove.clicked.connect(self._remove_code)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout()
        layout.addWidget(
            _note(
                tr(
                    "Un código (por ejemplo =alc) se cambia por su texto en los pies de foto, "
                    "para que los nombres y cargos siempre vayan bien escritos. Los códigos son "
                    "de esta biblioteca."
                )
            )
        )
        layout.addWidget(self.codes, 1)
        layout.addLayout(buttons)
        return _page(layout)

    def _region_tab(self) -> QWidget:
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.time_zone = QComboBox()
        self.time_zone.setEditable(True)
        self.time_zone.addItems(list(MEXICO_TIME_ZONES))
        self.before = _minutes()
        self.after = _minutes()
        return _form(
            (tr("Idioma:"), self.language),
            (tr("Zona horaria de la biblioteca:"), self.time_zone),
            (tr("Un evento recibe fotos desde antes de su inicio:"), self.before),
            (tr("y hasta después de su fin:"), self.after),
            tr(
                "El idioma y la biblioteca se aplican al guardar: la ventana se vuelve a "
                "abrir. La zona horaria y los minutos valen para las próximas importaciones."
            ),
        )

    # -- values ---------------------------------------------------------------------------
    def _fill(self, data: SettingsData) -> None:
        s = data.settings
        self.library_field.edit.setText(s.library)
        self.backup_field.edit.setText(s.backup)
        self.shared_field.edit.setText(s.shared_folder)
        self.photographer.setText(s.photographer)
        self.initials.setText(s.initials)
        self.writer.setText(s.writer)
        self.rename_template.setText(s.rename_template)
        self.caption_template.setText(s.caption_template)
        for code, text in sorted(data.codes.items()):
            self.add_code(code, text)
        index = self.language.findData(s.language)
        self.language.setCurrentIndex(max(0, index))
        self.time_zone.setEditText(s.time_zone)
        self.before.setValue(s.match_before_minutes)
        self.after.setValue(s.match_after_minutes)

    def values(self) -> Settings:
        """The settings as the dialog shows them (fields it does not edit kept as they were)."""
        return replace(
            self.original,
            library=self.library_field.text(),
            backup=self.backup_field.text(),
            shared_folder=self.shared_field.text(),
            photographer=self.photographer.text().strip(),
            initials=self.initials.text().strip(),
            writer=self.writer.text().strip(),
            rename_template=self.rename_template.text(),
            caption_template=self.caption_template.text(),
            language=str(self.language.currentData()),
            time_zone=self.time_zone.currentText().strip(),
            match_before_minutes=self.before.value(),
            match_after_minutes=self.after.value(),
        )

    def code_rows(self) -> list[tuple[str, str]]:
        rows = []
        for row in range(self.codes.rowCount()):
            cells = [self.codes.item(row, column) for column in (0, 1)]
            rows.append(tuple(c.text() if c is not None else "" for c in cells))
        return [(code, text) for code, text in rows]

    def add_code(self, code: str, text: str) -> None:
        row = self.codes.rowCount()
        self.codes.insertRow(row)
        first = QTableWidgetItem(code)
        self.codes.setItem(row, 0, first)
        self.codes.setItem(row, 1, QTableWidgetItem(text))
        if not code:
            self.codes.setCurrentCell(row, 0)
            self.codes.editItem(first)

    def _remove_code(self) -> None:
        rows = sorted({i.row() for i in self.codes.selectedIndexes()}, reverse=True)
        for row in rows or [self.codes.currentRow()]:
            if row >= 0:
                self.codes.removeRow(row)
        self._update_previews()

    def _update_previews(self) -> None:
        values = self.values()
        sample = replace(SAMPLE_FILE, photographer=values.photographer, initials=values.initials)
        try:
            self.rename_preview.setText(render_name(values.rename_template, sample))
        except ValueError:
            self.rename_preview.setText(tr("(la plantilla no es válida)"))
        rows = [(c.strip(), t.strip()) for c, t in self.code_rows() if c.strip() and t.strip()]
        self.initials.setPlaceholderText(initials_of(values.photographer))
        title, place, day = SAMPLE_EVENT
        fields = template_values(title, place, day, values.photographer, SAMPLE_AREA)
        try:
            caption = expand_codes(fill_template(values.caption_template, fields), dict(rows))
            self.caption_preview.setText(caption or tr("(sin plantilla: el pie se escribe a mano)"))
        except ValueError:
            self.caption_preview.setText(tr("(la plantilla no es válida)"))

    # -- saving ---------------------------------------------------------------------------
    def needs_reopen(self, new: Settings) -> bool:
        """Whether saving ``new`` re-opens the main window (another library or language)."""
        library = os.path.abspath(new.library) if new.library else self.library
        return library != self.library or new.language != self.original.language

    def save(self) -> None:
        """Check and save on the worker; the dialog closes once written, or shows why not."""
        new, rows = self.values(), self.code_rows()
        self._show_problems([])
        if self.busy and self.needs_reopen(new):
            self.problems.setText(
                tr(
                    "Hay trabajos en curso: espera a que terminen (o cancélalos) antes de "
                    "cambiar de biblioteca o de idioma."
                )
            )
            return
        self.buttons.setEnabled(False)
        library, path = self.library, self.path
        self.tasks.submit(
            lambda: save_all(new, rows, library, path),
            lambda _r: self._on_saved(new),
            self._on_refused,
        )

    def _on_saved(self, new: Settings) -> None:
        self.buttons.setEnabled(True)
        self.saved.emit(self.original, new)
        self.accept()

    def _on_refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, SettingsError):
            self._show_problems(error.problems)
        else:
            self.problems.setText(tr("No se pudieron guardar las preferencias: {0}").format(error))

    def _show_problems(self, problems: list[SettingsProblem]) -> None:
        for marked in self._marked:
            marked.setStyleSheet("")
        self._marked = []
        self.problems.setText("\n".join(settings_problem_text(p) for p in problems))
        for problem in problems:
            widget = self._widget_for(problem.field)
            if widget is not None:
                widget.setStyleSheet("border: 1px solid #f85149;")
                self._marked.append(widget)
        if problems:
            first = self._widget_for(problems[0].field)
            for tab in range(self.tabs.count()):
                page = self.tabs.widget(tab)
                if first is not None and page is not None and page.isAncestorOf(first):
                    self.tabs.setCurrentIndex(tab)

    def _widget_for(self, field: str) -> QWidget | None:
        return {
            "library": self.library_field.edit,
            "backup": self.backup_field.edit,
            "shared_folder": self.shared_field.edit,
            "photographer": self.photographer,
            "initials": self.initials,
            "writer": self.writer,
            "rename_template": self.rename_template,
            "caption_template": self.caption_template,
            "codes": self.codes,
            "language": self.language,
            "time_zone": self.time_zone,
            "match_before_minutes": self.before,
            "match_after_minutes": self.after,
        }.get(field)


def open_settings_dialog(window: QMainWindow, library: str, tasks: TaskRunner) -> None:
    """Read the settings on ``tasks``, then show the dialog over ``window`` (or raise the one
    already open)."""
    for dialog in window.findChildren(SettingsDialog):
        if dialog.isVisible():
            dialog.raise_()
            dialog.activateWindow()
            return

    def show(data: SettingsData) -> None:
        jobs = getattr(window, "jobs", None)  # the main window's JobsPanel
        busy = bool(jobs is not None and jobs.running())
        dialog = SettingsDialog(data, library, tasks, window, busy=busy)
        dialog.saved.connect(lambda old, new: apply_saved_settings(window, library, old, new))
        dialog.show()

    tasks.submit(lambda: load_settings_data(library), show)


def apply_saved_settings(window: QMainWindow, library: str, old: Settings, new: Settings) -> None:
    """A new language is installed; a new language or library re-opens the main window."""
    from ui.app import install_translations, reopen_main_window

    target = os.path.abspath(new.library) if new.library else library
    if new.language != old.language:
        app = QApplication.instance()
        if app is not None:
            install_translations(app, new.language)
    if target != library or new.language != old.language:
        reopen_main_window(window, target)


def _form(*rows: tuple[str, QWidget] | str) -> QWidget:
    """A tab page: labelled fields, and notes (plain strings) across the page; '' is skipped."""
    form = QFormLayout()
    for row in rows:
        if isinstance(row, str):
            if row:
                form.addRow(_note(row))
        else:
            form.addRow(*row)
    return _page(form)


def _page(layout: QFormLayout | QVBoxLayout) -> QWidget:
    page = QWidget()
    page.setLayout(layout)
    return page


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("dim")
    label.setWordWrap(True)
    return label


def _minutes() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_MATCH_MINUTES)
    box.setSingleStep(5)
    box.setSuffix(" min")
    return box

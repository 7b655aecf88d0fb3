"""Examining release files for the import wizard: each file read with read_release on a background thread.

Examiner is the worker (it lives on the thread); BackgroundExaminer, on the window's thread, starts that thread
with the first file and stops it when the wizard says nothing is left, so no thread runs while the wizard waits
for the user. A row removed or edited meanwhile is no longer "wanted": its read stops at its next progress step.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...codes.errors import ImportCancelled, MedcodeError
from ...importers import FORMATS, read_release
from ...importers.source import read_source
from .import_wizard_model import detected_words

# A format's module (importers.FORMATS) in words, for a file that was recognised but could not be read.
SNIFFED_WORDS = {
    "pprrvu": "CMS fee schedule (PPRRVU)",
    "athena": "Athena CONCEPT.csv",
    "cpt_package": "AMA CPT data files",
    "hcpcs_documents": "CMS HCPCS notes, NOC list or corrections",
    "hcpcs_release": "CMS HCPCS release",
    "generic_csv": "Generic CSV",
}
NOT_A_RELEASE = "not a release"


class Examiner(QObject):
    """Reads files one after another on its own thread; a row removed or edited meanwhile stops its read."""

    progress = Signal(int, int, int)  # row key, generation, percent
    examined = Signal(int, int, object, str, str)  # row key, generation, ParsedRelease or None, error, format

    def __init__(self) -> None:
        super().__init__()
        self.wanted: dict[int, int] = {}  # row key -> generation still wanted (written by the window's thread)
        self.stopped = False

    @Slot(int, int, str, object, object)
    def examine(self, key: int, generation: int, path: str, label: str | None, effective: str | None) -> None:
        if self.stopped or self.wanted.get(key) != generation:
            return
        shown = [-1]

        def report(stage: str, done: int, total: int) -> None:
            if self.stopped or self.wanted.get(key) != generation:
                raise ImportCancelled("no longer wanted")
            percent = int(100 * done / total) if total else 0
            if percent != shown[0]:
                shown[0] = percent
                self.progress.emit(key, generation, percent)

        try:
            parsed = read_release(path, label, effective, report)
        except ImportCancelled:
            return
        except MedcodeError as error:
            self.examined.emit(key, generation, None, str(error), _sniffed(path))
        except Exception as error:  # noqa: BLE001 - a bug in one importer must not leave the row examining
            self.examined.emit(key, generation, None, f"{Path(path).name} could not be read ({error!r}).", "")
        else:
            self.examined.emit(key, generation, parsed, "", detected_words(parsed))


def _sniffed(path: str) -> str:
    """What a file that failed looks like (the format whose sniff accepts it), in words."""
    try:
        source = read_source(path)
        found = next((fmt for fmt in FORMATS if fmt.sniff(source)), None)
    except MedcodeError:  # unreadable, or refused while sniffed (a workbook that inflates past the limits)
        return ""
    return SNIFFED_WORDS.get(found.__name__.rsplit(".", 1)[-1], "") if found else NOT_A_RELEASE


class BackgroundExaminer(QObject):
    """An Examiner on a thread of its own, started by the first examine() and ended by stop().

    Its signals are the Examiner's, delivered on the window's thread. Each run gets a fresh Examiner: a stopped
    one keeps refusing work, and reads still queued for it are dropped with it.
    """

    progress = Signal(int, int, int)  # row key, generation, percent
    examined = Signal(int, int, object, str, str)  # row key, generation, ParsedRelease or None, error, format

    _examine = Signal(int, int, str, object, object)  # queued to the Examiner's thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._examiner: Examiner | None = None
        self._thread: QThread | None = None

    @property
    def running(self) -> bool:
        """Whether the examining thread runs (from the first file until stop())."""
        return self._thread is not None

    def examine(self, key: int, generation: int, path: str, label: str | None, effective: str | None) -> None:
        """Read a row's file (this generation of it) on the thread, starting the thread if need be."""
        examiner = self._ensure_examiner()
        examiner.wanted[key] = generation
        self._examine.emit(key, generation, path, label, effective)

    def forget(self, key: int) -> None:
        """The row is gone: its read, queued or running, is no longer wanted."""
        if self._examiner is not None:
            self._examiner.wanted.pop(key, None)

    def stop(self) -> None:
        """Stop the examining thread (started again by the next file); a read in progress stops at its next step."""
        if self._examiner is not None and self._thread is not None:
            self._examiner.stopped = True
            self._thread.quit()
            self._thread.wait()
            self._examiner = self._thread = None

    def _ensure_examiner(self) -> Examiner:
        if self._examiner is None:
            self._examiner = Examiner()
            self._thread = QThread(self)
            self._examiner.moveToThread(self._thread)
            self._examine.connect(self._examiner.examine)
            self._examiner.progress.connect(self.progress)
            self._examiner.examined.connect(self.examined)
            self._thread.start()
        return self._examiner

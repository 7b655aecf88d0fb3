"""Importing release files off the window's thread, with progress, cancel, and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ...codes.errors import ImportCancelled, MedcodeError
from ...codes.records import ImportOutcome, ParsedRelease
from ...importers import read_release
from ...store import ReferenceStore

CANCELLED = "Import cancelled; the database is unchanged."


class ImportWorker(QObject):
    """Reads every file, then writes them all in one transaction through its own connection.

    Given `parsed` (releases already read, e.g. by the import wizard), it writes those instead of reading
    `files`; `replace` lets a release replace a stored one of the same label that came from another file.
    """

    progress = Signal(str, int, int)  # stage, done, total
    succeeded = Signal(list)  # one summary sentence per file
    failed = Signal(str)  # one sentence; the database is unchanged
    done = Signal()

    def __init__(
        self,
        db_path: Path,
        files: list[str],
        label: str | None = None,
        effective: str | None = None,
        *,
        parsed: list[ParsedRelease] | None = None,
        replace: bool = False,
    ):
        super().__init__()
        self.db_path, self.files, self.label, self.effective = db_path, files, label, effective
        self.parsed, self.replace = parsed, replace
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    def _report(self, stage: str, done: int, total: int) -> None:
        if self._cancelled:
            raise ImportCancelled(CANCELLED)
        self.progress.emit(stage, done, total)

    @Slot()
    def run(self) -> None:
        try:
            if self.parsed is not None:
                parsed = list(self.parsed)
                self._report(f"Writing {len(parsed)} release{'s' * (len(parsed) != 1)}", 0, 1)
            else:
                parsed = []
                for number, path in enumerate(self.files, start=1):
                    self._report(f"Reading {Path(path).name} ({number} of {len(self.files)})", 0, 1)
                    parsed.append(read_release(path, self.label, self.effective, self._report))
            with ReferenceStore(self.db_path, seed=False) as store:
                outcomes = store.import_releases(parsed, self.replace, progress=self._report)
            self.succeeded.emit([_said(o) for o in outcomes])
        except ImportCancelled:
            self.failed.emit(CANCELLED)
        except MedcodeError as error:
            self.failed.emit(f"{error} The database is unchanged.")
        except Exception as error:  # noqa: BLE001 - a bug must not leave the window waiting forever
            self.failed.emit(f"The import stopped on an unexpected error ({error!r}); the database is unchanged.")
        finally:
            self.done.emit()


def start_import(worker: ImportWorker, parent: QObject) -> QThread:
    """Run the worker on a new thread that ends, and is cleaned up, when the worker is done."""
    thread = QThread(parent)
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    worker.done.connect(thread.quit)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


def _said(outcome: ImportOutcome) -> str:
    """One line for the status bar: the release, or the documents of a file of documents."""
    if (release := outcome.release) is None:
        return "; ".join(outcome.documents)
    return (
        f"{release.source_name}: {outcome.status} {release.label} "
        f"({release.codes:,} codes, {release.modifiers:,} modifiers)"
    )

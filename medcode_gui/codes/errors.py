"""Errors that reach the user as one clear sentence."""


class MedcodeError(Exception):
    """A problem the user can act on; str(error) is the sentence shown to them."""


class ImportFormatError(MedcodeError):
    """A file could not be read as any release format the app knows."""


class ImportCancelled(MedcodeError):
    """The user cancelled an import; nothing was written."""


class DatabaseError(MedcodeError):
    """The reference database is missing, damaged, foreign, newer or read-only."""


class ReleaseNotFound(MedcodeError):
    """A release label that the database does not hold."""


class DatabaseDamaged(DatabaseError):
    """The reference database file has damaged pages (SQLite: "database disk image is malformed")."""

    def __init__(self, path: object, detail: str, sentence: str | None = None) -> None:
        self.path, self.detail = path, detail
        super().__init__(
            sentence
            or f"The database {path} is damaged ({detail}): rename or move it away and a fresh database is made "
            "there at the next start (then import your releases again), or restore it from a backup."
        )

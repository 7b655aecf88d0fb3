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

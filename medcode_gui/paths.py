"""Where things live: bundled resources, the user's data directory, and which database to open."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "MedCode Browser"
APP_AUTHOR = "MedCode"
DB_ENV = "MEDCODE_DB"
DB_FILE = "reference.sqlite"


def resource_text(name: str) -> str:
    """A file from the shipped resources (the top-level resources/ folder, packaged as medcode_gui.resources)."""
    return resources.files("medcode_gui.resources").joinpath(name).read_text(encoding="utf-8")


def user_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """--db wins, then MEDCODE_DB, then the reference database in the user's data directory."""
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return user_data_dir() / DB_FILE

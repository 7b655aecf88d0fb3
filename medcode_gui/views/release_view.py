"""What a release looks like to the user, as a plain dict."""

from __future__ import annotations

from typing import Any

from ..codes.records import Release


def release_view(release: Release) -> dict[str, Any]:
    return {
        "label": release.label,
        "system": release.system,
        "effective_date": release.effective_date,
        "source": release.source_name,
        "source_member": release.source_member,
        "source_sha256": release.source_sha256,
        "format": release.file_format,
        "imported_at": release.imported_at,
        "codes": release.codes,
        "modifiers": release.modifiers,
        "official": release.is_official,
    }

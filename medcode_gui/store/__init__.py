"""The only package that speaks SQL."""

from .reference_store import ReferenceStore

__all__ = ["ReferenceStore"]

"""Data files shipped with the application (outline, starter data, code tables)."""

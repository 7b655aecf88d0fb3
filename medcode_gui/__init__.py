"""MedCode Browser: offline reference browser for CPT and HCPCS codes."""

__version__ = "0.1.0"

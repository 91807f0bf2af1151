"""Builders of the dashboard and export tests."""

import subprocess


def pdf_text(data: bytes) -> str:
    """The text of a PDF, as poppler extracts it."""
    assert data.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.config import Config
from auditor.loaders import from_text
from auditor.pipeline import audit_file

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture
def audit_text(tmp_path):
    """Audit a snippet as a file of the given suffix; returns the findings."""

    def run(text: str, suffix: str = ".txt", config: Config | None = None):
        path = tmp_path / f"snippet{suffix}"
        path.write_text(text, encoding="utf-8")
        return audit_file((str(path), path.name), config or Config()).findings

    return run


@pytest.fixture
def doc_of():
    return from_text

"""auditor: flags translation artifacts in news articles and suggests corrections."""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "run"]


def run(paths, config=None, progress=None):
    """Audit files and folders; returns a Report (see auditor.pipeline)."""
    from .pipeline import run as _run

    return _run(paths, config, progress)

"""Output formats: each module has `render(report, ctx) -> str`, a pure function."""
from __future__ import annotations

from dataclasses import dataclass

from . import github, html, json_format, sarif, text


@dataclass(frozen=True)
class Context:
    color: bool = False


FORMATTERS = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "html": html.render,
}


def render(name: str, report, ctx: Context | None = None) -> str:
    return FORMATTERS[name](report, ctx or Context())

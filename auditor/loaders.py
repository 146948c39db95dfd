"""Read a file into a Document, or say clearly why it cannot be read."""
from __future__ import annotations

import os
from pathlib import Path

from .document import Document

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
                 ".html": "html", ".htm": "html"}


class LoadError(Exception):
    """A file that could not be audited; `kind` is one of unreadable, binary, encoding."""

    def __init__(self, path: str, kind: str, detail: str) -> None:
        super().__init__(f"{path}: {kind}: {detail}")
        self.path = path
        self.kind = kind
        self.detail = detail


def format_of(path: str | os.PathLike) -> str | None:
    return TEXT_SUFFIXES.get(Path(path).suffix.lower())


def decode(path: str, data: bytes, encoding: str = "utf-8") -> str:
    """Decode bytes; binary data and text in another encoding are errors, not guesses."""
    head = data[:8192]
    wide = encoding.lower().replace("_", "-").startswith(("utf-16", "utf-32", "utf16", "utf32"))
    if not wide and b"\x00" in head:
        raise LoadError(path, "binary", "contains NUL bytes; not a text file")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = ""
        if encoding.lower().replace("_", "-") in ("utf-8", "utf8"):
            try:
                data.decode("cp1252")
                hint = "; it decodes as cp1252/Latin-1: re-save it as UTF-8 or pass --encoding cp1252"
            except UnicodeDecodeError:
                pass
        raise LoadError(
            path, "encoding",
            f"not valid {encoding}: byte 0x{data[exc.start]:02x} at offset {exc.start} (line {line}){hint}",
        ) from None
    except LookupError:
        raise LoadError(path, "encoding", f"unknown encoding {encoding!r}") from None
    if text.startswith("\ufeff"):
        # keep the BOM in the text so offsets stay Python indices into the file's text
        pass
    return text


def load(path: str | os.PathLike, display: str | None = None, encoding: str = "utf-8") -> Document:
    display = display or str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LoadError(display, "unreadable", exc.strerror or str(exc)) from None
    text = decode(display, data, encoding)
    return from_text(display, text, format_of(path) or "txt")


def from_text(path: str, text: str, fmt: str = "txt") -> Document:
    if fmt == "html":
        from .html_text import extract

        return extract(path, text)
    if fmt == "md":
        from .markdown_text import mask

        return mask(path, text)
    return Document(path, text, fmt="txt")

"""`auditor fix`: turn findings' top suggestions into edits, and write them safely.

The planner is pure: `plan(doc, findings, min_confidence)` gives non-overlapping
edits in source offsets; `apply(source, edits)` gives the new text.  Writing
(`write_file`) re-reads the file first and leaves it alone if it changed since
it was audited, then replaces it atomically (temp file in the same folder,
fsync, rename), keeping the original as FILE.orig unless told not to.
"""
from __future__ import annotations

import difflib
import html
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .checks.base import match_case
from .document import Document
from .finding import Finding

# Markdown characters that may sit around a boilerplate line we delete whole
_MD_LINE_MARKUP = set("*_#>`-+ \t")
_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True, slots=True)
class Edit:
    start: int  # source offsets
    end: int
    old: str
    new: str
    code: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Skip:
    """A finding with a suggestion that was not turned into an edit, and why."""

    finding: Finding
    reason: str


class FixError(Exception):
    """A file that could not be fixed; nothing was written."""


def _line_bounds(source: str, start: int, end: int) -> tuple[int, int]:
    """The whole line(s) holding [start, end), with the line break after them."""
    ls = source.rfind("\n", 0, start) + 1
    m = _BREAK.search(source, end)
    le = m.end() if m else len(source)
    return ls, le


def _previous_line(source: str, ls: int) -> tuple[int, int]:
    """The bounds of the line before the one starting at ls > 0, its break left out."""
    end = ls - (2 if source.endswith("\r\n", 0, ls) else 1)
    return max(source.rfind("\n", 0, end), source.rfind("\r", 0, end)) + 1, end


def _deletion_span(doc: Document, start: int, end: int) -> tuple[int, int]:
    """A deleted boilerplate line takes its line break with it, when nothing else
    is on the line (for Markdown: nothing but emphasis or list markup).  A line
    that is a paragraph of its own (blank or no lines around it) also takes the
    blank line before it (at the top of the file, the one after), so no run of
    blank lines is left behind, also when several such paragraphs go."""
    if doc.format == "html":
        return start, end
    src = doc.source
    ls, le = _line_bounds(src, start, end)
    rest = src[ls:start] + src[end:le]
    allowed = _MD_LINE_MARKUP if doc.format == "md" else set(" \t")
    if not all(c in allowed or c in "\r\n" for c in rest):
        return start, end
    m = _BREAK.search(src, le)
    blank_after = le == len(src) or (m is not None and not src[le:m.start()].strip())
    if not blank_after:
        return ls, le  # a line inside a paragraph
    if ls == 0:
        return ls, m.end() if m else le
    ps, pe = _previous_line(src, ls)
    return (ps if not src[ps:pe].strip() else ls), le


def _crosses_markup(doc: Document, start: int, end: int) -> bool:
    """True when the source span holds markup, which an edit must not touch."""
    src = doc.source[start:end]
    if doc.format == "html":
        return "<" in src or ">" in src
    if doc.format == "md":  # the masked text blanks markup; any difference is markup
        return doc.text[start:end] != src
    return False


def _beside(edit: Edit, clash: Edit, source: str) -> Edit | None:
    """A deletion cut back to end where another deletion begins (or begin where
    it ends), when what they share is only blank space; else None."""
    if edit.new or clash.new:
        return None
    s, e = max(edit.start, clash.start), min(edit.end, clash.end)
    if source[s:e].strip():
        return None
    if clash.start <= edit.start and clash.end < edit.end:
        start, end = clash.end, edit.end
    elif edit.start < clash.start and edit.end <= clash.end:
        start, end = edit.start, clash.start
    else:
        return None
    return Edit(start, end, source[start:end], "", edit.code, edit.confidence)


def plan(doc: Document, findings: list[Finding], min_confidence: float,
         keep_lines: bool = False) -> tuple[list[Edit], list[Skip]]:
    """Non-overlapping edits for one document, from each finding's top suggestion.

    Surer edits win an overlap (then the earlier, then the longer); a span that
    would cut through markup is left alone.  `keep_lines` never removes a line
    break (for line-aligned text such as a translation scored against a reference).
    """
    candidates: list[tuple[Edit, Finding]] = []
    skipped: list[Skip] = []
    for f in findings:
        top = f.top
        if top is None:
            continue
        if top.confidence < min_confidence:
            skipped.append(Skip(f, f"confidence {top.confidence:.2f} below {min_confidence:.2f}"))
            continue
        if _crosses_markup(doc, f.start, f.end):
            skipped.append(Skip(f, "the span contains markup"))
            continue
        old = doc.source[f.start:f.end]
        if top.replacement == "":
            s, e = (f.start, f.end) if keep_lines else _deletion_span(doc, f.start, f.end)
            edit = Edit(s, e, doc.source[s:e], "", f.code, top.confidence)
        else:
            new = match_case(old, top.replacement)
            if doc.format == "html":
                new = html.escape(new, quote=False)
            if new == old:
                continue
            edit = Edit(f.start, f.end, old, new, f.code, top.confidence)
        candidates.append((edit, f))
    chosen: list[Edit] = []
    for edit, f in sorted(candidates, key=lambda ef: (-ef[0].confidence, ef[0].start, -(ef[0].end - ef[0].start))):
        clash = next((c for c in chosen if edit.start < c.end and c.start < edit.end), None)
        if clash is not None and (trimmed := _beside(edit, clash, doc.source)) is not None:
            edit = trimmed  # two deletions that share only a blank line: the surer keeps it
            clash = next((c for c in chosen if edit.start < c.end and c.start < edit.end), None)
        if clash is not None:
            if not (clash.start == edit.start and clash.end == edit.end and clash.new == edit.new):
                skipped.append(Skip(f, f"overlaps a surer edit ({clash.code})"))
            continue
        chosen.append(edit)
    chosen.sort(key=lambda e: e.start)
    return chosen, skipped


def apply(source: str, edits: list[Edit]) -> str:
    """The source with non-overlapping, start-sorted edits applied."""
    out, pos = [], 0
    for e in edits:
        if e.start < pos or source[e.start:e.end] != e.old:
            raise ValueError(f"edit {e} does not fit the text")
        out.append(source[pos:e.start])
        out.append(e.new)
        pos = e.end
    out.append(source[pos:])
    return "".join(out)


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path.lstrip('/')}", tofile=f"b/{path.lstrip('/')}")
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _backup_path(path: Path) -> Path:
    """FILE.orig, or FILE.orig.N when an older backup is there (never overwritten)."""
    cand = path.with_name(path.name + ".orig")
    n = 1
    while cand.exists() or cand.is_symlink():
        cand = path.with_name(f"{path.name}.orig.{n}")
        n += 1
    return cand


def write_file(path: str | os.PathLike, expected: str, new_text: str, encoding: str, backup: bool) -> Path | None:
    """Replace a file's text atomically. `expected` is the text the edits were
    planned on: a file that no longer holds it is left alone (FixError).
    Returns the backup's path, if one was made."""
    path = Path(path)
    try:
        current = path.read_bytes().decode(encoding)
    except (OSError, UnicodeDecodeError) as exc:
        raise FixError(f"cannot re-read it before writing: {getattr(exc, 'strerror', None) or exc}") from None
    if current != expected:
        raise FixError("it changed on disk since it was read; left alone, audit it again")
    target = path.resolve()  # write through a symlink, not over it
    try:
        data = new_text.encode(encoding)
    except UnicodeEncodeError as exc:
        raise FixError(f"the fixed text cannot be written as {encoding}: {exc}") from None
    tmp_name = None
    saved = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        shutil.copymode(target, tmp_name)
        if backup:
            saved = _backup_path(path)
            shutil.copy2(target, saved)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        if saved is not None:
            saved.unlink(missing_ok=True)
        raise FixError(f"cannot write it: {exc.strerror or exc}; left unchanged") from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
    return saved


# ---- the command's driver ----------------------------------------------------
@dataclass
class FileFix:
    path: str
    before: str
    after: str
    edits: list[Edit]
    skipped: list[Skip]
    error: str | None = None  # why it was not written
    backup: Path | None = None


def fix_report(report, min_confidence: float, keep_lines: bool = False) -> list[FileFix]:
    """Plan the fixes for every audited file of a report run with keep_sources."""
    from .loaders import format_of, from_text

    by_path: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, []).append(f)
    out = []
    for path in report.files:
        findings = by_path.get(path, [])
        if not any(f.top is not None for f in findings):
            continue
        source = report.sources[path]
        doc = from_text(path, source, format_of(path) or "txt")
        edits, skipped = plan(doc, findings, min_confidence, keep_lines)
        out.append(FileFix(path, source, apply(source, edits), edits, skipped))
    return out


def write_all(fixes: list[FileFix], encoding: str, backup: bool) -> None:
    """Write each changed file; a failure is recorded on its FileFix, the rest go on."""
    for fx in fixes:
        if not fx.edits:
            continue
        try:
            fx.backup = write_file(fx.path, fx.before, fx.after, encoding, backup)
        except FixError as exc:
            fx.error = str(exc)

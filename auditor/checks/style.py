"""House-style substitutions from style packs (corpora/style/*.toml)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import datafile
from ..resources import corpus_file
from .base import Check, emit, match_case


@dataclass(frozen=True)
class StyleEntry:
    pack: str
    replace: str
    note: str
    unless: re.Pattern | None


def _phrase(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def load_pack(df: datafile.DataFile) -> list[tuple[re.Pattern, StyleEntry]]:
    pack = df.data.get("pack", {})
    pack_name = pack.get("name", df.name) if isinstance(pack, dict) else df.name
    out = []
    for where, item in datafile.tables(df.data, "rule", df.name):
        datafile.no_extra(item, {"match", "pattern", "replace", "note", "unless"}, where)
        replace = datafile.require(item, "replace", str, where)
        note = datafile.require(item, "note", str, where, optional=True, default="")
        unless = datafile.require(item, "unless", list, where, optional=True, default=[])
        words = datafile.require(item, "match", list, where, optional=True, default=None)
        pattern = datafile.require(item, "pattern", str, where, optional=True, default=None)
        if (words is None) == (pattern is None):
            raise datafile.DataError(f"{where}: give exactly one of 'match' or 'pattern'")
        if words is not None:
            if not words:
                raise datafile.DataError(f"{where}.match: empty list")
            body = "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))
            regex = datafile.regex(rf"(?<!\w)(?:{body})(?!\w)", f"{where}.match", re.I)
        else:
            regex = datafile.regex(pattern, f"{where}.pattern", re.I)
        unless_re = None
        if unless:
            unless_re = re.compile("|".join(_phrase(u) for u in unless), re.I)
        out.append((regex, StyleEntry(pack_name, replace, note, unless_re)))
    return out


class StyleCheck(Check):
    name = "style"
    codes = ("AUD301",)

    def __init__(self, config) -> None:
        super().__init__(config)
        settings = config.style
        self._files: list[datafile.DataFile] = []
        for name in settings.packs:
            res = corpus_file("style", f"{name}.toml")
            if not res.is_file():
                raise datafile.DataError(f"style pack '{name}' not found (looked for corpora/style/{name}.toml)")
            self._files.append(datafile.read(res, f"style/{name}.toml"))
        for path in settings.files:
            self._files.append(datafile.read(Path(path), str(path)))
        self.entries = [e for df in self._files for e in load_pack(df)]
        self.skip_quotes = settings.skip_quotes

    def versions(self) -> dict[str, str]:
        return {df.name: df.version for df in self._files}

    def check(self, doc):
        text = doc.normalized
        taken: list[tuple[int, int]] = []
        for regex, entry in self.entries:
            for m in regex.finditer(text):
                s, e = m.span()
                if any(s < te and ts < e for ts, te in taken):
                    continue
                if entry.unless and _inside_exception(entry.unless, text, s, e):
                    continue
                if self.skip_quotes and doc.in_quote(s, e):
                    continue
                taken.append((s, e))
                original = doc.text[s:e]
                replacement = match_case(original, entry.replace)
                note = f" ({entry.note})" if entry.note else ""
                yield emit(
                    doc, "AUD301", s, e,
                    f"house style ({entry.pack}) writes '{entry.replace}'{note}",
                    [(replacement, 0.95)],
                )


def _inside_exception(unless: re.Pattern, text: str, s: int, e: int) -> bool:
    lo, hi = max(0, s - 60), min(len(text), e + 60)
    for m in unless.finditer(text, lo, hi):
        if m.start() <= s and e <= m.end():
            return True
    return False

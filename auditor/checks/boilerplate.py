"""Scraper and CMS residue: lines that are page furniture, not article text."""
from __future__ import annotations

import re
from pathlib import Path

from .. import datafile
from ..resources import corpus_file
from .base import Check, emit


def load_groups(df: datafile.DataFile) -> list[tuple[str, str, list[str]]]:
    """-> [(group, description, [regex, ...])]"""
    out = []
    for where, item in datafile.tables(df.data, "residue", df.name):
        datafile.no_extra(item, {"group", "description", "lines"}, where)
        group = datafile.require(item, "group", str, where)
        desc = datafile.require(item, "description", str, where, optional=True, default=group)
        lines = datafile.require(item, "lines", list, where)
        for i, pat in enumerate(lines):
            datafile.regex(pat, f"{where}.lines[{i}]")
        out.append((group, desc, lines))
    return out


class BoilerplateCheck(Check):
    name = "boilerplate"
    codes = ("AUD401",)

    def __init__(self, config) -> None:
        super().__init__(config)
        settings = config.boilerplate
        self._files = [datafile.read(corpus_file("boilerplate", f"{n}.toml"), f"boilerplate/{n}.toml")
                       for n in settings.packs]
        self._files += [datafile.read(Path(p), str(p)) for p in settings.files]
        groups = [g for df in self._files for g in load_groups(df)]
        self.descriptions = {}
        named, plain = [], []
        for n, (_group, desc, lines) in enumerate(groups):
            body = "|".join(f"(?:{p})" for p in lines)
            self.descriptions[f"g{n}"] = desc
            named.append(f"(?P<g{n}>{body})")
            plain.append(body)
        piece = "|".join(plain)
        # a residue line is one or more residue pieces and nothing else
        self.first = re.compile("|".join(named), re.I)
        self.line_re = re.compile(rf"[\s|•·]*(?:{piece})(?:[\s|•·:]*(?:{piece}))*[\s|•·]*", re.I)

    def versions(self) -> dict[str, str]:
        return {df.name: df.version for df in self._files}

    def check(self, doc):
        text = doc.normalized
        for s, e in doc.lines:
            if e - s > 300 or e == s:
                continue
            if not self.line_re.fullmatch(text, s, e):
                continue
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            m = self.first.match(text, s, e)
            desc = self.descriptions[m.lastgroup] if m and m.lastgroup else "page residue"
            yield emit(doc, "AUD401", s, e, f"page residue ({desc}), not article text: delete it",
                       [("", 0.9)])

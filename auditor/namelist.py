"""Person-name knowledge from `corpora/names/`: the name authority (`[[person]]`
tables: the form to print, the original-script name, accepted spellings), the
given-name lists by origin and the given-name equivalents (Vladimir/Volodymyr).

Files a user names in `[tool.auditor.names] files` are read the same way and
take precedence over the shipped ones for the same person.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import datafile, translit
from .gazetteer import cache_dir
from .resources import corpus_file

PERSON_KEYS = {"name", "original", "lang", "accept", "role", "note"}


@dataclass(frozen=True)
class Person:
    id: str  # "file:index", stable within a version of the data
    name: str
    original: str
    lang: str
    accept: tuple[str, ...]
    role: str

    @property
    def given(self) -> str:
        parts = self.name.split()
        return parts[0] if len(parts) > 1 else ""

    @property
    def surname(self) -> str:
        return self.name.split()[-1]

    def accepted_tokens(self, which: str) -> frozenset[str]:
        """Folded spellings of the given name ('given') or surname ('surname')
        that the authority accepts."""
        out = set()
        for n in (self.name, *self.accept):
            parts = n.split()
            if which == "surname":
                out.add(translit.fold(parts[-1]))
            elif len(parts) > 1 and len(n.split()) == len(self.name.split()):
                out.add(translit.fold(parts[0]))
        return frozenset(out)


@dataclass
class Authority:
    persons: list[Person] = field(default_factory=list)
    given: frozenset[str] = frozenset()  # folded given names of every origin
    given_origin: dict[str, set[str]] = field(default_factory=dict)  # folded given name -> origins
    equivalents: dict[str, str] = field(default_factory=dict)  # name key -> group key
    versions: dict[str, str] = field(default_factory=dict)
    by_surname: dict[str, list[Person]] = field(default_factory=dict)  # surname key -> persons

    def given_key(self, token: str) -> str:
        k = translit.name_key(token)
        return self.equivalents.get(k, k)

    @property
    def given_keys(self) -> frozenset[str]:
        return self._given_keys

    def finish(self) -> None:
        """Index every person by the keys of their printed, accepted and
        generated spellings: romanizations of `original` by the Ukrainian
        (translitua) or Russian (iuliia) tables, so Klychko finds Klitschko."""
        self.person_given: dict[str, set[str]] = {}
        self.by_surname = {}
        for p in self.persons:
            forms = [p.name, *p.accept]
            if p.original and translit.is_cyrillic(p.original):
                if p.lang == "uk":
                    forms += translit.romanize_uk(p.original)
                elif p.lang in ("ru", "be"):
                    forms += translit.romanize_ru(p.original)
            gkeys, skeys = set(), set()
            for f in forms:
                parts = translit.fold(f).split()
                if not parts:
                    continue
                skeys.add(translit.name_key(parts[-1]))
                if len(parts) > 1:
                    gkeys.add(self.given_key(parts[0]))
            self.person_given[p.id] = gkeys
            for k in skeys:
                self.by_surname.setdefault(k, []).append(p)
        self._given_keys = frozenset({self.given_key(g) for g in self.given}
                                     | {k for ks in self.person_given.values() for k in ks})

    def match(self, given: str, surname: str) -> Person | None:
        """The one authority person with these name keys (given may be '')."""
        cands = self.by_surname.get(translit.name_key(surname), [])
        if given:
            gk = self.given_key(given)
            cands = [p for p in cands if gk in self.person_given.get(p.id, ())]
        return cands[0] if len(cands) == 1 else None


def _read(df: datafile.DataFile, auth: Authority, given: set[str]) -> None:
    auth.versions[df.name] = df.version
    table = df.data.get("given")
    if isinstance(table, dict):
        for origin in table:
            for name in datafile.require(table, origin, list, f"{df.name}: given"):
                given.add(translit.fold(name))
                auth.given_origin.setdefault(translit.fold(name), set()).add(origin)
    eq = df.data.get("equivalents")
    if isinstance(eq, dict):
        groups = eq.get("groups")
        if not isinstance(groups, list) or not all(isinstance(g, list) and g for g in groups):
            raise datafile.DataError(f"{df.name}: equivalents.groups: expected a list of lists of names")
        for i, group in enumerate(groups):
            datafile.require({"g": group}, "g", list, f"{df.name}: equivalents.groups[{i}]")
            canon = translit.name_key(group[0])
            for n in group:
                auth.equivalents[translit.name_key(n)] = canon
                given.add(translit.fold(n))
    if "person" in df.data:
        for i, (where, item) in enumerate(datafile.tables(df.data, "person", df.name)):
            datafile.no_extra(item, PERSON_KEYS, where)
            name = datafile.require(item, "name", str, where)
            if not name.split():
                raise datafile.DataError(f"{where}.name: empty")
            auth.persons.append(Person(
                id=f"{df.name}:{i}", name=name,
                original=datafile.require(item, "original", str, where, optional=True, default=""),
                lang=datafile.require(item, "lang", str, where, optional=True, default=""),
                accept=tuple(datafile.require(item, "accept", list, where, optional=True, default=[])),
                role=datafile.require(item, "role", str, where, optional=True, default="")))


@lru_cache(maxsize=8)
def authority(user_files: tuple[str, ...] = ()) -> Authority:
    auth = _read_authority(user_files)
    auth.finish()
    return auth


@lru_cache(maxsize=8)
def _read_authority(user_files: tuple[str, ...]) -> Authority:
    """The name files read, not yet indexed (`finish`, which romanizes every
    original name, is most of the cost, and `person_words` does not need it)."""
    auth, given = Authority(), set()
    folder = corpus_file("names")
    if folder.is_dir():
        for res in sorted(folder.iterdir(), key=lambda r: r.name):
            if res.name.endswith(".toml"):
                _read(datafile.read(res, f"names/{res.name}"), auth, given)
    for path in user_files:
        before = len(auth.persons)
        _read(datafile.read(Path(path), str(path)), auth, given)
        # a user's entry replaces a shipped one with the same name keys
        mine = {(translit.name_key(p.given), translit.name_key(p.surname)) for p in auth.persons[before:]}
        auth.persons = [p for p in auth.persons[:before]
                        if (translit.name_key(p.given), translit.name_key(p.surname)) not in mine] + \
            auth.persons[before:]
    auth.given = frozenset(given)
    return auth


@dataclass(frozen=True)
class PersonWords:
    given: frozenset[str]  # folded given names of every origin
    surnames: frozenset[str]  # folded surnames of the people in the authority


@lru_cache(maxsize=1)
def person_words() -> PersonWords:
    """The shipped files' given names and surnames, folded.  Kept in the cache
    folder, keyed by the name files and the code that folds them: reading the
    TOML is most of the place check's start-up, and every run needs these."""
    try:
        key = hashlib.sha256(b"".join(_person_words_inputs())).hexdigest()[:16]
        path = cache_dir() / f"person-words-{key}.json"
    except OSError:
        return _person_words()
    try:
        data = json.loads(path.read_text("utf-8"))
        return PersonWords(frozenset(data["given"]), frozenset(data["surnames"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    words = _person_words()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"given": sorted(words.given), "surnames": sorted(words.surnames)}, f)
        os.replace(tmp, path)
        for stale in path.parent.glob("person-words-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache folder: read the files every time
    return words


def _person_words_inputs():
    for module in (translit, sys.modules[__name__]):
        yield Path(module.__file__).read_bytes()
    for res in sorted(corpus_file("names").iterdir(), key=lambda r: r.name):
        if res.name.endswith(".toml"):
            yield res.name.encode() + b"\0" + res.read_bytes()


def _person_words() -> PersonWords:
    auth = _read_authority(())
    surnames = set()
    for p in auth.persons:
        for n in (p.name, *p.accept):
            surnames.add(translit.fold(n.split()[-1]))
    given = set(auth.given) | {translit.fold(p.given) for p in auth.persons if p.given}
    return PersonWords(frozenset(given), frozenset(surnames))

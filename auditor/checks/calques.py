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
A trigger is flagged when its vector is closer to the wrong-sense exemplars
than to the right-sense ones by more than the calibrated margin.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from .. import datafile, suppress
from ..finding import Finding, Position, Suggestion
from ..resources import corpus_file
from ..rules import RULES
from .base import Check, emit, match_case

LANGUAGES = ("ar", "ru", "uk")
ENTRY_KEYS = {"id", "source", "translit", "trigger", "wrong_gloss", "intended", "suggest", "note", "patterns",
              "wrong", "right"}
MIN_EXEMPLARS = 8
EXEMPLAR_CACHE_VERSION = "4"
MIN_RELIABILITY = 0.8  # leave-one-out balanced accuracy an entry needs before the model flags with it


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
        wrong = tuple(datafile.require(item, "wrong", list, where))
        right = tuple(datafile.require(item, "right", list, where))
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
            patterns=patterns, wrong=wrong, right=right))
    return out


def _trigger_re(triggers: tuple[str, ...]) -> re.Pattern:
    body = "|".join(re.escape(t) for t in sorted(triggers, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.I)


def _find_trigger(sentence: str, triggers: tuple[str, ...]) -> tuple[int, int] | None:
    m = _trigger_re(triggers).search(sentence)
    return m.span() if m else None


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
            spread = (sum((m - t_best) ** 2 for m in mw + mr) / len(mw + mr)) ** 0.5
            best = {"stat": stat, "threshold": t_best, "scale": max(spread, 1e-3), "reliability": acc_best}
    return best


def active_languages(setting: tuple[str, ...]) -> tuple[str, ...]:
    if not setting or "auto" in setting:
        return LANGUAGES
    return tuple(lang for lang in setting if lang in LANGUAGES)


class CalquesCheck(Check):
    name = "calques"
    codes = ("AUD101", "AUD102")

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
        self._trigger_res = [(e, _trigger_re(e.triggers)) for e in self.entries]
        self._scorer = None
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
    def _pattern_spans(self, text: str):
        for e in self.entries:
            for rx in e.patterns:
                for m in rx.finditer(text):
                    inner = _find_trigger(m.group(), e.triggers)
                    s, t = (m.start() + inner[0], m.start() + inner[1]) if inner else m.span()
                    yield e, s, t

    def check(self, doc):
        out, taken = [], set()
        for e, s, t in self._pattern_spans(doc.normalized):
            if (s, t) in taken:
                continue
            taken.add((s, t))
            word = doc.text[s:t]
            out.append(emit(doc, "AUD102", s, t, self._message(e, word, "a pattern that is wrong in any context"),
                            [(match_case(word, r), 0.95 - 0.05 * i) for i, r in enumerate(e.suggest)],
                            [f"pack entry {e.id}"]))
        return out

    def collect(self, doc):
        """Trigger words in their sentences, for the deferred model pass."""
        text = doc.normalized
        patterned = {(s, t) for _e, s, t in self._pattern_spans(text)}
        found: dict[tuple[int, int], list[str]] = {}
        for ss, se in doc.sentences:
            sentence = text[ss:se]
            for e, rx in self._trigger_res:
                for m in rx.finditer(sentence):
                    span = (ss + m.start(), ss + m.end())
                    if span not in patterned:
                        found.setdefault(span, []).append(e.id)
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

        h = hashlib.sha256(f"{EXEMPLAR_CACHE_VERSION}:{scorer.key}".encode())
        for df in self._files:
            h.update(df.version.encode())
        h.update(repr(sorted(self.by_id)).encode())
        path = cache_dir() / f"calque-exemplars-{h.hexdigest()[:16]}.pt"
        if path.is_file():
            try:
                return torch.load(path)
            except Exception:  # noqa: BLE001 - a damaged cache is rebuilt
                path.unlink(missing_ok=True)
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
        return result

    def margins(self, items: list[tuple[str, int, int, tuple[str, ...]]]) -> list[tuple[str, float]]:
        """(sentence, start, end, entry ids) -> (best entry id, wrong-minus-right margin)."""
        if self._scorer is None:
            self._scorer = self._load_scorer()
        scorer = self._scorer
        if not hasattr(scorer, "word_vectors"):
            return self._fill_mask_margins(scorer, items)
        ex = self._exemplars(scorer)
        # the same sentence often recurs in a batch (wire copy, republished stories): encode it once
        unique = sorted({(s, a, b) for s, a, b, _ids in items})
        index = {u: i for i, u in enumerate(unique)}
        vecs = scorer.word_vectors(unique)
        out = []
        for (s_, a_, b_, ids) in items:
            v = vecs[index[(s_, a_, b_)]]
            best = ("", -math.inf)
            for eid in ids:
                d = ex[eid]
                if d["reliability"] < MIN_RELIABILITY:
                    continue  # the exemplars do not separate the senses well enough to trust
                m = (_margin(d["wrong"], d["right"], v, d["stat"]) - d["threshold"]) / d["scale"]
                if m > best[1]:
                    best = (eid, m)
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
        rule = RULES["AUD101"]
        out = []
        for (path, rec), (eid, margin) in zip(records, scores, strict=True):
            if margin <= self.settings.margin:
                continue
            e = self.by_id[eid]
            _ids, _sent, _a, _b, start, end, begin, finish, src = rec
            conf = 1 / (1 + math.exp(-(margin - self.settings.margin) * 40))
            out.append(Finding(
                code="AUD101", kind=rule.kind, severity=rule.severity, path=path, start=start, end=end,
                begin=Position(*begin), finish=Position(*finish), text=src,
                message=self._message(e, src, f"read in context (margin {margin:+.3f})"),
                suggestions=tuple(Suggestion(match_case(src, r), round(conf * (1 - 0.05 * i), 3))
                                  for i, r in enumerate(e.suggest)),
                evidence=(f"pack entry {e.id}", f"model {', '.join(self.model_versions) or '?'}")))
        return out

    @staticmethod
    def _message(e: Entry, word: str, how: str) -> str:
        src = f"{e.source} ({e.translit})" if e.translit else e.source
        intended = f" means {e.intended}" if e.intended else ""
        return (f"{word}: likely a mistranslation of {e.lang} {src}, which here{intended}; "
                f"use {' or '.join(e.suggest[:2])} ({how})")

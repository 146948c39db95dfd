"""Place- and person-name checks measured on the SpellingUkraine vocabulary, through the CLI only.

Usage:
  python benchmarks/spelling_ukraine.py places [--data DIR] [--json OUT] [--show-misses N]
  python benchmarks/spelling_ukraine.py people [--data DIR] [--json OUT] [--show-misses N]

What it measures, and how:
  * Entries: <data>/spelling-ukraine/vocabulary/places/*.json (places) or people/*.json plus
    personal_names/*.json (people), read in file-name order. Each has a correctSpelling and
    incorrectSpellings; an incorrect spelling equal to the correct one after normalisation
    (case, apostrophes ' ’ ʼ, hyphens and spaces ignored) is skipped.
  * Every spelling is embedded in one neutral sentence of our own, one sentence per file, in a
    temporary folder: templates are rotated deterministically. Places get a context place: the
    nearest OTHER place of the folder by great-circle distance (haversine), written in its correct
    spelling; an entry without coordinates takes the next eligible entry in file-name order.
    People mode also builds two-sentence files ("mixed": the correct spelling, then an incorrect
    one) for the within-document inconsistency check; there a finding on either mention counts.
  * The CLI runs once over the whole folder (`auditor check DIR --format json --fail-on never
    --select CODES`), and only its JSON report is read: findings of the measured kinds
    (places: translit_place; people: translit_person and inconsistent) are matched to the files.
  * detection: an incorrect spelling counts as detected when a finding of a measured kind overlaps
    its span. correction (top-1): applying the first suggestion of every such overlapping finding
    turns the text into the one written with the correct spelling, compared after normalisation;
    for a finding that covers exactly the name this is "first suggestion == correctSpelling".
    Its denominator is all incorrect spellings, detected or not. false alarms: a correct-spelling
    sentence with any finding of a measured kind anywhere in it.
  * correction, same place (places only, printed beside the strict figure): also counts a first
    suggestion that is not the data's spelling but names the very place the data means, by its
    current or national name (Artemovsk -> Bakhmut where the data writes the former Artemivsk;
    Pripyat -> Prypiat where it writes Prypyat). It counts only when the gazetteer reads the data's
    correct spelling as a place whose house form is the suggestion and which lies within
    SAME_PLACE_KM of the data's own coordinates for the entry; entries without coordinates count
    strictly. The gazetteer is read for this judgement only, after the CLI run.
  * places mode measures AUD2 (kind translit_place) and AUD301 (the house-style pack, kind style):
    the place check leaves a Russian-form name that the style pack owns (Kharkov, Lugansk) to
    AUD301, so without it those would count as misses. AUD302/AUD303 (other romanizations and
    official former names, house style at info level) are not measured unless selected.
Targets are printed beside the figures; the exit code is 0 whatever they are (2 when the CLI
rejects the run, e.g. `--select AUD2` before any AUD2 rule exists; 0 with "skipped: data absent"
when the data folder is missing).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from auditor_cli import (  # noqa: E402 - the sibling module, wherever the script is run from
    REPO,
    AuditorError,
    explain,
    rules_measured,
    run_auditor,
    spread,
)

DEFAULT_DATA = REPO.parent / "shared" / "data"

TARGET_DETECTION = 0.8
TARGET_CORRECTION = 0.8
TARGET_FALSE_ALARMS = 0.02
SAME_PLACE_KM = 15.0  # a suggestion's place and the data's coordinates: the same town, not a neighbour

MODES: dict[str, dict[str, Any]] = {
    # AUD301: the style pack's place spellings (Kharkov), which the place check leaves to it
    "places": {"folders": ["places"], "kinds": ["translit_place", "style"], "select": "AUD2,AUD301"},
    # person-name rule codes are not fixed yet: run every rule and keep the person kinds
    "people": {"folders": ["people", "personal_names"], "kinds": ["translit_person", "inconsistent"], "select": ""},
}

# {X}: the spelling under test; {CTX}: a nearby place, correctly spelled.
PLACE_TEMPLATES = [
    "Local officials in {X} said on Tuesday that power had been restored, according to the administration "
    "in nearby {CTX}.",
    "{X} came under shelling overnight, and several families were moved to shelters in {CTX}, the regional "
    "governor said.",
    "Volunteers drove from {CTX} to {X} with food, medicine and generators, a spokesperson for the group "
    "told reporters.",
    "The road between {X} and {CTX} reopened on Friday after repair crews cleared the damage.",
    "Residents of {X} queued for water on Sunday, while buses to {CTX} ran on a reduced timetable.",
    "A new school opened in {X} this week, the first since the war began, officials in {CTX} said.",
]

# {X}: the person's name (full name or first name); no pronouns, no place names.
PERSON_TEMPLATES = [
    "{X} told reporters on Tuesday that the talks would continue next week.",
    "In a statement released on Sunday, {X} thanked the volunteers who had helped with the evacuation.",
    "\u201cWe will rebuild everything,\u201d {X} said at a meeting with local business owners.",
    "The interview with {X} was recorded before the announcement and broadcast on Monday evening.",
    "According to colleagues, {X} had worked at the hospital for more than ten years.",
    "Asked about the new rules, {X} said that more time was needed to prepare.",
]

_IGNORED = re.compile(r"[\s'\u2019\u02bc\u2018`\-\u2010\u2011]+")


@dataclass(frozen=True)
class Entry:
    slug: str  # file name without .json
    folder: str
    category: str
    correct: str
    incorrect: tuple[str, ...]
    lat: float | None = None
    lng: float | None = None


# (spelling) -> the places it names, each as (house form, lat, lng)
PlacesNamed = Callable[[str], Iterable[tuple[str, float, float]]]


@dataclass
class Item:
    """One test file: a text with the spelling under test at [start, end)."""

    file: str
    slug: str
    label: str  # incorrect | correct | mixed
    name: str
    correct: str
    text: str
    start: int
    end: int
    expected: str  # the text as it should read once corrected
    context: str = ""
    lat: float | None = None  # the entry's coordinates (places)
    lng: float | None = None
    extra_spans: list[tuple[int, int]] = field(default_factory=list)  # other mentions (mixed)
    detected: bool = False
    corrected: bool = False
    corrected_place: bool = False  # corrected, or the suggestion names the same place (same_place)
    flagged: bool = False  # any finding of a measured kind in the file
    findings: list[dict[str, Any]] = field(default_factory=list)


# ---- pure helpers (tested in tests/test_benchmarks_scripts.py) ------------------------------------------


def normalise(name: str) -> str:
    """Case-folded, without apostrophes (' ’ ʼ), hyphens and spaces: Bila Tserkva == bila-tserkva."""
    return _IGNORED.sub("", name).casefold()


def same_name(a: str, b: str) -> bool:
    return normalise(a) == normalise(b)


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open spans [a_start, a_end) and [b_start, b_end) share at least one character."""
    return max(a_start, b_start) < min(a_end, b_end)


def fill(template: str, name: str, context: str = "") -> tuple[str, int, int]:
    """-> (sentence, start, end) with name at [start, end); template holds one {X} and at most one {CTX}."""
    if template.count("{X}") != 1:
        raise ValueError(f"template needs exactly one {{X}}: {template!r}")
    before, after = template.split("{X}")
    before, after = before.replace("{CTX}", context), after.replace("{CTX}", context)
    return before + name + after, len(before), len(before) + len(name)


def apply_suggestions(text: str, findings: Iterable[dict[str, Any]]) -> str:
    """text with each finding's first suggestion put in place of its span; overlapping findings: first wins."""
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: (f["start"], f["end"])):
        if not f.get("suggestions") or f["start"] < pos:
            continue
        out.append(text[pos:f["start"]])
        out.append(f["suggestions"][0]["replacement"])
        pos = f["end"]
    out.append(text[pos:])
    return "".join(out)


def nearest_context(entries: Sequence[Entry], i: int) -> Entry | None:
    """The nearest other entry with coordinates whose correct spelling cannot be confused with entry i's
    spellings; without coordinates, the next eligible entry in order. Ties: the earlier entry."""
    me = entries[i]
    mine = [normalise(s) for s in (me.correct, *me.incorrect)]

    def eligible(j: int) -> bool:
        other = normalise(entries[j].correct)
        return j != i and bool(other) and not any(m and (m in other or other in m) for m in mine)

    if me.lat is not None and me.lng is not None:
        best: tuple[float, int] | None = None
        for j, e in enumerate(entries):
            if e.lat is None or e.lng is None or not eligible(j):
                continue
            d = haversine_km(me.lat, me.lng, e.lat, e.lng)
            if best is None or d < best[0]:
                best = (d, j)
        if best is not None:
            return entries[best[1]]
    for k in range(1, len(entries)):
        j = (i + k) % len(entries)
        if eligible(j):
            return entries[j]
    return None


def spellings_to_test(entry: Entry) -> tuple[list[str], list[str]]:
    """-> (incorrect spellings kept, skipped because they equal the correct one after normalisation)."""
    kept, skipped, seen = [], [], {normalise(entry.correct)}
    for s in entry.incorrect:
        n = normalise(s)
        if n == normalise(entry.correct):
            skipped.append(s)
        elif n and n not in seen:
            kept.append(s)
        seen.add(n)
    return kept, skipped


def build_place_items(entries: Sequence[Entry]) -> tuple[list[Item], list[str]]:
    """-> (items, skipped spellings as 'slug: spelling')."""
    items: list[Item] = []
    skipped_all: list[str] = []
    for i, e in enumerate(entries):
        ctx = nearest_context(entries, i)
        ctx_name = ctx.correct if ctx else "the regional centre"
        kept, skipped = spellings_to_test(e)
        skipped_all += [f"{e.slug}: {s}" for s in skipped]
        for k, (label, name) in enumerate([("correct", e.correct)] + [("incorrect", s) for s in kept]):
            tpl = PLACE_TEMPLATES[(i + k) % len(PLACE_TEMPLATES)]
            text, start, end = fill(tpl, name, ctx_name)
            expected = fill(tpl, e.correct, ctx_name)[0]
            items.append(Item(file=f"{len(items):05d}.txt", slug=e.slug, label=label, name=name, correct=e.correct,
                              text=text, start=start, end=end, expected=expected, context=ctx_name,
                              lat=e.lat, lng=e.lng))
    return items, skipped_all


def build_person_items(entries: Sequence[Entry]) -> tuple[list[Item], list[str]]:
    """Single sentences (correct, incorrect) and two-sentence texts (correct, then incorrect: 'mixed')."""
    items: list[Item] = []
    skipped_all: list[str] = []
    n = len(PERSON_TEMPLATES)
    for i, e in enumerate(entries):
        kept, skipped = spellings_to_test(e)
        skipped_all += [f"{e.slug}: {s}" for s in skipped]
        for k, (label, name) in enumerate([("correct", e.correct)] + [("incorrect", s) for s in kept]):
            tpl = PERSON_TEMPLATES[(i + k) % n]
            text, start, end = fill(tpl, name)
            items.append(Item(file=f"{len(items):05d}.txt", slug=e.slug, label=label, name=name, correct=e.correct,
                              text=text, start=start, end=end, expected=fill(tpl, e.correct)[0]))
        for k, name in enumerate(kept):
            first, f_start, f_end = fill(PERSON_TEMPLATES[(i + k + 1) % n], e.correct)
            tpl = PERSON_TEMPLATES[(i + k + 3) % n]
            second, start, end = fill(tpl, name)
            off = len(first) + 1
            items.append(Item(file=f"{len(items):05d}.txt", slug=e.slug, label="mixed", name=name, correct=e.correct,
                              text=f"{first} {second}", start=off + start, end=off + end,
                              expected=f"{first} {fill(tpl, e.correct)[0]}", extra_spans=[(f_start, f_end)]))
    return items, skipped_all


def same_place(it: Item, hits: Sequence[dict[str, Any]], places_named: PlacesNamed) -> bool:
    """The first suggestion of the finding on exactly the name is the house form of a place that the
    data's correct spelling names and that lies within SAME_PLACE_KM of the entry's coordinates."""
    if it.lat is None or it.lng is None:
        return False
    exact = [f for f in hits if (f["start"], f["end"]) == (it.start, it.end) and f.get("suggestions")]
    if not exact:
        return False
    suggestion = exact[0]["suggestions"][0]["replacement"]
    return any(same_name(house, suggestion) and haversine_km(it.lat, it.lng, lat, lng) <= SAME_PLACE_KM
               for house, lat, lng in places_named(it.correct))


def score(items: Sequence[Item], findings: Iterable[dict[str, Any]], kinds: Iterable[str],
          places_named: PlacesNamed | None = None) -> None:
    """Fill in detected / corrected / flagged from the report's findings (matched by file name);
    with places_named, also corrected_place (see same_place)."""
    kinds = set(kinds)
    by_file: dict[str, list[dict[str, Any]]] = {}
    for f in findings:
        if f.get("kind") in kinds:
            by_file.setdefault(Path(f["path"]).name, []).append(f)
    for it in items:
        fs = by_file.get(it.file, [])
        it.findings = fs
        it.flagged = bool(fs)
        spans = [(it.start, it.end), *it.extra_spans]
        hits = [f for f in fs if any(overlaps(f["start"], f["end"], s, e) for s, e in spans)]
        it.detected = bool(hits)
        it.corrected = bool(hits) and same_name(apply_suggestions(it.text, hits), it.expected)
        it.corrected_place = it.corrected or (places_named is not None and bool(hits)
                                              and same_place(it, hits, places_named))


def rate(k: int, n: int) -> float:
    return k / n if n else 0.0


def summarise(items: Sequence[Item]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label in ("incorrect", "mixed"):
        group = [it for it in items if it.label == label]
        if not group:
            continue
        det = sum(it.detected for it in group)
        cor = sum(it.corrected for it in group)
        cor_place = sum(it.corrected_place for it in group)
        out[label] = {"n": len(group), "detected": det, "detection": rate(det, len(group)), "corrected": cor,
                      "correction": rate(cor, len(group)), "corrected_same_place": cor_place,
                      "correction_same_place": rate(cor_place, len(group)), "correction_of_detected": rate(cor, det),
                      "stray": sum(it.flagged and not it.detected for it in group)}
    good = [it for it in items if it.label == "correct"]
    fa = sum(it.flagged for it in good)
    out["correct"] = {"n": len(good), "false_alarms": fa, "false_alarm_rate": rate(fa, len(good)),
                      "on_name": sum(it.detected for it in good)}
    return out


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


# ---- data and CLI -------------------------------------------------------------------------------------


def load_entries(vocab: Path, folders: Sequence[str]) -> list[Entry]:
    entries = []
    for folder in folders:
        for p in sorted((vocab / folder).glob("*.json")):
            d = json.loads(p.read_text("utf-8"))
            loc = d.get("location") or {}
            entries.append(Entry(slug=p.stem, folder=folder, category=d.get("category", ""),
                                 correct=d["correctSpelling"], incorrect=tuple(d.get("incorrectSpellings") or ()),
                                 lat=loc.get("lat"), lng=loc.get("lng")))
    return entries


def gazetteer_places_named() -> PlacesNamed:
    """places_named from the project's gazetteer (built or loaded from its cache)."""
    sys.path.insert(0, str(REPO))
    from auditor import gazetteer, translit

    gaz = gazetteer.shared()

    def named(spelling: str) -> list[tuple[str, float, float]]:
        return [(p.short, p.lat, p.lon) for p, _status in gaz.forms(translit.fold(spelling)) if p.lat or p.lon]

    return named


def show(items: Sequence[Item], n: int) -> None:
    def line(it: Item) -> str:
        fs = "; ".join(f"{f['code']} {f['text']!r} -> "
                       f"{f['suggestions'][0]['replacement'] if f['suggestions'] else '(none)'!r}"
                       f" @{f['start']}-{f['end']}" for f in it.findings) or "no finding"
        return f"  [{it.slug}] {it.name!r} (correct {it.correct!r}): {it.text}\n      findings: {fs}"

    bad = [it for it in items if it.label != "correct"]
    groups = [("missed (not detected)", [it for it in bad if not it.detected]),
              ("detected, wrong top-1 correction", [it for it in bad if it.detected and not it.corrected]),
              ("  of which the same place by another name", [it for it in bad if it.corrected_place
                                                             and not it.corrected]),
              ("false alarms (correct spelling flagged)", [it for it in items if it.label == "correct" and it.flagged])]
    for title, group in groups:
        print(f"\n{title}: {len(group)}" + (f", showing {min(n, len(group))}" if group else ""))
        for it in spread(group, n):
            print(line(it))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=sorted(MODES))
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder [{DEFAULT_DATA}]")
    ap.add_argument("--select", help="rule codes for --select ('' for all rules) [places: AUD2,AUD301; people: all]")
    ap.add_argument("--kind", action="append", help="finding kind to measure (repeatable) "
                    "[places: translit_place, style; people: translit_person, inconsistent]")
    ap.add_argument("--config", help="config file passed to auditor (default: none, the built-in defaults)")
    ap.add_argument("--json", metavar="OUT", type=Path, help="also write the results as JSON")
    ap.add_argument("--show-misses", metavar="N", type=int, default=0,
                    help="print N misses, wrong corrections and false alarms")
    args = ap.parse_args(argv)

    mode = MODES[args.mode]
    select = mode["select"] if args.select is None else args.select
    kinds = args.kind or mode["kinds"]
    vocab = args.data / "spelling-ukraine" / "vocabulary"
    if not vocab.is_dir():
        print(f"skipped: data absent ({vocab})")
        return 0
    entries = load_entries(vocab, mode["folders"])
    build = build_place_items if args.mode == "places" else build_person_items
    items, skipped = build(entries)

    with tempfile.TemporaryDirectory(prefix="auditor-su-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for it in items:
            (corpus / it.file).write_text(it.text + "\n", encoding="utf-8")
        try:
            report = run_auditor([str(corpus)], select, tmp, args.config)
        except AuditorError as err:
            print(explain(err, select), file=sys.stderr)
            return 2
    score(items, report.get("findings", []), kinds, gazetteer_places_named() if args.mode == "places" else None)
    res = summarise(items)

    n_inc = sum(it.label == "incorrect" for it in items)
    print(f"spelling-ukraine {args.mode}: {len(entries)} entries from {', '.join(mode['folders'])}; "
          f"{res['correct']['n']} correct and {n_inc} incorrect spellings ({len(skipped)} skipped: same after "
          f"normalisation); select {select or 'all rules'}; kinds {', '.join(kinds)}")
    print(f"  auditor {report.get('tool', {}).get('version', '?')}: {report['summary']['files']} files, "
          f"{report['summary']['findings']} findings {report['summary'].get('by_kind', {})}, "
          f"{report['summary'].get('not_audited', 0)} not audited")
    codes = rules_measured(select, kinds)
    if codes is not None:
        none = "NONE: `auditor rules` lists no rule of these kinds under this --select; the figures measure nothing"
        print(f"  rules measured: {', '.join(codes) if codes else none}")
    print(f"{'measure':<44} {'n':>5} {'rate':>7} {'count':>11}   target")
    rows = []
    for label, title in (("incorrect", "incorrect spellings"), ("mixed", "correct then incorrect")):
        r = res.get(label)
        if not r:
            continue
        rows += [(f"detection: {title}", r["n"], r["detection"], r["detected"], TARGET_DETECTION, True),
                 (f"correction top-1: {title}", r["n"], r["correction"], r["corrected"], TARGET_CORRECTION, True)]
        if args.mode == "places":
            rows.append(("  same place (current or national name)", r["n"], r["correction_same_place"],
                         r["corrected_same_place"], TARGET_CORRECTION, True))
    c = res["correct"]
    rows.append(("false alarms: correct spellings", c["n"], c["false_alarm_rate"], c["false_alarms"],
                 TARGET_FALSE_ALARMS, False))
    for title, n, value, count, target, at_least in rows:
        ok = value >= target if at_least else value <= target
        print(f"{title:<44} {n:>5} {value:>7.3f} {f'{count}/{n}':>11}   {'>=' if at_least else '<='} "
              f"{target:.2f} {verdict(ok)}")
    for label in ("incorrect", "mixed"):
        if label in res:
            r = res[label]
            print(f"  {label}: correction among detected {r['correction_of_detected']:.3f}; "
                  f"{r['stray']} texts flagged only away from the name")
    print(f"  correct: {c['on_name']} of the {c['false_alarms']} false alarms are on the name itself")
    if args.show_misses:
        show(items, args.show_misses)
    if args.json:
        out = {"mode": args.mode, "select": select, "kinds": kinds, "entries": len(entries), "skipped": skipped,
               "targets": {"detection": TARGET_DETECTION, "correction": TARGET_CORRECTION,
                           "false_alarms": TARGET_FALSE_ALARMS},
               "tool": report.get("tool"), "results": res, "items": [asdict(it) for it in items]}
        args.json.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput, memory and start-up of `auditor check`, one row per layer of rules.

What it measures, and how:
  * A corpus of N articles (--articles, default 1000) is generated deterministically
    (random.Random(--seed)) in a temporary folder by shuffling and recombining the
    paragraphs of the project's own texts (corpora/samples/*.txt, corpora/eval/articles/*.txt),
    3-12 paragraphs each, sometimes with web-page residue lines; ~80% .txt, ~10% .md, ~10% .html.
  * For each layer (a name and the rule-code prefixes it selects), the batch is run as
    `auditor check DIR --select ... --format json --output /dev/null --workers W --fail-on never`
    inside a fresh Python wrapper process, which times it with time.perf_counter and reports
    getrusage(RUSAGE_CHILDREN).ru_maxrss: the peak RSS of the largest single process among the
    auditor and its pool workers. A fresh wrapper per run keeps one run's peak out of the next.
    The layers are run in turn --repeat times (default 3), so a slow spell of a shared machine
    falls on every layer alike; a layer's wall time is its fastest run (as timeit reports),
    its peak RSS the largest, and every run is kept in the --json output.
  * The package is byte-compiled first (compileall, as `make` does), as an installed package
    is: where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile it again, which
    adds about 0.06 s to every run of every layer.
  * Start-up: a cold single-article `auditor check ONE.txt --format json --output /dev/null`,
    repeated 5 times; min and median wall seconds.
The targets are printed next to the figures as PASS/FAIL; the exit code is 0 regardless.
"""
from __future__ import annotations

import argparse
import compileall
import html
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import auditor  # the package as installed (editable: the source tree), byte-compiled before timing

REPO = Path(__file__).resolve().parent.parent
AUDITOR = str(Path(sys.executable).parent / "auditor")

# One line per layer: (name, rule-code prefixes passed to --select).
LAYERS = [
    ("foundation", ["AUD301", "AUD4"]),  # house style, boilerplate, untranslated
    # each check on top of the foundation alone, as its issue measures it
    ("+places", ["AUD20", "AUD302", "AUD303", "AUD301", "AUD4"]),  # place names (gazetteer), national romanization
    ("+names", ["AUD21", "AUD301", "AUD4"]),  # person names, with the corpus-level pass
    ("+calques", ["AUD1", "AUD301", "AUD4"]),  # calque patterns and the contextual model
    ("all", ["ALL"]),
]
# A layer may cost at most this factor of the foundation's batch time.
LAYER_BUDGET = {"+places": 1.3, "+names": 1.5, "+calques": 2.0}

TARGET_RATE = 100.0  # articles/s: 1,000 articles under 10 s on 2 cores
TARGET_STARTUP = 1.0  # s: single article, cold (foundation)
TARGET_STARTUP_ALL = 1.5  # s: single article, cold, every rule, gazetteer index cached
RESIDUE = ["Source link", "Leave a Reply", "Share this:", "Related Posts", "Advertisement",
           "Your email address will not be published. Required fields are marked *"]

# Runs argv[1:] and prints its wall time and the peak RSS of all descendants it waited for.
WRAPPER = """import json, resource, subprocess, sys, time
t = time.perf_counter()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
wall = time.perf_counter() - t
print(json.dumps({"rc": rc, "wall": wall, "maxrss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def measure(cmd: list[str], cwd: str) -> tuple[float, float]:
    """-> (wall seconds, peak RSS MiB) of one run of cmd in a fresh wrapper process."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, *cmd], cwd=cwd, check=True,
                         capture_output=True, text=True)
    res = json.loads(out.stdout)
    if res["rc"] > 1:
        sys.exit(f"bench: {' '.join(cmd)} exited {res['rc']}:\n{out.stderr}")
    per_mib = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return res["wall"], res["maxrss"] / per_mib


def paragraphs() -> tuple[list[str], list[str]]:
    """-> (titles, body paragraphs) from the project's own texts, split on blank lines."""
    titles, body = [], []
    files = sorted(REPO.glob("corpora/samples/*.txt")) + sorted(REPO.glob("corpora/eval/articles/*.txt"))
    for f in files:
        blocks = [b.strip() for b in re.split(r"\n\s*\n", f.read_text("utf-8")) if b.strip()]
        titles.append(blocks[0])
        body.extend(blocks[1:])
    return titles, body


def generate(folder: Path, n: int, seed: int) -> int:
    """Write n articles into folder; -> total bytes written."""
    rng = random.Random(seed)
    titles, body = paragraphs()
    total = 0
    for i in range(n):
        title = rng.choice(titles)
        paras = rng.sample(body, min(len(body), rng.randint(3, 12)))
        if rng.random() < 0.15:
            paras += rng.sample(RESIDUE, rng.randint(1, 2))
        kind = rng.random()
        if kind < 0.1:
            name, text = f"a{i:05d}.md", f"# {title}\n\n" + "\n\n".join(paras) + "\n"
        elif kind < 0.2:
            ps = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
            name, text = f"a{i:05d}.html", (
                f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{html.escape(title)}'
                '</title></head>\n<body>\n<nav><a href="/">Home</a> <a href="/world">World</a></nav>\n'
                f"<article>\n<h1>{html.escape(title)}</h1>\n{ps}\n</article>\n"
                "<footer>&copy; Example News. All rights reserved.</footer>\n</body>\n</html>\n")
        else:
            name, text = f"a{i:05d}.txt", title + "\n\n" + "\n\n".join(paras) + "\n"
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        total += len(data)
    return total


GAZ_BUILD = """import json, resource, sys, time
from pathlib import Path
from auditor import gazetteer
stats = gazetteer.build(Path(sys.argv[1]))
stats["build_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(stats))
"""
GAZ_LOAD = """import json, resource, sys, time
from pathlib import Path
t = time.perf_counter()
from auditor import gazetteer
g = gazetteer.Gazetteer(Path(sys.argv[1]))
for w in ("kyiv", "graivoron", "belgorod", "deir ez zor", "gostomel"):
    g.forms(w)
g.common_words()
print(json.dumps({"load_s": time.perf_counter() - t,
                  "load_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


MODEL = """import json, sys, time
t0 = time.perf_counter()
import torch, transformers  # noqa: F401
from auditor import senses
from auditor.checks.calques import CalquesCheck, _find_trigger
from auditor.config import Config
spec = senses.resolve(None)
t1 = time.perf_counter()
# transformers imports an architecture's code lazily, inside from_pretrained: time that apart
cfg = transformers.AutoConfig.from_pretrained(spec.path, local_files_only=True)
transformers.AutoModel._model_mapping[type(cfg)]
t1a = time.perf_counter()
enc = senses.Encoder(spec, threads=int(sys.argv[1]))
t2 = time.perf_counter()
items = []
for e in CalquesCheck(Config()).entries:
    for s in e.wrong + e.right:
        a, b = _find_trigger(s, e.triggers)
        items.append((s, a, b))
items = (items * 3)[:1000]
t3 = time.perf_counter()
enc.word_vectors(items)
t4 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "arch_import_s": t1a - t1, "load_s": t2 - t1a,
                  "sentences": len(items), "encode_s": t4 - t3,
                  "per_s": len(items) / (t4 - t3), "threads": int(sys.argv[1])}))
"""


def model_figures(threads: int = 2) -> dict:
    """Model load time (after the imports) and word-in-context encoding rate, in a fresh process."""
    out = subprocess.run([sys.executable, "-c", MODEL, str(threads)], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def gazetteer_figures(tmp: Path) -> dict:
    """Build the place index from scratch into tmp, then time opening it in a fresh process."""
    db = tmp / "gazetteer-bench.sqlite"
    out = subprocess.run([sys.executable, "-c", GAZ_BUILD, str(db)], check=True, capture_output=True, text=True)
    stats = json.loads(out.stdout)
    out = subprocess.run([sys.executable, "-c", GAZ_LOAD, str(db)], check=True, capture_output=True, text=True)
    stats.update(json.loads(out.stdout))
    return stats


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each layer; the fastest is reported")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")

    compileall.compile_dir(Path(auditor.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory(prefix="auditor-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        mb = generate(corpus, args.articles, args.seed) / 1e6
        rows = []
        # build the place index once (a first run on a fresh machine does), so layers time audits only
        subprocess.run([AUDITOR, "check", str(min(corpus.glob("*.txt"))), "--fail-on", "never", "--format", "json",
                        "--output", "/dev/null"], cwd=tmp, check=True)
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _select in LAYERS}
        for _ in range(args.repeat):
            for name, select in LAYERS:
                cmd = [AUDITOR, "check", str(corpus), "--select", ",".join(select), "--format", "json",
                       "--output", "/dev/null", "--workers", str(args.workers), "--fail-on", "never"]
                runs[name].append(measure(cmd, tmp))
        for name, select in LAYERS:
            wall, rss = min(w for w, _r in runs[name]), max(r for _w, r in runs[name])
            rows.append({"layer": name, "select": select, "wall_s": wall, "mb_per_s": mb / wall,
                         "articles_per_s": args.articles / wall, "peak_rss_mib": rss,
                         "runs_s": [w for w, _r in runs[name]]})
        one = str(min(corpus.glob("*.txt")))
        starts = [measure([AUDITOR, "check", one, "--select", "AUD301,AUD4", "--format", "json",
                           "--output", "/dev/null"], tmp)[0] for _ in range(5)]
        starts_all = [measure([AUDITOR, "check", one, "--ignore", "AUD1", "--format", "json", "--output",
                               "/dev/null"], tmp)[0] for _ in range(5)]
        gaz = gazetteer_figures(Path(tmp))
        model = model_figures()
    startup = {"min_s": min(starts), "median_s": statistics.median(starts), "runs_s": starts}
    startup_all = {"min_s": min(starts_all), "median_s": statistics.median(starts_all), "runs_s": starts_all}

    print(f"auditor benchmark: {args.articles} articles, {mb:.2f} MB, workers={args.workers}, seed={args.seed}, "
          f"fastest of {args.repeat} runs per layer")
    print(f"{'layer':<12} {'select':<12} {'wall s':>8} {'MB/s':>8} {'articles/s':>11} {'peak RSS MiB':>13}  target")
    base = rows[0]["wall_s"]
    for r in rows:
        budget = LAYER_BUDGET.get(r["layer"])
        r["vs_foundation"] = r["wall_s"] / base
        if r["layer"] == "all":
            ok, target = True, f"{r['vs_foundation']:.2f}x the foundation's time (no budget)"
        elif budget:
            r["vs_foundation"] = r["wall_s"] / base
            ok = r["vs_foundation"] <= budget
            target = f"{r['vs_foundation']:.2f}x the foundation's time (budget {budget}x)"
        else:
            ok = r["articles_per_s"] >= TARGET_RATE
            target = "1,000 articles under 10 s on 2 cores"
        r["target_pass"] = ok
        print(f"{r['layer']:<12} {','.join(r['select']):<12} {r['wall_s']:>8.2f} {r['mb_per_s']:>8.2f} "
              f"{r['articles_per_s']:>11.1f} {r['peak_rss_mib']:>13.1f}  {verdict(ok)} {target}")
    startup["target_pass"] = startup["median_s"] < TARGET_STARTUP
    print(f"start-up, foundation rules (1 article, 5 runs): min {startup['min_s']:.2f} s, "
          f"median {startup['median_s']:.2f} s  {verdict(startup['target_pass'])} (under {TARGET_STARTUP} s cold)")
    startup_all["target_pass"] = startup_all["median_s"] < TARGET_STARTUP_ALL
    print(f"start-up, every rule but the model, index cached (1 article, 5 runs): min {startup_all['min_s']:.2f} s, "
          f"median {startup_all['median_s']:.2f} s  {verdict(startup_all['target_pass'])} "
          f"(under {TARGET_STARTUP_ALL} s cold)")
    ready = model["import_s"] + model["arch_import_s"] + model["load_s"]
    print(f"model: load {model['load_s']:.2f} s (tokenizer, weights, sha256 check)  "
          f"{verdict(model['load_s'] < 2.0)} (under 2 s); before it, imports {model['import_s']:.2f} s "
          f"(torch, transformers) + {model['arch_import_s']:.2f} s (transformers' BERT code): "
          f"ready {ready:.2f} s cold")
    print(f"model: {model['sentences']} trigger sentences in {model['encode_s']:.2f} s = "
          f"{model['per_s']:.0f}/s on {model['threads']} threads  {verdict(model['per_s'] >= 200)} (>= 200/s)")
    print(f"gazetteer index: build {gaz['build_s']:.1f} s (peak RSS {gaz['build_rss_mib']:.0f} MiB), "
          f"{gaz['bytes'] / 1e6:.0f} MB on disk, {gaz['places']:,} places, {gaz['forms']:,} spellings; "
          f"open + first lookups {gaz['load_s'] * 1000:.0f} ms (RSS {gaz['load_rss_mib']:.0f} MiB)")
    if args.json:
        result = {"articles": args.articles, "mb": mb, "workers": args.workers, "seed": args.seed,
                  "layers": rows, "startup": startup, "startup_all_rules": startup_all, "gazetteer": gaz,
                  "model": model}
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

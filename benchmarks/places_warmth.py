"""How much of the place check's batch time is what it learns once per process.

Runs `pipeline.run` over generated articles (benchmarks/bench.py's corpus, --seed,
default 0) in a fresh Python process per run, timed in that process, in five modes:

  foundation  AUD301,AUD4 only
  cold        the +places layer, as a real run: the place check starts with nothing learned
  gazetteer   the +places layer; before the timer starts, a throwaway place check has read
              the whole batch in the main process, so the gazetteer's answers (SQLite
              lookups and the places they return) are cached
  chunks      ... and the check's reading of every capitalised chunk is copied in too
  all         ... and everything the check memoizes (close spellings, words around names);
              this also holds per-passage memos, which the generated corpus, built from
              a small pool of paragraphs, reuses more than real news would

What is learned is where the check runs: in the main process with 2-3 workers
(Check.main_process), else in every worker, which forks from the warmed main process.
The difference between `cold` and the others is that learning. Prints min-max wall
seconds of --repeat runs (default 5) per mode. Diagnostic only: the timed part includes
no warming, and a real run gets `cold`.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

MODES = ("foundation", "cold", "gazetteer", "chunks", "all")
FOUNDATION = ("AUD301", "AUD4")
PLACES = ("AUD20", "AUD302", "AUD303", "AUD301", "AUD4")


def one_run(folder: str, mode: str) -> float:
    from auditor import pipeline
    from auditor.checks import places
    from auditor.config import Config
    from auditor.loaders import load

    config = Config(select=FOUNDATION if mode == "foundation" else PLACES)
    engines = pipeline.engines_for(config)
    if mode not in ("foundation", "cold"):
        check = next(e for e in engines if e.name == "places")
        learner = places.PlacesCheck(config)  # shares the process's gazetteer, and so fills its caches
        for f in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            learner.check(load(str(f), str(f), config.encoding))
        if mode == "chunks":
            check._read.update(learner._read)
            check._spellings.update(learner._spellings)
        elif mode == "all":
            check.__dict__.update(learner.__dict__)
        if mode != "all":
            places._tail_words.cache_clear()
    t = time.perf_counter()
    pipeline.run([folder], config, progress=False)
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--run", nargs=2, metavar=("FOLDER", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.run:
        print(one_run(*args.run))
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench

    with tempfile.TemporaryDirectory() as tmp:
        bench.generate(Path(tmp), args.articles, args.seed)
        times: dict[str, list[float]] = {m: [] for m in MODES}
        for _ in range(args.repeat):  # modes in turn, so a slow spell of the machine falls on all alike
            for mode in MODES:
                out = subprocess.run([sys.executable, __file__, "--run", tmp, mode], check=True,
                                     capture_output=True, text=True)
                times[mode].append(float(out.stdout.split()[-1]))
    print(f"pipeline.run wall seconds, {args.articles} articles (seed {args.seed}), {args.repeat} runs each")
    for mode in MODES:
        print(f"  {mode:<11} {min(times[mode]):.2f}-{max(times[mode]):.2f}")


if __name__ == "__main__":
    main()

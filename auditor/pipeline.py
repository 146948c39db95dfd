"""run(paths, config) -> Report: discover files, audit each, then the corpus pass.

Documents are audited in `workers` processes (see pool.py), the main process
one of them; each builds the engines once.  With a few workers, the engines
marked `main_process` run in the main process instead, over the documents
the other workers send back.  Results come back in file order, so the report is the
same for any number of workers.
"""
from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import __version__, pool, suppress
from .checks import ENGINES, Check
from .config import Config
from .document import Document
from .finding import Finding
from .loaders import TEXT_SUFFIXES, LoadError, load
from .rules import RULES

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox"}
# Check.main_process engines run in the main process with up to this many workers.  The main
# process then does their share of the work beside the workers (the place check: about a quarter
# of the foundation's); with more workers it would hold the batch up, and they run in the workers.
MAIN_PROCESS_MAX_WORKERS = 3


@dataclass(frozen=True)
class FileProblem:
    path: str
    kind: str  # unreadable, binary, encoding, missing
    detail: str


@dataclass
class Report:
    findings: list[Finding]
    files: list[str]
    problems: list[FileProblem] = field(default_factory=list)
    unused: list[suppress.Unused] = field(default_factory=list)
    versions: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    elapsed: float = 0.0
    # display path -> the file's decoded original text; only with run(..., keep_sources=True)
    sources: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity.value] += 1
        return out

    def exit_code(self, fail_on: str) -> int:
        """0 clean below the threshold, 1 findings at/above it or a file not audited."""
        if fail_on == "never":
            return 0
        threshold = {"error": 3, "warning": 2, "info": 1}[fail_on]
        if self.problems or any(f.severity.rank >= threshold for f in self.findings):
            return 1
        return 0


# ---- discovery -------------------------------------------------------------
def _display(path: Path) -> str:
    """Relative to the working directory when under it; symlinks are not followed,
    so a link is reported under its own name."""
    full, cwd = os.path.abspath(path), os.getcwd()
    if full.startswith(cwd.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(full, cwd)).as_posix()
    return path.as_posix()


def _globbed(rel: str, globs) -> bool:
    p = PurePosixPath(rel)
    return any(fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(p.name, g) or p.match(g) for g in globs)


def discover(paths, config: Config) -> tuple[list[tuple[str, str]], list[FileProblem]]:
    """-> ([(real path, display path)], problems). Folders are walked recursively;
    a file named on the command line is always audited."""
    found: dict[str, str] = {}
    problems = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for name in files:
                    fp = Path(root) / name
                    rel = fp.relative_to(p).as_posix()
                    if config.include:
                        if not _globbed(rel, config.include):
                            continue
                    elif fp.suffix.lower() not in TEXT_SUFFIXES:
                        continue
                    if config.exclude and _globbed(rel, config.exclude):
                        continue
                    found.setdefault(str(fp), _display(fp))
        elif p.exists() or p.is_symlink():
            found.setdefault(str(p), _display(p))
        else:
            problems.append(FileProblem(str(raw), "missing", "no such file or folder"))
    items = sorted(found.items(), key=lambda kv: kv[1])
    return items, problems


# ---- engines, once per process ---------------------------------------------
_ENGINES: dict[int, list[Check]] = {}


def _stamp(path: str) -> tuple:
    try:
        st = os.stat(path)
        return (path, st.st_mtime_ns, st.st_size)
    except OSError:
        return (path, None)


def engines_for(config: Config) -> list[Check]:
    """The engines for a config, built once per process; a user data file that
    changed on disk since (a long-lived caller) builds them again."""
    user_files = (*config.style.files, *config.boilerplate.files, *config.names.files, *config.calques.files)
    key = hash((config.style, config.boilerplate, config.places, config.names, config.calques,
                tuple(sorted(suppress.active_codes(config))),
                tuple(_stamp(p) for p in user_files)))
    if key not in _ENGINES:
        active = suppress.active_codes(config)
        names = sorted({RULES[c].engine for c in active})
        _ENGINES[key] = [ENGINES[n](config) for n in names]
    return _ENGINES[key]


@dataclass
class _Result:
    findings: list[Finding]
    unused: list
    problem: FileProblem | None
    summaries: dict
    source: str | None = None  # the decoded text, only when asked for (keep_source)


@dataclass
class _Pending:
    """A document a worker has read and checked with all engines but those
    left to the main process, which `finish_in_main` then runs."""
    doc: Document
    findings: list[Finding]
    summaries: dict


def _check(doc: Document, engines, findings: list[Finding], summaries: dict) -> None:
    for engine in engines:
        findings.extend(engine.check(doc))
        summary = engine.collect(doc)
        if summary is not None:
            summaries[engine.name] = summary


def _finish(config: Config, doc: Document, findings: list[Finding], summaries: dict, keep_source: bool) -> _Result:
    findings.sort(key=Finding.sort_key)
    findings = _dedupe(findings)
    findings, unused = suppress.per_document(config, doc, findings)
    return _Result(findings, unused, None, summaries, doc.source if keep_source else None)


def audit_file(item: tuple[str, str], config: Config, keep_source: bool = False,
               main_side: frozenset[str] = frozenset()) -> _Result | _Pending:
    """The _Result of one file.  main_side: the names of engines the main
    process runs; the file then comes back as a _Pending, unless it could not be read."""
    real, display = item
    try:
        doc = load(real, display, config.encoding)
    except LoadError as exc:
        return _Result([], [], FileProblem(display, exc.kind, exc.detail), {})
    findings: list[Finding] = []
    summaries: dict = {}
    engines = engines_for(config)
    if main_side:
        _check(doc, [e for e in engines if e.name not in main_side], findings, summaries)
        return _Pending(doc, findings, summaries)
    _check(doc, engines, findings, summaries)
    return _finish(config, doc, findings, summaries, keep_source)


def finish_in_main(config: Config, res: _Result | _Pending, engines, keep_source: bool = False) -> _Result:
    """A worker's _Pending, finished in the main process: its main-process `engines`, then the rest."""
    if not isinstance(res, _Pending):
        return res
    _check(res.doc, engines, res.findings, res.summaries)
    return _finish(config, res.doc, res.findings, res.summaries, keep_source)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        k = (f.code, f.start, f.end)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def _main_side(engines: list[Check], workers: int) -> list[Check]:
    """The engines the main process runs beside the workers (Check.main_process):
    none with more workers than MAIN_PROCESS_MAX_WORKERS, nor beside an engine
    whose threads take every core (Check.threaded)."""
    if workers > MAIN_PROCESS_MAX_WORKERS or _threaded(engines):
        return []
    return [e for e in engines if e.main_process]


def _threaded(engines: list[Check]) -> bool:
    """An engine runs threads on every core (the model): the main process then does no work beside the
    workers, neither main-process engines nor batches of its own (loading the model there too held the batch up)."""
    return any(e.threaded for e in engines)


def _progress(done: int, total: int, stream) -> None:
    width = 30
    filled = width * done // max(total, 1)
    stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
    if done == total:
        stream.write("\n")
    stream.flush()


def run(paths, config: Config | None = None, progress: bool | None = None, keep_sources: bool = False) -> Report:
    """keep_sources: also return each audited file's text in Report.sources (the html format needs it)."""
    config = config or Config()
    t0 = time.perf_counter()
    items, problems = discover(paths, config)
    engines = engines_for(config)  # fail early on bad data, in this process
    if progress is None:
        progress = sys.stderr.isatty() and not os.environ.get("CI")
    workers = min(config.worker_count(), max(1, len(items) // 4))
    results: list[_Result] = []
    waiting = {e.name: e for e in engines}  # engines not yet told to prepare their corpus pass

    def take(res: _Result) -> None:
        results.append(res)
        for name in [n for n in res.summaries if n in waiting]:
            waiting.pop(name).prepare()

    if workers <= 1:
        for i, item in enumerate(items, 1):
            take(audit_file(item, config, keep_sources))
            if progress:
                _progress(i, len(items), sys.stderr)
    else:
        main_side = _main_side(engines, workers)
        work = functools.partial(audit_file, config=config, keep_source=keep_sources,
                                 main_side=frozenset(e.name for e in main_side))
        # the main process takes batches too, whole, when no results wait
        whole = None if _threaded(engines) else functools.partial(audit_file, config=config, keep_source=keep_sources)
        size = max(1, min(32, len(items) // (workers * 8)))
        done: dict[int, _Result] = {}
        with contextlib.closing(pool.imap_unordered(work, items, workers, size, local=whole)) as stream:
            for i, res in stream:  # in the order the workers finish: the main process works on each at once
                done[i] = finish_in_main(config, res, main_side, keep_sources)
                while len(results) in done:
                    take(done.pop(len(results)))
                    if progress and (len(results) % 25 == 0 or len(results) == len(items)):
                        _progress(len(results), len(items), sys.stderr)
    findings: list[Finding] = []
    unused: list = []
    files = []
    sources: dict[str, str] = {}
    for (_real, display), res in zip(items, results, strict=True):
        if res.problem:
            problems.append(res.problem)
            continue
        files.append(display)
        if res.source is not None:
            sources[display] = res.source
        findings.extend(res.findings)
        unused.extend(res.unused)
    # corpus-level pass: engines see every document's summary at once
    active = suppress.active_codes(config)
    for engine in engines:
        per_doc = {display: res.summaries[engine.name] for (_real, display), res in zip(items, results, strict=True)
                   if engine.name in res.summaries}
        if per_doc:
            extra = [f for f in engine.check_corpus(per_doc) if f.code in active
                     and not any(f.code.startswith(p) for p in suppress.path_ignores(config, f.path))]
            findings.extend(suppress.relevel(config, extra))
    findings.sort(key=Finding.sort_key)
    if config.baseline:
        baseline = suppress.read_baseline(config.baseline)
        findings, stale = suppress.apply_baseline(baseline, findings, Path(config.baseline).name)
        unused.extend(stale)
    versions = {"tool": __version__, "rules": {}, "models": {}}
    notes: list[str] = []
    for engine in engines:
        versions["rules"].update(engine.versions())
        versions["models"].update(engine.models())
        notes.extend(engine.notes())
    problems.sort(key=lambda p: p.path)
    return Report(findings, files, problems, unused, versions, notes, time.perf_counter() - t0, sources)

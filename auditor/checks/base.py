"""What every engine shares: the interface and the one way to build a Finding."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..document import Document
from ..finding import Finding, Suggestion
from ..rules import RULES


class Check:
    """An engine: reads its data once, then turns documents into findings.

    `codes` are the rule codes it can emit. `collect` returns a small picklable
    summary of a document for the corpus-level pass, and `check_corpus` turns
    the summaries of the whole batch into findings (cross-file checks).
    `prepare` is called in the main process once the first summary arrives, so
    an engine can start loading what `check_corpus` will need while the rest of
    the batch is still being read.

    `main_process`: most of the engine's time is what it learns once per
    process and keeps (per-spelling lookups), not what it does per document.
    In a run with a few workers it then runs in the main process, over the
    documents the workers send back (pipeline.MAIN_PROCESS_MAX_WORKERS): it
    learns once instead of once in every worker.  `threaded`: the engine runs
    threads of its own on every core (a model's inference); the main process
    then runs nothing beside the workers, as it would take the cores those
    threads wait on.
    """

    name = ""
    codes: tuple[str, ...] = ()
    main_process = False
    threaded = False

    def __init__(self, config) -> None:
        self.config = config

    def versions(self) -> dict[str, str]:
        """Data files this engine uses, name -> version, for the report."""
        return {}

    def models(self) -> dict[str, str]:
        """Models this engine loaded in this run, name -> weights digest."""
        return {}

    def notes(self) -> list[str]:
        """Lines for the report about how this run checked (e.g. a model left out)."""
        return []

    def check(self, doc: Document) -> Iterable[Finding]:
        return ()

    def collect(self, doc: Document):
        return None

    def prepare(self) -> None:
        """Start loading what check_corpus needs (in the background); called at most once a run."""

    def check_corpus(self, summaries: dict[str, object]) -> Iterable[Finding]:
        return ()


def emit(
    doc: Document,
    code: str,
    start: int,
    end: int,
    message: str,
    suggestions: Sequence[tuple[str, float]] = (),
    evidence: Sequence[str] = (),
) -> Finding:
    """Build a finding from offsets in `doc.text`; kind and severity come from the rule table."""
    rule = RULES[code]
    span = doc.span(start, end)
    return Finding(
        code=code,
        kind=rule.kind,
        severity=rule.severity,
        path=doc.path,
        start=span.start,
        end=span.end,
        begin=span.begin,
        finish=span.finish,
        text=doc.source[span.start:span.end],
        message=message,
        suggestions=tuple(Suggestion(r, round(c, 3)) for r, c in suggestions),
        evidence=tuple(evidence),
    )


def match_case(template: str, replacement: str) -> str:
    """Give `replacement` the capitalisation of `template`: all capitals stay all
    capitals, a capitalised word stays capitalised; otherwise the replacement's
    own spelling stands (proper nouns keep their capital)."""
    letters = [c for c in template if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if template[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement

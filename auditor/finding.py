"""The one immutable record every check returns."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

KINDS = (
    "calque",
    "translit_place",
    "translit_person",
    "inconsistent",
    "style",
    "boilerplate",
    "untranslated",
    "number",
)


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls(value)
        except ValueError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A replacement for the finding's span; '' means delete it."""

    replacement: str
    confidence: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence {self.confidence} outside 0..1")

    def __reduce__(self):  # pickled as its fields (workers send findings back): see Finding
        return Suggestion, (self.replacement, self.confidence)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (columns count Unicode code points)."""

    line: int
    column: int

    def __reduce__(self):
        return Position, (self.line, self.column)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    kind: str
    severity: Severity
    path: str
    start: int  # character offset into the original file text
    end: int
    begin: Position
    finish: Position  # position of the last character's end (exclusive column)
    text: str  # the matched text, as it stands in the original file
    message: str
    suggestions: tuple[Suggestion, ...] = ()
    evidence: tuple[str, ...] = field(default=())

    def __reduce__(self):
        """Pickled as the constructor's arguments: a slotted dataclass's default
        pickling asks dataclasses.fields() of every object, which makes sending
        a batch's findings back from the pool workers several times slower."""
        return Finding, (self.code, self.kind, self.severity, self.path, self.start, self.end, self.begin,
                         self.finish, self.text, self.message, self.suggestions, self.evidence)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown artifact kind {self.kind!r}")
        if self.end < self.start:
            raise ValueError("finding span ends before it starts")

    @property
    def line(self) -> int:
        return self.begin.line

    @property
    def column(self) -> int:
        return self.begin.column

    @property
    def top(self) -> Suggestion | None:
        return self.suggestions[0] if self.suggestions else None

    def sort_key(self) -> tuple:
        return (self.path, self.start, self.end, self.code)

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

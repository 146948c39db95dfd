"""What the measuring scripts share: running the auditor CLI and reading its rule table.

They talk to the auditor only through its command line (JSON output), so they
measure whatever the internals are."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


class AuditorError(Exception):
    """The CLI refused the run (exit 2) or wrote no report."""

    def __init__(self, returncode: int, stderr: str) -> None:
        super().__init__(stderr)
        self.returncode = returncode
        self.stderr = stderr


def spread(seq: Sequence[Any], n: int) -> list[Any]:
    """n elements spread evenly over seq (deterministic), all of it when n >= len(seq)."""
    if n <= 0 or not seq:
        return []
    if n >= len(seq):
        return list(seq)
    return [seq[i * len(seq) // n] for i in range(n)]


def run_auditor(paths: Sequence[str], select: str, cwd: str, config: str | None = None) -> dict[str, Any]:
    """Run `auditor check PATHS --format json` in a child process; -> the parsed report."""
    fd, report = tempfile.mkstemp(suffix=".json", prefix="auditor-report-")
    os.close(fd)
    cmd = [sys.executable, "-m", "auditor", "check", *paths, "--format", "json", "--fail-on", "never",
           "--no-progress", "--output", report]
    if select:
        cmd += ["--select", select]
    if config:
        cmd += ["--config", config]
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=cli_env(), capture_output=True, text=True)
        text = Path(report).read_text("utf-8") if proc.returncode in (0, 1) else ""
    finally:
        Path(report).unlink(missing_ok=True)
    if not text:
        raise AuditorError(proc.returncode, proc.stderr.strip())
    return json.loads(text)


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), *filter(None, [env.get("PYTHONPATH")])])
    return env


def parse_rules_table(markdown: str) -> list[tuple[str, str]]:
    """(code, kind) rows of `auditor rules --format markdown`."""
    rows = []
    for line in markdown.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"AUD\d+", cells[0]):
            rows.append((cells[0], cells[2]))
    return rows


def rules_measured(select: str, kinds: str | Iterable[str]) -> list[str] | None:
    """Codes of the rules that --select picks and that have one of the kinds; None if the listing failed."""
    proc = subprocess.run([sys.executable, "-m", "auditor", "rules", "--format", "markdown"], env=cli_env(),
                          capture_output=True, text=True)
    if proc.returncode != 0:
        return None
    prefixes = [p.strip().upper() for p in select.split(",") if p.strip()]
    kinds = {kinds} if isinstance(kinds, str) else set(kinds)
    return [code for code, kind in parse_rules_table(proc.stdout) if kind in kinds
            and (not prefixes or "ALL" in prefixes or any(code.startswith(p) for p in prefixes))]


def explain(err: AuditorError, select: str) -> str:
    msg = f"error: `auditor check` exited {err.returncode}: {err.stderr or '(no message)'}"
    if "matches no rule code" in err.stderr:
        msg += (f"\nThis auditor has no rule selected by --select {select} yet; nothing was measured. "
                "See `python -m auditor rules`, or pass another --select (and --kind), "
                "e.g. --select AUD3 --kind style.")
    return msg

"""The command line: a thin click layer over auditor.pipeline.run.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it, or a
file that could not be audited; 2 usage, config or data error.
"""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

import click

from . import __version__
from .config import FAIL_ON, SOURCE_LANGUAGES, Config, ConfigError, discover, load_file

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageFailure(Exception):
    """A problem with how the tool was called or configured (exit 2)."""


def _prefixes(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    out = []
    for v in values:
        out.extend(p.strip().upper() for p in v.split(",") if p.strip())
    from .rules import RULES

    if not out:
        raise UsageFailure("--select/--ignore: no code given")
    for p in out:
        if p != "ALL" and not any(c.startswith(p) for c in RULES):
            raise UsageFailure(f"'{p}' matches no rule code (see `auditor rules`)")
    return tuple(out)


def _check_encoding(encoding: str | None) -> None:
    if encoding is not None:
        try:
            "".encode(encoding)
        except LookupError:
            raise UsageFailure(f"--encoding: unknown encoding {encoding!r}") from None


def _config(config_path: str | None) -> Config:
    return load_file(config_path) if config_path else discover(Path.cwd())


def _calque_options(config: Config, source_lang, model, no_model) -> Config:
    changes = {}
    if source_lang:
        changes["source_languages"] = tuple(source_lang)
    if model:
        changes["model"] = model
    if no_model:
        changes["no_model"] = True
    return dataclasses.replace(config, calques=dataclasses.replace(config.calques, **changes)) if changes else config


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="auditor")
def cli() -> None:
    """Flag translation artifacts in news articles and suggest corrections."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "html"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that makes the exit code 1 "
              "[config fail_on; default: error].")
@click.option("--select", multiple=True, help="Only these codes or code prefixes (AUD3, AUD401).")
@click.option("--ignore", multiple=True, help="Leave out these codes or code prefixes.")
@click.option("--include", multiple=True, help="Glob of files to audit inside folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip inside folders (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              help="Config file (auditor.toml or pyproject.toml); default: the nearest one.")
@click.option("--baseline", type=click.Path(dir_okay=False), help="Hide findings recorded in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record all findings as a baseline.")
@click.option("--workers", type=click.IntRange(min=0), help="Processes to use (0: one per core).")
@click.option("--encoding", help="Encoding of the input files [default: utf-8].")
@click.option("--progress/--no-progress", default=None, help="Progress bar on stderr [default: on a terminal].")
@click.option("--source-lang", "source_lang", multiple=True, type=click.Choice(SOURCE_LANGUAGES),
              help="Source language(s) of the translation: which calque packs to use [default: auto = all].")
@click.option("--model", help="Sense model: a registry name, a local directory or a cached hub id.")
@click.option("--no-model", "no_model", is_flag=True, default=None,
              help="Calques by surface patterns only; do not load the model.")
def check(paths, fmt, output, fail_on, select, ignore, include, exclude, config_path, baseline,
          write_baseline, workers, encoding, progress, source_lang, model, no_model):
    """Audit files and folders (.txt, .md, .html)."""
    from . import suppress
    from .formats import Context, render
    from .pipeline import run

    _check_encoding(encoding)
    config = _config(config_path).with_options(
        select=_prefixes(select), ignore=_prefixes(ignore), fail_on=fail_on,
        include=tuple(include) or None, exclude=tuple(exclude) or None, workers=workers,
        encoding=encoding, baseline=baseline,
    )
    config = _calque_options(config, source_lang, model, no_model)
    if write_baseline:  # record everything, ignoring any baseline in effect
        config = dataclasses.replace(config, baseline=None)
    try:
        report = run(paths, config, progress, keep_sources=fmt == "html")  # html shows the articles
    except ValueError as exc:  # bad baseline
        raise UsageFailure(str(exc)) from None
    if write_baseline:
        try:
            suppress.write_baseline(write_baseline, report.findings)
        except OSError as exc:
            raise UsageFailure(f"{write_baseline}: cannot write baseline: {exc.strerror or exc}") from None
        click.echo(f"wrote {len(report.findings)} findings to baseline {write_baseline}", err=True)
    to_file = output is not None
    color = fmt == "text" and not to_file and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    text = render(fmt, report, Context(color=color))
    if to_file:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise UsageFailure(f"{output}: cannot write report: {exc.strerror or exc}") from None
    else:
        click.echo(text, nl=False)
    return report.exit_code(config.fail_on)


@cli.command()
@click.argument("code", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(code, fmt):
    """List the rules, or explain one (auditor rules AUD301)."""
    from .rules import RULES

    if code:
        rule = RULES.get(code.upper())
        if rule is None:
            raise UsageFailure(f"no rule {code!r} (see `auditor rules`)")
        click.echo(f"{rule.code} {rule.name} ({rule.kind}, {rule.severity.value})\n")
        click.echo(click.wrap_text(rule.doc, 78) + "\n")
        click.echo("Flagged:")
        for ex in rule.flags:
            click.echo(f"  {' '.join(ex.split())}")
        click.echo("Not flagged:")
        for ex in rule.passes:
            click.echo(f"  {' '.join(ex.split())}")
        return EXIT_CLEAN
    if fmt == "markdown":
        click.echo("| code | name | kind | severity | what it flags |")
        click.echo("| --- | --- | --- | --- | --- |")
        for r in RULES.values():
            click.echo(f"| {r.code} | {r.name} | {r.kind} | {r.severity.value} | {r.summary} |")
        return EXIT_CLEAN
    for r in RULES.values():
        click.echo(f"{r.code}  {r.name:<22} {r.kind:<13} {r.severity.value:<8} {r.summary}")
    return EXIT_CLEAN


@cli.command(name="eval")
@click.argument("articles", type=click.Path(exists=True, file_okay=False))
@click.option("--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--details", is_flag=True, help="List misses, false alarms and wrong corrections.")
@click.option("--select", multiple=True, help="Only these codes or code prefixes.")
@click.option("--ignore", multiple=True, help="Leave out these codes or code prefixes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--workers", type=click.IntRange(min=0))
@click.option("--source-lang", "source_lang", multiple=True, type=click.Choice(SOURCE_LANGUAGES))
@click.option("--model", help="Sense model: a registry name, a local directory or a cached hub id.")
@click.option("--no-model", "no_model", is_flag=True, default=None, help="Calques by surface patterns only.")
def eval_(articles, gold, fmt, details, select, ignore, config_path, workers, source_lang, model, no_model):
    """Score the checks against annotated articles."""
    import json

    from .evaluate import GoldError, read_gold, render_details, render_table, score
    from .pipeline import run

    config = _config(config_path).with_options(select=_prefixes(select), ignore=_prefixes(ignore),
                                               workers=workers)
    config = _calque_options(config, source_lang, model, no_model)
    try:
        items = read_gold(gold)
    except GoldError as exc:
        raise UsageFailure(str(exc)) from None
    report = run([articles], config, progress=False)
    res = score(report, items, Path(articles))
    if fmt == "json":
        click.echo(json.dumps(res.as_dict(), indent=2))
    else:
        click.echo(render_table(res), nl=False)
        for note in report.notes:
            click.echo(f"note: {note}")
        if details:
            click.echo(render_details(res), nl=False)
    return EXIT_FINDINGS if report.problems else EXIT_CLEAN


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the corrections (the default "
              "without --write).")
@click.option("--write", is_flag=True, help="Apply the corrections in place (atomic write).")
@click.option("--backup/--no-backup", default=None, help="Keep the original as FILE.orig when writing "
              "[config fix.backup; default: on].")
@click.option("--keep-lines", is_flag=True, help="Never remove a line break (a deleted boilerplate line stays "
              "as an empty line), for line-aligned files such as a translation and its reference.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Apply a top suggestion only if at least "
              "this sure [config fix.min_confidence; default: 0.5].")
@click.option("--select", multiple=True, help="Only these codes or code prefixes.")
@click.option("--ignore", multiple=True, help="Leave out these codes or code prefixes.")
@click.option("--include", multiple=True, help="Glob of files to fix inside folders (repeatable).")
@click.option("--exclude", multiple=True, help="Glob of files to skip inside folders (repeatable).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--workers", type=click.IntRange(min=0))
@click.option("--encoding", help="Encoding of the input files [default: utf-8].")
@click.option("--source-lang", "source_lang", multiple=True, type=click.Choice(SOURCE_LANGUAGES))
@click.option("--model", help="Sense model: a registry name, a local directory or a cached hub id.")
@click.option("--no-model", "no_model", is_flag=True, default=None, help="Calques by surface patterns only.")
def fix(paths, show_diff, write, backup, keep_lines, min_confidence, select, ignore, include, exclude, config_path,
        workers, encoding, source_lang, model, no_model):
    """Apply the top suggestion of each finding: show a diff, or --write the files.

    Exit codes: with --write, 0 when every file that needed it was fixed, 1 when
    a file could not be audited or written; without it, 1 when there is
    anything to fix (for CI), else 0.
    """
    from .fix import fix_report, unified_diff, write_all
    from .pipeline import run

    _check_encoding(encoding)
    config = _config(config_path).with_options(
        select=_prefixes(select), ignore=_prefixes(ignore), include=tuple(include) or None,
        exclude=tuple(exclude) or None, workers=workers, encoding=encoding)
    config = _calque_options(config, source_lang, model, no_model)
    threshold = config.fix.min_confidence if min_confidence is None else min_confidence
    keep = config.fix.backup if backup is None else backup
    report = run(paths, config, progress=False, keep_sources=True)
    fixes = fix_report(report, threshold, keep_lines)
    if show_diff or not write:
        click.echo("".join(unified_diff(fx.path, fx.before, fx.after) for fx in fixes if fx.edits), nl=False)
    if write:
        write_all(fixes, config.encoding, keep)
    edits = sum(len(fx.edits) for fx in fixes)
    changed = [fx for fx in fixes if fx.edits and fx.error is None]
    failed = [fx for fx in fixes if fx.error]
    for p in report.problems:
        click.echo(f"{p.path}: not audited ({p.kind}): {p.detail}", err=True)
    for fx in failed:
        click.echo(f"{fx.path}: not fixed: {fx.error}", err=True)
    skipped = sum(len(fx.skipped) for fx in fixes)
    verb = "fixed" if write else "would fix"
    click.echo(f"{verb} {edits - sum(len(fx.edits) for fx in failed)} finding(s) in {len(changed)} file(s)"
               + (f"; {skipped} suggestion(s) left for an editor (low confidence, overlap or markup)"
                  if skipped else ""), err=True)
    if write:
        return EXIT_FINDINGS if failed or report.problems else EXIT_CLEAN
    return EXIT_FINDINGS if edits or report.problems else EXIT_CLEAN


@cli.command()
@click.argument("hyp", type=click.Path(dir_okay=False))
@click.option("--ref", required=True, type=click.Path(dir_okay=False), help="Reference translation, "
              "one segment a line, aligned with HYP.")
@click.option("--after-fix", is_flag=True, help="Also score HYP after `auditor fix` (line breaks kept).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="As for `auditor fix`.")
@click.option("--select", multiple=True, help="Fix only these codes or code prefixes.")
@click.option("--ignore", multiple=True, help="Do not fix these codes or code prefixes.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False))
@click.option("--encoding", help="Encoding of both files [default: utf-8].")
@click.option("--source-lang", "source_lang", multiple=True, type=click.Choice(SOURCE_LANGUAGES))
@click.option("--model", help="Sense model: a registry name, a local directory or a cached hub id.")
@click.option("--no-model", "no_model", is_flag=True, default=None, help="Calques by surface patterns only.")
def score(hyp, ref, after_fix, fmt, min_confidence, select, ignore, config_path, encoding, source_lang, model,
          no_model):
    """BLEU, chrF and TER of HYP against --ref (sacrebleu, with its signatures)."""
    import json

    from .score import ScoreError, read_lines, render, split_lines
    from .score import score as score_lines

    config = _config(config_path).with_options(select=_prefixes(select), ignore=_prefixes(ignore),
                                               encoding=encoding)
    config = _calque_options(config, source_lang, model, no_model)
    _check_encoding(encoding)
    try:
        hyps, refs = read_lines(hyp, config.encoding), read_lines(ref, config.encoding)
        rows = [("before" if after_fix else "score", score_lines(hyps, refs))]
    except ScoreError as exc:
        raise UsageFailure(str(exc)) from None
    fixed_count = 0
    if after_fix:
        from .fix import fix_report
        from .pipeline import run

        report = run([hyp], config, progress=False, keep_sources=True)
        if report.problems:
            raise UsageFailure(f"{hyp}: cannot audit it: {report.problems[0].detail}")
        fixes = fix_report(report, config.fix.min_confidence if min_confidence is None else min_confidence,
                           keep_lines=True)
        after = fixes[0].after if fixes else report.sources[report.files[0]]
        fixed_count = sum(len(fx.edits) for fx in fixes)
        rows.append(("after fix", score_lines(split_lines(after), refs)))
    if fmt == "json":
        data = {label: s.as_dict() for label, s in rows}
        if after_fix:
            data["edits"] = fixed_count
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(render(rows), nl=False)
        if after_fix:
            click.echo(f"fixes applied: {fixed_count}")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return the exit code (no sys.exit), for tests and __main__."""
    from .datafile import DataError
    from .gazetteer import GazetteerError
    from .senses import ModelError

    try:
        rv = cli.main(args=argv, prog_name="auditor", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except (ConfigError, DataError, UsageFailure, ModelError, GazetteerError) as exc:
        click.echo(f"auditor: error: {exc}", err=True)
        return EXIT_USAGE
    return rv if isinstance(rv, int) else EXIT_CLEAN


def entry() -> None:
    sys.exit(main())

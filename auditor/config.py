"""Configuration: `[tool.auditor]` in pyproject.toml or an auditor.toml, validated.

A bad key or value raises ConfigError naming the file and the key; the CLI
turns it into exit code 2.  Paths in a config file are relative to that file.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .finding import Severity
from .rules import RULES

FAIL_ON = ("error", "warning", "info", "never")
SOURCE_LANGUAGES = ("auto", "ar", "ru", "uk")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class StyleSettings:
    packs: tuple[str, ...] = ("en-ukraine",)
    files: tuple[str, ...] = ()
    skip_quotes: bool = False


@dataclass(frozen=True)
class BoilerplateSettings:
    packs: tuple[str, ...] = ("en",)
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlacesSettings:
    accept: tuple[str, ...] = ()  # spellings never flagged (local names, house exceptions)
    ukrainian_forms: bool = True  # flag Russian-form and former names of Ukrainian places
    house_forms: bool = True  # flag other Ukrainian romanizations (Vinnytsya) in favour of the national one


@dataclass(frozen=True)
class NamesSettings:
    files: tuple[str, ...] = ()  # your own name-authority files ([[person]] tables)
    across_files: bool = True  # the corpus-level pass: one spelling per person across a batch


@dataclass(frozen=True)
class CalquesSettings:
    source_languages: tuple[str, ...] = ("auto",)  # packs to use: ar, ru, uk; auto = all
    files: tuple[str, ...] = ()  # your own packs
    model: str | None = None  # registry name, local directory or cached hub id; None = the default
    no_model: bool = False  # surface patterns only
    margin: float = 0.1  # calibrated wrong-vs-right score needed to flag (0: each entry's own cut);
    # with a masked-LM model: log-probability a replacement must gain over the word on the page


@dataclass(frozen=True)
class FixSettings:
    min_confidence: float = 0.5  # `auditor fix` applies a top suggestion at least this sure
    backup: bool = True  # keep the original as FILE.orig when writing


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    workers: int = 0  # 0: one per core
    encoding: str = "utf-8"
    baseline: str | None = None
    severity: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    style: StyleSettings = StyleSettings()
    boilerplate: BoilerplateSettings = BoilerplateSettings()
    places: PlacesSettings = PlacesSettings()
    names: NamesSettings = NamesSettings()
    calques: CalquesSettings = CalquesSettings()
    fix: FixSettings = FixSettings()
    source: str | None = None  # the file this came from

    def with_options(self, **changes: Any) -> Config:
        """Command-line overrides; None means 'not given'."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else (os.cpu_count() or 1)

    def __getstate__(self):
        state = {f: getattr(self, f) for f in self.__dataclass_fields__}
        state["severity"] = dict(self.severity)
        return state

    def __setstate__(self, state):
        state["severity"] = MappingProxyType(state["severity"])
        for k, v in state.items():
            object.__setattr__(self, k, v)


# ---- validation ------------------------------------------------------------
def _strings(value, where):
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: expected a list of strings")
    return tuple(value)


def _codes(value, where):
    out = _strings(value, where)
    if not out and where.endswith("select"):
        raise ConfigError(f"{where}: empty; select = [\"ALL\"] audits with every rule")
    for code in out:
        if code.upper() != "ALL" and not any(c.startswith(code.upper()) for c in RULES):
            raise ConfigError(f"{where}: '{code}' matches no rule code (see `auditor rules`)")
    return tuple(c.upper() for c in out)


def _paths(value, where, base: Path):
    return tuple(str((base / p).resolve()) if not os.path.isabs(p) else p
                 for p in _strings(value, where))


def _one_of(value, choices, where):
    if value not in choices:
        raise ConfigError(f"{where}: expected one of {', '.join(choices)}, got {value!r}")
    return value


def _bool(value, where) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: expected true or false")
    return value


def _unit(value, where) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"{where}: expected a number between 0 and 1")
    return float(value)


def _table(value, where) -> dict:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a table")
    return value


def _check_keys(table: dict, allowed, where):
    for key in table:
        if key not in allowed:
            raise ConfigError(f"{where}: unknown key '{key}' (allowed: {', '.join(sorted(allowed))})")


def from_mapping(data: dict, name: str, base: Path) -> Config:
    """Validate a `[tool.auditor]` table; `name` prefixes every error."""
    top = {"select", "ignore", "fail_on", "include", "exclude", "workers", "encoding",
           "baseline", "severity", "per_file_ignores", "style", "boilerplate", "places", "names", "calques", "fix"}
    where = lambda key: f"{name}: {key}"  # noqa: E731
    _check_keys(data, top, name)
    kw: dict[str, Any] = {}
    if "select" in data:
        kw["select"] = _codes(data["select"], where("select"))
    if "ignore" in data:
        kw["ignore"] = _codes(data["ignore"], where("ignore"))
    if "fail_on" in data:
        kw["fail_on"] = _one_of(data["fail_on"], FAIL_ON, where("fail_on"))
    for key in ("include", "exclude"):
        if key in data:
            kw[key] = _strings(data[key], where(key))
    if "workers" in data:
        w = data["workers"]
        if not isinstance(w, int) or isinstance(w, bool) or w < 0:
            raise ConfigError(f"{where('workers')}: expected a whole number >= 0 (0: one per core)")
        kw["workers"] = w
    if "encoding" in data:
        enc = data["encoding"]
        try:
            "".encode(enc)
        except (LookupError, TypeError):
            raise ConfigError(f"{where('encoding')}: unknown encoding {enc!r}") from None
        kw["encoding"] = enc
    if "baseline" in data:
        kw["baseline"] = _paths(data["baseline"], where("baseline"), base)[0]
    if "severity" in data:
        sev = {}
        for code, level in _table(data["severity"], where("severity")).items():
            if code.upper() not in RULES:
                raise ConfigError(f"{where('severity.' + code)}: no such rule")
            try:
                sev[code.upper()] = Severity.parse(level)
            except (ValueError, TypeError) as exc:
                raise ConfigError(f"{where('severity.' + code)}: {exc}") from None
        kw["severity"] = MappingProxyType(sev)
    if "per_file_ignores" in data:
        pfi = []
        for glob, codes in _table(data["per_file_ignores"], where("per_file_ignores")).items():
            pfi.append((glob, _codes(codes, where(f"per_file_ignores.{glob!r}"))))
        kw["per_file_ignores"] = tuple(pfi)
    if "style" in data:
        t = _table(data["style"], where("style"))
        _check_keys(t, {"packs", "files", "skip_quotes"}, where("style"))
        s = StyleSettings()
        if "packs" in t:
            s = replace(s, packs=_strings(t["packs"], where("style.packs")))
        if "files" in t:
            s = replace(s, files=_paths(t["files"], where("style.files"), base))
        if "skip_quotes" in t:
            s = replace(s, skip_quotes=_bool(t["skip_quotes"], where("style.skip_quotes")))
        kw["style"] = s
    if "boilerplate" in data:
        t = _table(data["boilerplate"], where("boilerplate"))
        _check_keys(t, {"packs", "files"}, where("boilerplate"))
        b = BoilerplateSettings()
        if "packs" in t:
            b = replace(b, packs=_strings(t["packs"], where("boilerplate.packs")))
        if "files" in t:
            b = replace(b, files=_paths(t["files"], where("boilerplate.files"), base))
        kw["boilerplate"] = b
    if "places" in data:
        t = _table(data["places"], where("places"))
        _check_keys(t, {"accept", "ukrainian_forms", "house_forms"}, where("places"))
        pl = PlacesSettings()
        if "accept" in t:
            pl = replace(pl, accept=_strings(t["accept"], where("places.accept")))
        for key in ("ukrainian_forms", "house_forms"):
            if key in t:
                pl = replace(pl, **{key: _bool(t[key], where(f"places.{key}"))})
        kw["places"] = pl
    if "names" in data:
        t = _table(data["names"], where("names"))
        _check_keys(t, {"files", "across_files"}, where("names"))
        nm = NamesSettings()
        if "files" in t:
            nm = replace(nm, files=_paths(t["files"], where("names.files"), base))
        if "across_files" in t:
            nm = replace(nm, across_files=_bool(t["across_files"], where("names.across_files")))
        kw["names"] = nm
    if "calques" in data:
        t = _table(data["calques"], where("calques"))
        _check_keys(t, {"source_languages", "files", "model", "no_model", "margin"}, where("calques"))
        cq = CalquesSettings()
        if "source_languages" in t:
            langs = _strings(t["source_languages"], where("calques.source_languages"))
            for lang in langs:
                _one_of(lang, SOURCE_LANGUAGES, where("calques.source_languages"))
            cq = replace(cq, source_languages=langs)
        if "files" in t:
            cq = replace(cq, files=_paths(t["files"], where("calques.files"), base))
        if "model" in t:
            if not isinstance(t["model"], str) or not t["model"]:
                raise ConfigError(f"{where('calques.model')}: expected a model name or directory")
            cq = replace(cq, model=t["model"])
        if "no_model" in t:
            cq = replace(cq, no_model=_bool(t["no_model"], where("calques.no_model")))
        if "margin" in t:
            m = t["margin"]
            if isinstance(m, bool) or not isinstance(m, int | float) or not -100 <= m <= 100:
                raise ConfigError(f"{where('calques.margin')}: expected a number between -100 and 100")
            cq = replace(cq, margin=float(m))
        kw["calques"] = cq
    if "fix" in data:
        t = _table(data["fix"], where("fix"))
        _check_keys(t, {"min_confidence", "backup"}, where("fix"))
        fx = FixSettings()
        if "min_confidence" in t:
            fx = replace(fx, min_confidence=_unit(t["min_confidence"], where("fix.min_confidence")))
        if "backup" in t:
            fx = replace(fx, backup=_bool(t["backup"], where("fix.backup")))
        kw["fix"] = fx
    return Config(source=name, **kw)


def load_file(path: str | os.PathLike) -> Config:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    tool = data.get("tool", {})
    if path.name == "pyproject.toml" or (isinstance(tool, dict) and "auditor" in tool and len(data) == 1):
        name = f"{path} [tool.auditor]" if path.name == "pyproject.toml" else str(path)
        data = tool.get("auditor", {}) if isinstance(tool, dict) else None
        if not isinstance(data, dict):
            raise ConfigError(f"{name}: tool.auditor: expected a table")
        return from_mapping(data, name, path.parent)
    return from_mapping(data, str(path), path.parent)


def discover(start: str | os.PathLike = ".") -> Config:
    """The nearest auditor.toml, or pyproject.toml with [tool.auditor], upwards from start."""
    here = Path(start).resolve()
    for d in (here, *here.parents):
        cand = d / "auditor.toml"
        if cand.is_file():
            return load_file(cand)
        cand = d / "pyproject.toml"
        if cand.is_file():
            try:
                tool = tomllib.loads(cand.read_text("utf-8")).get("tool", {})
                has = isinstance(tool, dict) and "auditor" in tool
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                has = False
            if has:
                return load_file(cand)
    return Config()

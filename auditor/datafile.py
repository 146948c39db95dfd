"""Load and validate the project's TOML data files.

Knowledge lives in data files; a malformed one fails loudly with the file and
the key path (`style/en-ukraine.toml: rule[3].replace: expected a string`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from typing import Any

from .resources import digest


class DataError(Exception):
    pass


@dataclass(frozen=True)
class DataFile:
    name: str  # shown in errors and in the report's versions
    data: dict
    version: str  # the file's declared version, or its content hash


def read(source, name: str | None = None) -> DataFile:
    """`source` is a Path or an importlib Traversable."""
    name = name or str(source)
    try:
        raw = source.read_bytes()
    except OSError as exc:
        raise DataError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(f"{name}: {exc}") from None
    meta = data.get("pack", data.get("meta", {}))
    version = str(meta.get("version", "")) if isinstance(meta, dict) else ""
    return DataFile(name, data, f"{version}+{digest(raw)}" if version else digest(raw))


def require(obj: dict, key: str, typ, where: str, *, optional: bool = False, default: Any = None):
    if key not in obj:
        if optional:
            return default
        raise DataError(f"{where}: missing key '{key}'")
    value = obj[key]
    if typ is list:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"{where}.{key}: expected a list of strings")
    elif typ is str and not isinstance(value, str):
        raise DataError(f"{where}.{key}: expected a string")
    elif typ is bool and not isinstance(value, bool):
        raise DataError(f"{where}.{key}: expected true or false")
    return value


def no_extra(obj: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(obj) - allowed)
    if extra:
        raise DataError(f"{where}: unknown key '{extra[0]}' (allowed: {', '.join(sorted(allowed))})")


def regex(pattern: str, where: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise DataError(f"{where}: bad regular expression: {exc}") from None


def tables(data: dict, key: str, name: str) -> list[tuple[str, dict]]:
    items = data.get(key)
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        raise DataError(f"{name}: expected one or more [[{key}]] tables")
    return [(f"{name}: {key}[{i}]", item) for i, item in enumerate(items)]


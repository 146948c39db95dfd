"""Where the shipped data lives: `corpora/` and `models/`, installed as the
packages `auditor.corpora` and `auditor.models` and found through
importlib.resources, so a wheel install and a source checkout behave alike."""
from __future__ import annotations

import hashlib
from importlib import resources
from importlib.resources.abc import Traversable


def corpora() -> Traversable:
    return resources.files("auditor.corpora")


def models() -> Traversable:
    return resources.files("auditor.models")


def corpus_file(*parts: str) -> Traversable:
    node = corpora()
    for p in parts:
        node = node.joinpath(p)
    return node


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]

"""The engines. Each module holds one engine; ENGINES maps its name to the class.

A rule in the rule table names its engine; the pipeline builds only the engines
whose rules are selected.
"""
from __future__ import annotations

from .base import Check, emit
from .boilerplate import BoilerplateCheck
from .calques import CalquesCheck
from .names import NamesCheck
from .places import PlacesCheck
from .style import StyleCheck
from .untranslated import UntranslatedCheck

ENGINES: dict[str, type[Check]] = {
    "boilerplate": BoilerplateCheck,
    "calques": CalquesCheck,
    "names": NamesCheck,
    "places": PlacesCheck,
    "style": StyleCheck,
    "untranslated": UntranslatedCheck,
}

__all__ = ["Check", "ENGINES", "emit"]

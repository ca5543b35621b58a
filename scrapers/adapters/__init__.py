"""Adapters: per-CMS-family parsers of list pages and article pages (see docs/contracts.md).

``get_adapter(cms, selectors)`` returns the family's adapter with the source's selector
overrides merged on top of the family defaults; unknown families get the generic adapter.
The families are listed once, in ``families.yaml`` beside this file (read by ``scrapers.registry``).
"""

from __future__ import annotations

import importlib

from scrapers.adapters.base import ListItem, ParsedArticle, SelectorAdapter, canonical_url
from scrapers.registry import CMS_FAMILY_ADAPTERS

# cms value in sources.yaml -> (module, class name), from families.yaml
FAMILIES = {cms: tuple(target.split(":")) for cms, target in CMS_FAMILY_ADAPTERS.items()}


def get_adapter(cms: str, selectors: dict | None = None):
    """The adapter for CMS family ``cms`` (falls back to ``generic`` for unknown families)."""
    module_name, class_name = FAMILIES.get(cms, FAMILIES["generic"])
    adapter_class = getattr(importlib.import_module(module_name), class_name)
    return adapter_class(selectors)


def adapter_for(source):
    """The adapter for a registry source: its CMS family with its selector overrides."""
    return get_adapter(source.cms, source.selectors or None)


__all__ = ["adapter_for", "FAMILIES", "ListItem", "ParsedArticle", "SelectorAdapter", "canonical_url", "get_adapter"]

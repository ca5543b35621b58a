"""Adapters: per-CMS-family parsers of list pages and article pages (see docs/contracts.md).

``get_adapter(cms, selectors)`` returns the family's adapter with the source's selector
overrides merged on top of the family defaults; unknown families get the generic adapter.
"""
from __future__ import annotations

import importlib

from scrapers.adapters.base import ListItem, ParsedArticle, SelectorAdapter, canonical_url

# cms value in sources.yaml -> (module, class name)
FAMILIES = {
    "nukeviet4": ("scrapers.adapters.nukeviet", "NukeViet4Adapter"),
    "nukeviet3": ("scrapers.adapters.nukeviet", "NukeViet3Adapter"),
    "nukeviet_egov": ("scrapers.adapters.nukeviet", "NukeVietEgovAdapter"),
    "liferay62": ("scrapers.adapters.liferay", "Liferay62Adapter"),
    "wordpress": ("scrapers.adapters.wordpress", "WordPressAdapter"),
    "onecms": ("scrapers.adapters.onecms", "OneCmsAdapter"),
    "docbao_baohatinh": ("scrapers.adapters.docbao", "BaoHaTinhAdapter"),
    "generic": ("scrapers.adapters.generic", "GenericAdapter"),
}


def get_adapter(cms: str, selectors: dict | None = None):
    """The adapter for CMS family ``cms`` (falls back to ``generic`` for unknown families)."""
    module_name, class_name = FAMILIES.get(cms, FAMILIES["generic"])
    adapter_class = getattr(importlib.import_module(module_name), class_name)
    return adapter_class(selectors)


def adapter_for(source):
    """The adapter for a registry source: its CMS family with its selector overrides."""
    return get_adapter(source.cms, source.selectors or None)


__all__ = ["adapter_for", "FAMILIES", "ListItem", "ParsedArticle", "SelectorAdapter", "canonical_url", "get_adapter"]

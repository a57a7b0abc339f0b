"""Sorting text the way readers of a language expect (ICU collation, CLDR rules).

``sort_key("fr")`` orders "Côte d'Ivoire" between "Costa Rica" and "Croatie", "Türkiye" before
"Turkménistan", Chinese by pinyin (ICU's default for ``zh``; ``zh@collation=stroke`` would
give stroke order) and Arabic with أ, إ and آ under alif. Why ICU: docs/countries.md.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import icu


@lru_cache(maxsize=32)
def _collator(locale: str) -> icu.Collator:
    # ICU falls back to its root collation (the Unicode default, DUCET) for unknown locales.
    return icu.Collator.createInstance(icu.Locale(locale.replace("-", "_")))


def sort_key(locale: str) -> Callable[[str], bytes]:
    """A key function that sorts strings by ``locale``'s collation rules."""
    key: Callable[[str], bytes] = _collator(locale).getSortKey
    return key

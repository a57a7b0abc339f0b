"""The word-count rule of the entry form.

No database, no request: callers pass plain data and ``now``. Messages are lazy strings, so
they are translated when shown, in the viewer's language.

The word-count rule (shared, character for character, with ``static/js/wordcount.js``)
----------------------------------------------------------------------------------------
A *word* is a maximal run of word characters, where two runs joined by a single apostrophe
(``'`` or ``’``) or hyphen (``-``, ``‐``, ``‑``) are one word. Word characters are Unicode
letters, combining marks and numbers (general categories L*, M* and N*), so accented Latin,
Cyrillic, Arabic with its vowel marks and Devanagari with its vowel signs all count as people
expect. Everything else separates words: spaces of any kind, punctuation, symbols, ``_``.

So ``don't``, ``well-known`` and ``state-of-the-art`` are one word each; ``rock - roll`` and
``and/or`` are two; ``3.5`` is two; a lone ``-`` or ``'`` is none; ``foo--bar`` is two (a
double hyphen is a dash, not a joiner). A text without spaces between words (Chinese,
Japanese) counts as one word per run; project texts are in English.

In the JavaScript, the same rule is the regular expression
``/[\\p{L}\\p{M}\\p{N}]+(?:['’\\-‐‑][\\p{L}\\p{M}\\p{N}]+)*/gu`` (count of matches).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: Characters that join two runs of word characters into one word.
WORD_JOINERS = frozenset("'’-‐‑")


@lru_cache(maxsize=4096)
def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def count_words(text: str | None) -> int:
    """Count the words of ``text`` by the rule in this module's docstring."""
    if not text:
        return 0
    count = 0
    in_word = False
    joiner_pending = False
    for char in text:
        if _is_word_char(char):
            if not in_word:
                count += 1
                in_word = True
            joiner_pending = False
        elif in_word and char in WORD_JOINERS and not joiner_pending:
            joiner_pending = True
        else:
            in_word = False
            joiner_pending = False
    return count

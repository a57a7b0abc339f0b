"""Left-to-right text inside right-to-left pages: addresses and codes isolated with ``<bdi>``.

In an Arabic page a web address, an e-mail address or a code is a run of Latin letters mixed
with neutral characters (``/``, ``.``, ``@``, ``<``); the bidirectional algorithm reorders
them with the Arabic around unless they are isolated. ``bdi`` wraps one value (escaped);
``isolate_addresses`` wraps every address found in a message (flashed messages, for example).
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

#: Web addresses (up to a space) and e-mail addresses.
_ADDRESS = re.compile(r"https?://[^\s<>\"]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Punctuation that ends a sentence rather than an address.
_TRAILING = ".,;:!?)»"


def bdi(value: object) -> Markup:
    """``{{ value|bdi }}``: ``value`` escaped inside ``<bdi>``; nothing for an empty value."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>%s</bdi>") % value


def isolate_addresses(text: object) -> Markup:
    """``text`` escaped, each web or e-mail address in it inside ``<bdi>``.

    Markup (already safe HTML) is returned as it is: it was isolated where it was built.
    """
    if isinstance(text, Markup):
        return text
    raw = str(text)
    parts: list[str] = []
    position = 0
    for match in _ADDRESS.finditer(raw):
        address = match.group().rstrip(_TRAILING)
        end = match.start() + len(address)
        parts.append(escape(raw[position : match.start()]))
        parts.append(bdi(address))
        position = end
    parts.append(escape(raw[position:]))
    return Markup("").join(parts)

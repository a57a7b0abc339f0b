"""Absolute links for mail, built from ``AWARDS_BASE_URL`` and never from the request.

A request's ``Host`` header is chosen by whoever sends it: a link built from it (what
``url_for(..., _external=True)`` does inside a request) would let someone who asks for a
password reset in another person's name put their own site in the mail. Mail links therefore
come from the configured base URL (scheme, host and an optional path prefix) only, the same
from a web request, the command line or the mail worker.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def check_base_url(base_url: str) -> str:
    """``base_url`` without a trailing slash; raise ``ValueError`` unless it is http(s)://host."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"not a base URL like https://prizes.example.org: {base_url!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of ``endpoint`` with ``values`` under ``AWARDS_BASE_URL``."""
    base = check_base_url(str(current_app.config["AWARDS_BASE_URL"]))
    # An adapter of our own: the request's host and script root play no part.
    adapter = current_app.url_map.bind("awards.invalid", script_name="/")
    return base + adapter.build(endpoint, values)

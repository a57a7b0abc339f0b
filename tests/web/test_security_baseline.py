"""Defences that need no request: templates without inline script, argon2id password hashes."""

from __future__ import annotations

import re
from pathlib import Path

from awards.accounts.passwords import hash_password, verify_password
from awards.security import CSP

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: An inline script without a nonce: the policy would refuse it (or it would need weakening).
#: The one page with an inline script, the ceremony's presenter view (self-contained so that it
#: works offline), sends a policy of its own with a fresh nonce per response.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def test_the_policy_allows_no_inline_script():
    script_src = next(part for part in CSP.split(";") if part.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]


def test_no_template_has_inline_script_or_event_handlers():
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if INLINE_SCRIPT.search(text := path.read_text()) or EVENT_HANDLER.search(text)
    ]
    assert offenders == []


def test_passwords_are_hashed_with_argon2id(app):
    with app.app_context():
        stored = hash_password("correct horse battery staple")
        assert stored.startswith("$argon2id$")
        assert verify_password(stored, "correct horse battery staple")
        assert not verify_password(stored, "correct horse battery stapler")

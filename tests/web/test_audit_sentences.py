"""The audit trail reads as sentences in the reader's language, for every action recorded."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.audit.sentences import SENTENCES, EventFacts, Reader, action_label, sentence
from awards.extensions import db
from tests.entry_factory import make_entry

ROOT = Path(__file__).resolve().parents[2] / "awards"
#: record("x.y", ...), _audit("x.y", ...), action="x.y", action: str = "x.y"
RECORDED = re.compile(
    r"""(?:\brecord\(\s*|\b_audit\(\s*|\baction\s*=\s*|action:\s*str\s*=\s*)["']([a-z_]+\.[a-z_]+)["']"""
)


def recorded_codes() -> set[str]:
    return {
        code for path in ROOT.rglob("*.py") for code in RECORDED.findall(path.read_text("utf-8"))
    }


def test_every_recorded_action_has_a_sentence():
    codes = recorded_codes()
    assert {"entry.submit", "entry.member_remove", "jury.invitation_revoked"} <= codes
    assert sorted(codes - set(SENTENCES)) == []


def test_an_unknown_code_reads_as_words(app):
    facts = EventFacts("widget.frobnicated", "Ana", "Widget", "7", {})
    with app.test_request_context():
        text = sentence(facts, Reader("en", "UTC"))
    assert "widget.frobnicated" not in text
    assert text.startswith("Ana: Widget frobnicated")
    assert action_label("widget.frobnicated") == "Widget frobnicated"


@pytest.fixture
def organiser(make_user):
    return make_user(email="olga@example.org", name="Olga", roles=((Role.ORGANISER, None),))


def _event(**fields):
    event = AuditEvent(
        created_at=datetime(2021, 2, 1, 12, tzinfo=UTC), summary="English summary", **fields
    )
    db.session.add(event)
    db.session.flush()
    return event


def test_audit_page_speaks_the_reader_language(login_as, organiser, make_edition, make_user):
    edition = make_edition()
    ana = make_user(name="Ana Pérez", email="ana@example.org")
    entry = make_entry(edition, ana, title="Solar schools")
    _event(
        action="entry.submit",
        object_type="Entry",
        object_id=str(entry.id),
        edition_id=edition.id,
        actor_id=ana.id,
        changes={"category": 1, "version": 2},
    )
    _event(
        action="account.registered",
        object_type="User",
        object_id=str(ana.id),
        actor_id=ana.id,
        changes={"email": "ana@example.org", "stakeholder_type": "civil_society"},
    )
    _event(
        action="edition.deadline_extended",
        object_type="Edition",
        object_id=str(edition.id),
        edition_id=edition.id,
        actor_id=organiser.id,
        changes={
            "submission_closes": {
                "old": "2021-01-31T22:00:00+00:00",
                "new": "2021-02-07T22:00:00+00:00",
            }
        },
    )
    _event(
        action="entry.screened",
        object_type="Entry",
        object_id=str(entry.id),
        edition_id=edition.id,
        actor_id=organiser.id,
        changes={"screening": ["pending", "eligible"], "screening_note": [None, None]},
    )
    client = login_as(organiser)
    html = client.get("/organise/audit/").text
    assert "Ana Pérez submitted the entry “Solar schools”" in html
    assert (
        f"Olga extended “Submission deadline” of {edition.title} "
        "from 31 January 2021, 23:00 to 7 February 2021, 23:00"
    ) in html
    assert "Olga screened the entry “Solar schools”: Eligible" in html
    text = re.sub(r"<[^>]+>", " ", html)
    for raw in ("entry.submit", "stakeholder_type", "None", "English summary", "civil_society"):
        assert raw not in text, raw
    assert "Civil Society" in html

    client.post("/language", data={"lang": "es"})
    html = client.get("/organise/audit/").text
    assert "Ana Pérez envió la candidatura «Solar schools»" in html
    assert "Sociedad civil" in html


def test_action_filter_offers_names_not_codes(login_as, organiser):
    _event(action="account.signed_out", object_type="User", object_id="1")
    html = login_as(organiser).get("/organise/audit/").text
    assert '<option value="account.signed_out">Signed out</option>' in html
    assert '<option value="User">Account</option>' in html


def test_entry_history_reads_as_sentences(login_as, organiser, make_edition, make_user):
    edition = make_edition()
    entry = make_entry(edition, make_user(), title="Solar schools")
    _event(
        action="entry.moved",
        object_type="Entry",
        object_id=str(entry.id),
        edition_id=edition.id,
        actor_id=organiser.id,
        changes={"category": ["1. Access", "2. Capacity"], "category_id": [1, 2]},
    )
    html = login_as(organiser).get(f"/organise/entries/{entry.id}").text
    assert "Olga moved the entry “Solar schools” from 1. Access to 2. Capacity" in html
    assert "category_id" not in html

"""The organisers' voting pages: counts only for the edition's organisers, the planted cluster
on the suspicious-activity page, quarantines through the forms, exports with evidence."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import openpyxl
import pytest
from flask import url_for
from sqlalchemy import select

from awards.accounts.roles import Role
from awards.audit.models import AuditEvent
from awards.extensions import db
from awards.voting.models import Quarantine, Vote, VoteEvidence
from awards.voting.valid_votes import valid_counts
from tests.entry_factory import make_entry
from tests.voting_ops_factory import make_vote, make_voters, nominate

NOW = datetime(2021, 3, 15, 12, 0, tzinfo=UTC)
HOUR = datetime(2021, 3, 12, 14, 0, tzinfo=UTC)
BOT = "Mozilla/5.0 (X11; Linux x86_64) VoteBot/1.0"
SUBNET_REF = "subnet:203.0.113.0/24"


@pytest.fixture(autouse=True)
def _now(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr("awards.clock.utcnow", lambda: NOW)


@pytest.fixture
def world(make_edition, make_user):  # type: ignore[no-untyped-def]
    edition = make_edition()
    other = make_edition(year=2020)
    owner = make_user("owner@example.org")
    honest_nominee = make_entry(edition, owner, title="Solar schools", category=1)
    target = make_entry(edition, owner, title="Village broadband", category=1)
    nominate([honest_nominee, target])
    for n, voter in enumerate(make_voters(make_user, 60, "honest")):
        make_vote(honest_nominee, voter, cast_at=HOUR - timedelta(days=2, minutes=37 * n))
    for n, bot in enumerate(make_voters(make_user, 40, "bot")):
        moment = HOUR + timedelta(seconds=80 * n)
        make_vote(
            target,
            bot,
            cast_at=moment,
            ip=f"203.0.113.{n + 1}",
            user_agent=BOT,
            account_created_at=moment - timedelta(minutes=4),
        )
    people = {
        "organiser": make_user("olga@example.org", roles=((Role.ORGANISER, edition.id),)),
        "global": make_user("gus@example.org", roles=((Role.ORGANISER, None),)),
        "jury": make_user("jules@example.org", roles=((Role.JURY, edition.id),)),
        "participant": make_user("pat@example.org"),
        "other_organiser": make_user("otto@example.org", roles=((Role.ORGANISER, other.id),)),
    }
    db.session.commit()
    vote = db.session.scalars(select(Vote).where(Vote.entry_id == target.id)).first()
    return {
        "edition": edition,
        "other": other,
        "target": target,
        "honest": honest_nominee,
        "people": people,
        "vote": vote,
    }


def _url(app, endpoint, world, **values):  # type: ignore[no-untyped-def]
    with app.test_request_context():
        return url_for(f"voting_admin.{endpoint}", edition_id=world["edition"].id, **values)


def _routes(app, world):  # type: ignore[no-untyped-def]
    vote = world["vote"]
    return [
        ("GET", _url(app, "live", world)),
        ("GET", _url(app, "settings", world)),
        ("POST", _url(app, "settings", world)),
        ("GET", _url(app, "suspicious", world)),
        ("GET", _url(app, "cluster", world, ref=SUBNET_REF)),
        ("POST", _url(app, "cluster", world, ref=SUBNET_REF)),
        ("GET", _url(app, "quarantine_vote", world, vote_id=vote.id)),
        ("POST", _url(app, "quarantine_vote", world, vote_id=vote.id)),
        ("GET", _url(app, "quarantine_account", world, user_id=vote.voter_id)),
        ("POST", _url(app, "quarantine_account", world, user_id=vote.voter_id)),
        ("GET", _url(app, "quarantines_list", world)),
        ("POST", _url(app, "lift", world, quarantine_id=1)),
        ("POST", _url(app, "lift_batch", world, batch="abc")),
        ("GET", _url(app, "export_csv", world)),
        ("GET", _url(app, "export_xlsx", world)),
    ]


def test_every_route_is_listed(app, world) -> None:  # type: ignore[no-untyped-def]
    endpoints = {r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("voting_")}
    listed = {
        "voting_admin.live",
        "voting_admin.settings",
        "voting_admin.suspicious",
        "voting_admin.cluster",
        "voting_admin.quarantine_vote",
        "voting_admin.quarantine_account",
        "voting_admin.quarantines_list",
        "voting_admin.lift",
        "voting_admin.lift_batch",
        "voting_admin.export_csv",
        "voting_admin.export_xlsx",
    }
    assert {e for e in endpoints if e.startswith("voting_admin.")} == listed


@pytest.mark.parametrize("persona", ["anonymous", "jury", "participant", "other_organiser"])
def test_no_count_reaches_anyone_but_the_editions_organisers(  # type: ignore[no-untyped-def]
    app, client, login_as, world, persona
) -> None:
    if persona != "anonymous":
        login_as(world["people"][persona])
    for method, url in _routes(app, world):
        response = client.open(url, method=method, data={"note": "x", "scope": "votes"})
        body = response.get_data(as_text=True)
        expected = 302 if persona == "anonymous" else 403
        assert response.status_code == expected, (method, url)
        assert "203.0.113.12" not in body  # a voter's address
        assert "VoteBot" not in body
        assert "Village broadband" not in body
    assert db.session.scalar(select(Quarantine.id)) is None
    assert (
        valid_counts(world["edition"].id)[(world["target"].category_id, world["target"].id)] == 40
    )


def test_the_live_view_shows_counts_charts_and_tables(login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    response = client.get(f"/organise/editions/{world['edition'].id}/voting")
    assert response.status_code == 200
    text = response.text
    assert "Village broadband" in text
    assert "Solar schools" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"' in text
    assert 'id="ballot-completeness-table"' in text
    assert "<dt>Votes cast</dt><dd>100</dd>" in text
    assert "<dt>Valid votes</dt><dd>100</dd>" in text


def test_the_planted_cluster_is_on_the_suspicious_page_with_its_numbers(login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    response = client.get(f"/organise/editions/{world['edition'].id}/voting/suspicious")
    assert response.status_code == 200
    text = response.text
    assert "203.0.113.0/24" in text
    assert "40 of its 40 votes in the category (100" in text
    assert BOT in text
    assert "ref=subnet:203.0.113.0/24" in text


def test_a_cluster_is_set_aside_through_its_page_and_lifted(login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    base = f"/organise/editions/{world['edition'].id}/voting"
    page = client.get(f"{base}/cluster?ref={SUBNET_REF}")
    assert page.status_code == 200
    assert page.text.count("<code>") >= 41  # the reference and each vote's receipt

    refused = client.post(f"{base}/cluster?ref={SUBNET_REF}", data={"scope": "accounts"})
    assert refused.status_code == 400
    assert "Say why: a reason is required." in refused.text
    assert re.search(r'<input checked [^>]*value="accounts"', refused.text)

    done = client.post(
        f"{base}/cluster?ref={SUBNET_REF}", data={"scope": "votes", "note": "One network, 40 new"}
    )
    assert done.status_code == 302
    key = (world["target"].category_id, world["target"].id)
    assert key not in valid_counts(world["edition"].id)
    listing = client.get(f"{base}/quarantines")
    assert "A cluster: 40 quarantines" in listing.text
    batch = db.session.scalar(select(Quarantine.batch))

    empty = client.post(f"{base}/batches/{batch}/lift", data={"lift_note": " "})
    assert empty.status_code == 400
    assert 'id="lift_note"' in empty.text
    lifted = client.post(f"{base}/batches/{batch}/lift", data={"lift_note": "A school network"})
    assert lifted.status_code == 302
    assert valid_counts(world["edition"].id)[key] == 40
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"voting.quarantined", "voting.quarantine_lifted"} <= actions


def test_one_vote_and_one_account_through_their_forms(login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    base = f"/organise/editions/{world['edition'].id}/voting"
    vote = world["vote"]
    refused = client.post(f"{base}/votes/{vote.id}/quarantine", data={"reason": "subnet"})
    assert refused.status_code == 400
    assert '<option selected value="subnet">' in refused.text
    done = client.post(
        f"{base}/votes/{vote.id}/quarantine", data={"reason": "subnet", "note": "Same network"}
    )
    assert done.status_code == 302
    page = client.get(f"{base}/accounts/{vote.voter_id}/quarantine")
    assert page.status_code == 200
    assert vote.receipt in page.text
    done = client.post(
        f"{base}/accounts/{vote.voter_id}/quarantine", data={"reason": "other", "note": "Bot"}
    )
    assert done.status_code == 302
    assert db.session.scalar(select(Quarantine.id).where(Quarantine.voter_id == vote.voter_id))


def test_unknown_or_other_editions_ids_are_404(login_as, world, make_user) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["global"])
    vote = world["vote"]
    other = f"/organise/editions/{world['other'].id}/voting"
    assert client.get(f"{other}/votes/{vote.id}/quarantine").status_code == 404
    assert client.get(f"{other}/accounts/{vote.voter_id}/quarantine").status_code == 404
    base = f"/organise/editions/{world['edition'].id}/voting"
    assert client.get(f"{base}/votes/999999/quarantine").status_code == 404
    assert client.get(f"{base}/cluster?ref=subnet:nonsense").status_code == 404
    assert client.get(f"{base}/cluster").status_code == 404
    assert (
        client.post(f"{base}/quarantines/999999/lift", data={"lift_note": "x"}).status_code == 404
    )
    assert client.post(f"{base}/batches/nope/lift", data={"lift_note": "x"}).status_code == 404
    assert client.get("/organise/editions/999999/voting").status_code == 404


def test_posts_need_the_csrf_token(csrf_app, login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    base = f"/organise/editions/{world['edition'].id}/voting"
    response = client.post(f"{base}/cluster?ref={SUBNET_REF}", data={"scope": "votes", "note": "x"})
    assert response.status_code == 400
    assert db.session.scalar(select(Quarantine.id)) is None


def test_settings_keep_the_input_on_rejection(login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    url = f"/organise/editions/{world['edition'].id}/voting/settings"
    refused = client.post(url, data={"retention_days": "0", "email_receipts": "y"})
    assert refused.status_code == 400
    assert "from 1 to 3650" in refused.text
    assert 'id="email_receipts" name="email_receipts" type="checkbox" value="y"' in refused.text
    # Voting has opened: whether votes are final can no longer change.
    late = client.post(url, data={"retention_days": "90", "allow_change": "y"})
    assert late.status_code == 409
    assert client.post(url, data={"retention_days": "90"}).status_code == 302


def test_exports_hold_the_evidence_for_organisers(app, login_as, world) -> None:  # type: ignore[no-untyped-def]
    client = login_as(world["people"]["organiser"])
    base = f"/organise/editions/{world['edition'].id}"
    response = client.get(f"{base}/votes.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 100
    by_receipt = {row[0]: dict(zip(header, row, strict=True)) for row in body}
    row = by_receipt[world["vote"].receipt]
    assert row["IP address"] == "203.0.113.1"
    assert row["User agent"] == BOT
    assert row["Network"] == "203.0.113.0/24"
    assert row["Account age at the vote (minutes)"] == "4"
    assert (row["Current vote"], row["Valid"], row["Evidence"]) == ("yes", "yes", "kept")

    evidence = db.session.get(VoteEvidence, world["vote"].id)
    evidence.ip, evidence.user_agent, evidence.reduced_at = "203.0.113.0/24", None, NOW
    db.session.commit()
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/votes.xlsx").data))
    sheet = book.active
    titles = [c.value for c in sheet[1]]
    reduced = next(
        r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0] == row["Receipt"]
    )
    assert reduced[titles.index("User agent")] == "reduced"
    assert reduced[titles.index("IP address")] == "203.0.113.0/24"
    exported = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "voting.votes_exported")
    ).all()
    assert sorted(e.changes["format"] for e in exported) == ["csv", "xlsx"]

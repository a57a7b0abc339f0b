"""The public results pages, the receipt check and the organisers' results page."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from awards import clock as clock_module
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.results.models import Publication, ResultNotice
from awards.voting.models import Quarantine, QuarantineKind, QuarantineReason, Vote
from tests.published_results import AFTER, RECEIPT, World, build, publish_world


@pytest.fixture
def after_voting(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock_module, "utcnow", lambda: AFTER)


@pytest.fixture
def world(make_edition, make_user, after_voting) -> World:  # type: ignore[no-untyped-def]
    world = build(make_edition, make_user)
    db.session.commit()
    return world


PUBLIC = ("/results/2021", "/results/2021/statistics", "/results/2021/check")


@pytest.mark.parametrize("path", PUBLIC + (f"/results/2021/check/{RECEIPT}.json",))
def test_before_publication_every_results_page_is_not_found(client, world, path) -> None:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"
    assert "Solar schools" not in response.get_data(as_text=True)
    assert client.post("/results/2021/check", data={"receipt": RECEIPT}).status_code == 404


def test_before_publication_lists_and_hall_of_fame_show_nothing(client, world) -> None:  # type: ignore[no-untyped-def]
    for path in ("/results", "/hall-of-fame"):
        body = client.get(path).get_data(as_text=True)
        assert "Solar schools" not in body
        assert "2021" not in body.split("<main", 1)[-1]


def test_after_publication_winners_and_champions_without_counts(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    response = client.get("/results/2021")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Solar schools" in body
    assert "Open clinics" in body
    assert "Mesh villages" not in body  # a nominee, not a Champion
    assert "Valid votes" not in body
    snapshot = world.publication.snapshot  # type: ignore[union-attr]
    assert snapshot.data["1"]["root"] in body
    assert "Solar schools" in client.get("/hall-of-fame").get_data(as_text=True)
    assert "/results/2021" in client.get("/results").get_data(as_text=True)


def test_counts_are_shown_when_the_edition_publishes_them(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world, counts_public=True)
    db.session.commit()
    body = client.get("/results/2021").get_data(as_text=True)
    assert "Valid votes" in body
    assert '<td class="numeric">2</td>' in body


def test_statistics_has_charts_and_tables(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    body = client.get("/results/2021/statistics").get_data(as_text=True)
    assert body.count("<svg") >= 3
    assert 'id="chart-category-table"' in body
    assert "4 valid votes were counted." in body


def test_a_counted_receipt_gets_a_proof(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    response = client.post("/results/2021/check", data={"receipt": "AAAA-1111 BBBB-2222"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "was counted" in body
    assert "it holds" in body
    assert 'data-proof="' in body
    assert "verify.js" in body
    proof = client.get(f"/results/2021/check/{RECEIPT}.json")
    data = json.loads(proof.get_data(as_text=True))
    assert data["state"] == "counted"
    assert data["size"] == 3
    assert data["root"] == world.publication.snapshot.data["1"]["root"]  # type: ignore[union-attr]


def test_bad_receipts_are_refused_with_the_text_kept(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    response = client.post("/results/2021/check", data={"receipt": "not a receipt!!"})
    assert response.status_code == 400
    assert 'value="not a receipt!!"' in response.get_data(as_text=True)
    unknown = client.post("/results/2021/check", data={"receipt": "ZZZZ9999ZZZZ9999"})
    assert unknown.status_code == 404
    assert "No vote of this edition has this receipt." in unknown.get_data(as_text=True)
    assert client.get("/results/2021/check/ZZZZ9999ZZZZ9999.json").status_code == 404
    assert client.get("/results/1999").status_code == 404


def test_organisers_tally_publish_and_export(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    login_as(world.organiser)
    page = client.get(f"/organise/editions/{world.edition.id}/results")
    assert page.status_code == 200
    assert "Solar schools" in page.get_data(as_text=True)
    # The Winners are confirmed: a new tally may not change the Champions under them.
    tallied = client.post(f"/organise/editions/{world.edition.id}/results/tally")
    assert tallied.status_code == 409
    assert "can no longer change" in tallied.get_data(as_text=True)
    csv = client.get(f"/organise/editions/{world.edition.id}/results.csv")
    text = csv.get_data(as_text=True)
    assert csv.status_code == 200
    assert "Quarantined votes" in text
    assert "Solar schools" in text
    xlsx = client.get(f"/organise/editions/{world.edition.id}/results.xlsx")
    assert xlsx.status_code == 200
    assert xlsx.data[:2] == b"PK"
    published = client.post(f"/organise/editions/{world.edition.id}/results/publish")
    assert published.status_code == 302
    again = client.post(f"/organise/editions/{world.edition.id}/results/publish")
    assert again.status_code == 409
    assert "published already" in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Publication.id))) == 1


def test_tallying_before_voting_closes_is_refused(client, login_as, world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock_module, "utcnow", lambda: world.edition.voting_opens)
    login_as(world.organiser)
    response = client.post(f"/organise/editions/{world.edition.id}/results/tally")
    assert response.status_code == 409
    assert "Voting is still open" in response.get_data(as_text=True)


def test_exports_need_the_role(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    login_as(world.jury)
    assert client.get(f"/organise/editions/{world.edition.id}/results.csv").status_code == 403


def test_notifying_tells_each_person_once(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    login_as(world.organiser)
    assert client.post(f"/organise/editions/{world.edition.id}/results/notify").status_code == 302
    client.post(f"/organise/editions/{world.edition.id}/results/notify")
    # one owner of four nominees: four e-mails, one per entry, never repeated
    assert db.session.scalar(select(func.count(ResultNotice.id))) == 4
    subjects = db.session.scalars(
        select(OutboxMessage.subject).where(OutboxMessage.template.like("results_%"))
    ).all()
    assert len(subjects) == 4
    assert sum("Winner" in s for s in subjects) == 2


def test_a_quarantined_receipt_says_so_with_the_reason_in_french(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    vote = db.session.scalar(select(Vote).where(Vote.receipt == RECEIPT))
    db.session.add(
        Quarantine(
            edition_id=world.edition.id,
            kind=QuarantineKind.VOTE,
            vote_id=vote.id,
            voter_id=vote.voter_id,
            reason=QuarantineReason.SUBNET,
            note="One /24",
        )
    )
    db.session.commit()
    response = client.post(
        "/results/2021/check", data={"receipt": RECEIPT}, headers={"Accept-Language": "fr"}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "de nombreux votes depuis un même réseau" in body
    assert "One /24" not in body  # the organisers' note stays theirs
    assert 'data-proof="' not in body


def test_the_export_counts_quarantined_votes_apart(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    vote = db.session.scalar(select(Vote).where(Vote.receipt == RECEIPT))
    db.session.add(
        Quarantine(
            edition_id=world.edition.id,
            kind=QuarantineKind.VOTE,
            vote_id=vote.id,
            voter_id=vote.voter_id,
            reason=QuarantineReason.SUBNET,
            note="Subnet",
        )
    )
    db.session.commit()
    login_as(world.organiser)
    lines = client.get(f"/organise/editions/{world.edition.id}/results.csv").get_data(as_text=True)
    solar = next(line for line in lines.splitlines() if "Solar schools" in line)
    # valid votes 1 (one of its two votes set aside), 1 quarantined, Champion and Winner
    assert '"1","1"' in solar
    assert solar.endswith('"yes"')


def test_receipt_checks_are_rate_limited(app, world, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "RATELIMIT_RECEIPT", "3 per minute")
    publish_world(world)
    db.session.commit()
    guesser = app.test_client()
    statuses = [
        guesser.post(
            "/results/2021/check",
            data={"receipt": f"GUESS{n:04d}GUESS000"},
            environ_base={"REMOTE_ADDR": "10.7.0.1"},
        ).status_code
        for n in range(5)
    ]
    assert statuses == [404, 404, 404, 429, 429]


def test_the_organisers_page_shows_the_e_mails_progress(client, login_as, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    login_as(world.organiser)
    page = client.get(f"/organise/editions/{world.edition.id}/results").get_data(as_text=True)
    assert "0 of 4 queued" in page
    assert "Tell the nominees" in page
    client.post(f"/organise/editions/{world.edition.id}/results/notify")
    page = client.get(f"/organise/editions/{world.edition.id}/results").get_data(as_text=True)
    assert "4 of 4 queued" in page
    assert "Tell the nominees" not in page

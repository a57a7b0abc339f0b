"""The voting pages stay light: at most 100 KB of HTML, CSS and script each, before images.

Measured with a full edition (18 categories of 20 nominees, titles of 80 characters, entities
of 60, summaries of 200 words) and a voter who voted in every category: the heaviest case.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from awards import clock as clock_module
from awards.extensions import db
from awards.paths import ROOT
from tests.voting_factory import insert_vote, make_nominees

LIMIT = 100 * 1024
WORDS = ("digital inclusion connects rural schools clinics and cooperatives " * 30).split()


@pytest.fixture
def full_edition(app: Any, make_edition: Any, make_user: Any, monkeypatch: Any, clock: Any) -> Any:
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.DURING_VOTING)
    edition = make_edition(categories=18)
    owner = make_user("owner@example.org")
    nominees = {}
    counter = iter(range(10_000))
    for category in edition.categories:
        made = make_nominees(edition, owner, per_category=20, categories=[category])
        for entry in made[category.id]:
            n = next(counter)
            entry.title = f"Community broadband and digital skills for rural women {n:04d}"[
                :80
            ].ljust(80, "x")
            entry.entity_name = f"Association for Connected Villages and Open Data {n:04d}"[:60]
            entry.description = " ".join(WORDS[:200])
        nominees.update(made)
    voter = make_user("voter@example.org")
    for entries in nominees.values():
        insert_vote(voter, entries[0])
    db.session.commit()
    return {"edition": edition, "nominees": nominees, "voter": voter}


def _weight(client: Any, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data()
    assets = re.findall(rb'(?:href|src)="/static/([^"?]+\.(?:css|js))"', html)
    return len(html) + sum((ROOT / "static" / a.decode()).stat().st_size for a in assets)


def test_every_voting_page_weighs_at_most_100_kb(
    client: Any, login_as: Any, full_edition: dict[str, Any]
) -> None:
    login_as(full_edition["voter"])
    entry = next(iter(full_edition["nominees"].values()))[1]
    receipt = client.get("/vote/2021/my-votes").get_data(as_text=True)
    first_receipt = re.search(r"/vote/2021/receipts/([0-9A-Z]{26})", receipt).group(1)
    weights = {
        path: _weight(client, path)
        for path in (
            "/vote/2021",
            "/vote/2021/categories/18",
            f"/vote/2021/nominees/{entry.id}",
            f"/vote/2021/receipts/{first_receipt}",
            "/vote/2021/my-votes",
        )
    }
    assert {p: w for p, w in weights.items() if w > LIMIT} == {}, weights
    # The all-categories page really lists the 360 nominees.
    page = client.get("/vote/2021").get_data(as_text=True)
    assert len(set(re.findall(r'href="/vote/2021/nominees/(\d+)"', page))) == 360

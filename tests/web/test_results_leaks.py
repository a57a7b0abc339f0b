"""Before publication nothing leaks: with votes tallied, Champions recorded and Winners
confirmed but the results NOT published, no page of the application that a visitor, a voter,
a submitter or a juror can open shows a Champion or a Winner, a vote count or a Merkle root."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from awards import clock as clock_module
from awards.extensions import db
from awards.results.snapshots import latest_snapshot
from tests.published_results import AFTER, RECEIPT, build, publish_world

WORDS = ("Champion", "Winner", "valid vote", "Valid votes")


@pytest.fixture
def world(make_edition, make_user, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock_module, "utcnow", lambda: AFTER)
    world = build(make_edition, make_user)
    db.session.commit()
    return world


#: Routes that hold no data, only descriptions (the API's schema names "valid votes" as a field).
SCHEMA_ONLY = {"static", "api.openapi"}


def _urls(app: Flask, values: dict[str, Any]) -> list[str]:
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SCHEMA_ONLY:
            continue
        if not set(rule.arguments) <= values.keys():
            continue
        urls.append(adapter.build(rule.endpoint, {k: values[k] for k in rule.arguments}))
    return sorted(set(urls))


#: Sentences that explain the rules to everyone (no project's status): taken out before looking.
RULES_TEXT = ("The most-voted projects become the Champions of their category.",)


def _problems(body: str, world: Any) -> list[str]:
    for sentence in RULES_TEXT:
        body = body.replace(sentence, "")
    found = []
    roots = [c["root"] for c in (world.snapshot_data or {}).values()]
    for word in WORDS:
        if word in body:
            found.append(word)
    found += [f"root {r[:8]}" for r in roots if r in body]
    return found


@pytest.mark.parametrize("persona", ["anonymous", "voter", "submitter", "jury"])
def test_no_page_shows_results_before_publication(app, client, login_as, world, persona) -> None:  # type: ignore[no-untyped-def]
    world.snapshot_data = latest_snapshot(world.edition).data  # type: ignore[union-attr]
    people = {"voter": world.voter, "submitter": world.owner, "jury": world.jury}
    if persona != "anonymous":
        login_as(people[persona])
    entry = world.first[0]
    values = {
        "edition_id": world.edition.id,
        "entry_id": entry.id,
        "category_id": entry.category_id,
        "year": world.edition.year,
        "receipt": RECEIPT,
    }
    leaks = {}
    visited = 0
    for url in _urls(app, values):
        response = client.get(url)
        if response.status_code != 200 or not response.mimetype.startswith(
            ("text/", "application/json")
        ):
            continue
        visited += 1
        problems = _problems(response.get_data(as_text=True), world)
        if problems:
            leaks[url] = problems
    assert visited >= 4  # the home page, the results list, the hall of fame, ...
    assert leaks == {}


def test_after_publication_the_results_page_names_them(client, world) -> None:  # type: ignore[no-untyped-def]
    publish_world(world)
    db.session.commit()
    body = client.get("/results/2021").get_data(as_text=True)
    assert "Winner" in body
    assert "Champions" in body
    assert "Valid votes" not in body

"""The organisers' search ignores case and accents in every script, on every engine."""

from __future__ import annotations

import re

import pytest

from awards.accounts.roles import Role
from awards.extensions import db
from awards.screening.search_keys import fold
from awards.submissions.models import EntryContact
from tests.entry_factory import make_entry

BASE = "/organise/entries/"


@pytest.fixture
def edition(make_edition):
    return make_edition(year=2021, categories=3)


@pytest.fixture
def search(login_as, make_user):
    client = login_as(make_user(roles=((Role.ORGANISER, None),)))

    def ids(q: str) -> set[int]:
        html = client.get(BASE, query_string={"q": q}).text
        return {int(i) for i in re.findall(r'name="entry_ids" value="(\d+)"', html)}

    return ids


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("École numérique rurale", "école"),
        ("École numérique rurale", "ÉCOLE"),
        ("École numérique rurale", "ecole"),
        ("ΣΧΟΛΕΊΟ του χωριού", "σχολείο"),
        ("Σχολείο του χωριού", "ΣΧΟΛΕΙΟ"),
        ("Школа будущего", "школа"),
        ("школа будущего", "ШКОЛА"),
        ("İstanbul Dijital", "istanbul"),
        ("Istanbul Dijital", "İSTANBUL"),
        ("Straße der Daten", "STRASSE"),
    ],
)
def test_search_ignores_case_and_accents(search, edition, make_user, stored, typed):
    wanted = make_entry(edition, make_user(), title=stored)
    make_entry(edition, make_user(), title="Something else entirely")
    assert search(typed) == {wanted.id}


def test_search_finds_entity_and_contacts_and_follows_edits(search, edition, make_user):
    entry = make_entry(
        edition,
        make_user(),
        entity_name="Ministère de l'Éducation",
        contacts=[{"name": "José Núñez", "email": "jose@example.org"}],
    )
    assert search("ministere de l'education") == {entry.id}
    assert search("JOSE NUNEZ") == {entry.id}
    entry.title = "Télécentres"
    db.session.add(EntryContact(entry=entry, position=1, name="Zoë Ødegaard", email="z@x.org"))
    db.session.flush()
    assert search("telecentres") == {entry.id}
    assert search("zoe") == {entry.id}


def test_search_wildcards_are_plain_text(search, edition, make_user):
    make_entry(edition, make_user(), title="Schools everywhere")
    assert search("100%_") == set()
    assert search("%") == set()


@pytest.mark.parametrize(
    ("text", "key"),
    [("École", "ecole"), ("ΣΧΟΛΕΊΟ", "σχολειο"), ("σχολείος", "σχολειοσ"), ("İI ı", "ii i")],
)
def test_fold_table(text, key):
    assert fold(text) == key

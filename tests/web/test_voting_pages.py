"""The voters' pages over HTTP: browsing, the confirmation step, receipts, My votes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from awards import clock as clock_module
from awards.contest.models import Category
from awards.extensions import db
from awards.voting.models import Vote, VotingSettings
from awards.voting.nominee_cards import forget_cards
from awards.voting.receipts import grouped
from tests.conftest import schedule_kwargs
from tests.voting_factory import add_image, make_nominees


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch, clock: Any) -> Any:
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.DURING_VOTING)
    return clock.DURING_VOTING


@pytest.fixture
def world(app: Any, make_edition: Any, make_user: Any, now: Any) -> dict[str, Any]:
    edition = make_edition(categories=3)
    owner = make_user("owner@example.org")
    nominees = make_nominees(edition, owner, per_category=3)
    voter = make_user("voter@example.org")
    db.session.commit()
    return {"edition": edition, "nominees": nominees, "voter": voter}


def votes() -> int:
    return db.session.scalar(select(func.count()).select_from(Vote)) or 0


def first(world: dict[str, Any], category: int = 0, index: int = 0) -> Any:
    return list(world["nominees"].values())[category][index]


def cast(client: Any, entry: Any, number: int | None = None) -> Any:
    number = entry.category.number if number is None else number
    return client.post(f"/vote/2021/nominees/{entry.id}/cast", data={"category": str(number)})


def test_the_voting_home_leads_to_the_current_edition(client: Any, world: dict[str, Any]) -> None:
    response = client.get("/vote")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/vote/2021")


def test_all_categories_list_every_nominee(client: Any, world: dict[str, Any]) -> None:
    page = client.get("/vote/2021").get_data(as_text=True)
    for entries in world["nominees"].values():
        for entry in entries:
            assert f"/vote/2021/nominees/{entry.id}" in page
    assert "Category 1" in page
    assert "Voting is open until" in page


def test_a_category_page_shows_cards_with_named_vote_buttons(
    client: Any, login_as: Any, world: dict[str, Any]
) -> None:
    login_as(world["voter"])
    page = client.get("/vote/2021/categories/1").get_data(as_text=True)
    for entry in first_category(world):
        assert f"Vote for {entry.title}" in page
        assert entry.entity_name in page
        assert "Kenya" in page
    assert "/vote/2021/nominees/" in page


def first_category(world: dict[str, Any]) -> list[Any]:
    return list(world["nominees"].values())[0]


def test_the_whole_journey_confirm_cast_receipt_my_votes(
    client: Any, login_as: Any, world: dict[str, Any]
) -> None:
    login_as(world["voter"])
    entry = first(world)
    confirm = client.get(f"/vote/2021/nominees/{entry.id}/confirm")
    assert confirm.status_code == 200
    text = confirm.get_data(as_text=True)
    assert "Your vote is final" in text
    assert f"Vote for {entry.title}" in text
    assert votes() == 0  # showing the confirmation casts nothing

    response = cast(client, entry)
    assert response.status_code == 303
    vote = db.session.scalar(select(Vote))
    assert response.headers["Location"].endswith(f"/vote/2021/receipts/{vote.receipt}")
    receipt = client.get(response.headers["Location"])
    assert receipt.status_code == 200
    page = receipt.get_data(as_text=True)
    assert grouped(vote.receipt) in page
    assert "Your vote is recorded" in page
    assert "You have voted in 1 of 3 categories." in page
    assert "Next: vote in category 2" in page
    assert receipt.headers["Cache-Control"] == "no-store"

    mine = client.get("/vote/2021/my-votes").get_data(as_text=True)
    assert entry.title in mine
    assert grouped(vote.receipt) in mine
    assert "You have voted in 1 of 3 categories." in mine


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_confirmation(
    client: Any, world: dict[str, Any]
) -> None:
    entry = first(world)
    nominee = client.get(f"/vote/2021/nominees/{entry.id}").get_data(as_text=True)
    assert f'href="/vote/2021/nominees/{entry.id}/confirm"' in nominee
    response = client.get(f"/vote/2021/nominees/{entry.id}/confirm")
    assert response.status_code == 302
    assert "/account/login?next=" in response.headers["Location"]
    assert f"/vote/2021/nominees/{entry.id}/confirm" in response.headers["Location"].replace(
        "%2F", "/"
    )
    signed_in = client.post(
        response.headers["Location"],
        data={"email": "voter@example.org", "password": "correct horse battery staple"},
    )
    assert signed_in.status_code == 302
    assert signed_in.headers["Location"].startswith(f"/vote/2021/nominees/{entry.id}/confirm")


def test_the_nominee_page_has_opengraph_tags_and_no_counts(
    client: Any, app: Any, world: dict[str, Any]
) -> None:
    entry = first(world)
    add_image(entry, app.config["UPLOAD_FOLDER"])
    db.session.commit()
    page = client.get(f"/vote/2021/nominees/{entry.id}").get_data(as_text=True)
    assert f'<meta property="og:title" content="{entry.title}">' in page
    assert (
        f'<meta property="og:url" content="http://awards.test/vote/2021/nominees/{entry.id}">'
        in page
    )
    assert f'content="http://awards.test/vote/2021/nominees/{entry.id}/image"' in page
    assert 'property="og:description"' in page
    image = client.get(f"/vote/2021/nominees/{entry.id}/image")
    assert image.status_code == 200
    assert image.headers["Content-Type"] == "image/png"


def test_an_edition_that_allows_changes_says_so_and_keeps_the_last(
    client: Any, login_as: Any, world: dict[str, Any]
) -> None:
    db.session.add(VotingSettings(edition_id=world["edition"].id, allow_change=True))
    db.session.commit()
    login_as(world["voter"])
    one, two = first(world, 0, 0), first(world, 0, 1)
    assert cast(client, one).status_code == 303
    text = client.get(f"/vote/2021/nominees/{two.id}/confirm").get_data(as_text=True)
    assert "You can change this vote until" in text
    assert one.title in text  # "your current vote ... will be replaced"
    assert cast(client, two).status_code == 303
    assert votes() == 2
    mine = client.get("/vote/2021/my-votes").get_data(as_text=True)
    assert two.title in mine
    assert one.title not in mine


def test_visitors_see_the_nominees_alphabetically(
    client: Any, make_user: Any, world: dict[str, Any]
) -> None:
    page = client.get("/vote/2021/categories/1").get_data(as_text=True)
    titles = [e.title for e in first_category(world)]
    positions = [page.index(t) for t in titles]
    assert [t for _, t in sorted(zip(positions, titles, strict=True))] == sorted(titles)


def test_each_voter_has_an_order_of_their_own_and_keeps_it(
    client: Any, login_as: Any, make_edition: Any, make_user: Any, now: Any
) -> None:
    edition = make_edition(year=2022, categories=1, **schedule_kwargs())
    nominees = make_nominees(edition, make_user(), per_category=12)
    voters = [make_user() for _ in range(6)]
    db.session.commit()
    orders = set()
    for voter in voters:
        login_as(voter)
        first_visit = _order(client.get("/vote/2022/categories/1").get_data(as_text=True))
        assert _order(client.get("/vote/2022/categories/1").get_data(as_text=True)) == first_visit
        orders.add(tuple(first_visit))
    assert len(orders) > 1
    assert len(next(iter(orders))) == len(next(iter(nominees.values())))


def _order(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/vote/\d+/nominees/(\d+)"', page)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=rural", 3),
        ("q=RURAL+connectivity", 3),
        ("q=no+such+project", 0),
        ("region=Africa", 3),
        ("region=Europe", 0),
        ("country=KE", 3),
        ("country=ch", 0),
        ("stakeholder=civil_society", 3),
        ("stakeholder=government", 0),
        ("region=Narnia&country=K1&stakeholder=x", 3),  # unknown values are ignored
    ],
)
def test_filters_and_search(client: Any, world: dict[str, Any], query: str, expected: int) -> None:
    page = client.get(f"/vote/2021/categories/1?{query}").get_data(as_text=True)
    assert len(_order(page)) == expected


def test_search_does_not_reach_the_contacts(client: Any, world: dict[str, Any]) -> None:
    contact = first(world).contacts[0]
    page = client.get(f"/vote/2021/categories/1?q={contact.email}").get_data(as_text=True)
    assert _order(page) == []
    assert contact.email not in client.get(f"/vote/2021/nominees/{first(world).id}").get_data(
        as_text=True
    )


def test_the_all_categories_page_filters_by_category(client: Any, world: dict[str, Any]) -> None:
    page = client.get("/vote/2021?category=2").get_data(as_text=True)
    shown = set(re.findall(r'href="/vote/2021/nominees/(\d+)"', page))
    assert shown == {str(e.id) for e in list(world["nominees"].values())[1]}


def test_pages_work_at_phone_width_without_script_or_wide_tables(
    client: Any, login_as: Any, world: dict[str, Any]
) -> None:
    login_as(world["voter"])
    cast(client, first(world))
    for path in ("/vote/2021", "/vote/2021/categories/1", "/vote/2021/my-votes"):
        page = client.get(path).get_data(as_text=True)
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
        assert "voting.css" in page


@pytest.fixture
def cached(app: Any) -> Any:
    """The nominee cards kept a minute, as in production."""
    forget_cards()
    app.config["VOTING_CARDS_CACHE_SECONDS"] = 60
    yield
    app.config["VOTING_CARDS_CACHE_SECONDS"] = 0
    forget_cards()


def test_kept_cards_carry_nothing_of_the_voter_who_filled_them(
    client: Any, login_as: Any, world: dict[str, Any], cached: Any
) -> None:
    login_as(world["voter"])
    entry = first(world)
    assert cast(client, entry).status_code == 303
    assert "Your vote" in client.get("/vote/2021/categories/1").get_data(as_text=True)
    with client.session_transaction() as session:
        session.clear()
    page = client.get("/vote/2021/categories/1").get_data(as_text=True)
    assert "Your vote" not in page
    assert f"Vote for {entry.title}" in page  # a visitor may vote for it (after signing in)


def test_a_newly_confirmed_category_shows_at_once_despite_the_kept_cards(
    client: Any, make_user: Any, world: dict[str, Any], cached: Any
) -> None:
    assert client.get("/vote/2021/categories/3").status_code == 200
    edition = world["edition"]
    fourth = Category(number=4, action_line="C4", name="Category 4")
    edition.categories.append(fourth)
    db.session.flush()
    make_nominees(edition, make_user(), per_category=2, categories=[fourth])
    db.session.commit()
    page = client.get("/vote/2021/categories/4")
    assert page.status_code == 200
    assert len(_order(page.get_data(as_text=True))) == 2

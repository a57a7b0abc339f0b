"""The all-categories page's rows: every value escaped, the viewer's choice marked."""

from __future__ import annotations

from awards.voting.nominee_cards import Card
from awards.voting.nominee_rows import nominee_rows


def _card(entry_id: int, title: str, country_name: str, *, chosen: bool = False) -> Card:
    return Card(
        entry_id=entry_id,
        title=title,
        entity="",
        country="",
        country_name=country_name,
        region="",
        stakeholder="",
        excerpt="",
        category_id=1,
        chosen=chosen,
    )


def test_rows_link_each_nominee_and_mark_only_the_viewers_choice() -> None:
    html = nominee_rows(
        [_card(7, "Rural schools online", "Kenya"), _card(9, "Clinics", "Peru", chosen=True)],
        "/vote/2031/nominees/",
        "your vote",
    )
    assert html == (
        '<li><a href="/vote/2031/nominees/7">Rural schools online</a> <small>Kenya</small></li>'
        '<li><a href="/vote/2031/nominees/9">Clinics</a> <strong>(your vote)</strong> '
        "<small>Peru</small></li>"
    )


def test_every_value_is_escaped() -> None:
    html = nominee_rows(
        [_card(1, '<script>alert("x")</script>', "Côte d'Ivoire & co", chosen=True)],
        '/vote/"><b>',
        "<i>vote</i>",
    )
    for raw in ("<script>", "<b>", "<i>"):
        assert raw not in html
    assert "&lt;script&gt;" in html
    assert "Côte d&#39;Ivoire &amp; co" in html
    assert "&lt;i&gt;vote&lt;/i&gt;" in html


def test_no_nominees_is_no_rows() -> None:
    assert nominee_rows([], "/vote/2031/nominees/", "your vote") == ""

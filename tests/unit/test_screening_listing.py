"""Parsing the organisers' list filters: anything unknown falls back to its default."""

from __future__ import annotations

import pytest

from awards.screening.listing import EntryFilters, countries_matching

CATEGORIES = {11, 12, 13}


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({}, EntryFilters()),
        ({"category": "12"}, EntryFilters(category=12)),
        ({"category": "99"}, EntryFilters()),
        ({"category": "x"}, EntryFilters()),
        ({"region": "Europe"}, EntryFilters(region="Europe")),
        ({"region": "europe"}, EntryFilters()),
        ({"country": "ke"}, EntryFilters(country="KE")),
        ({"country": "ZZ"}, EntryFilters()),
        ({"stakeholder": "academia"}, EntryFilters(stakeholder="academia")),
        ({"stakeholder": "pirates"}, EntryFilters()),
        ({"state": "eligible"}, EntryFilters(state="eligible")),
        ({"state": "winner"}, EntryFilters()),
        ({"q": "  solar  "}, EntryFilters(q="solar")),
        ({"sort": "title"}, EntryFilters(sort="title", direction="asc")),
        ({"sort": "title", "direction": "desc"}, EntryFilters(sort="title", direction="desc")),
        ({"sort": "updated"}, EntryFilters(sort="updated", direction="desc")),
        ({"sort": "1;drop"}, EntryFilters()),
        ({"direction": "up"}, EntryFilters()),
        ({"page": "3"}, EntryFilters(page=3)),
        ({"page": "0"}, EntryFilters()),
        ({"page": "-1"}, EntryFilters()),
        ({"page": "2.5"}, EntryFilters()),
        ({"page": "9" * 40}, EntryFilters()),
    ],
)
def test_from_args(args, expected):
    assert EntryFilters.from_args(args, CATEGORIES) == expected


def test_search_text_is_capped():
    assert len(EntryFilters.from_args({"q": "a" * 500}, CATEGORIES).q) == 100


def test_args_leave_defaults_out_and_apply_overrides():
    filters = EntryFilters(region="Africa", sort="title", direction="asc", page=3)
    assert filters.args() == {"region": "Africa", "sort": "title", "page": 3}
    assert filters.args(page=1) == {"region": "Africa", "sort": "title"}
    assert EntryFilters().args() == {}


@pytest.mark.parametrize(
    ("text", "included", "excluded"),
    [
        ("kenya", "KE", "FR"),
        ("KE", "KE", "FR"),
        ("bolivia", "BO", "KE"),
        ("united", "GB", "KE"),
    ],
)
def test_countries_matching(text, included, excluded):
    codes = countries_matching(text)
    assert included in codes
    assert excluded not in codes


def test_one_letter_matches_no_country():
    assert countries_matching("a") == []

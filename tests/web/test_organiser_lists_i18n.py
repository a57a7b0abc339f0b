"""The lists people choose from and read, in their language: countries and time zones."""

from __future__ import annotations

import csv
import io
import re

import pytest

from awards.accounts.roles import Role
from awards.screening.exports import csv_chunks
from awards.screening.listing import EntryFilters
from tests.entry_factory import make_entry


def _options(html: str, name: str) -> list[tuple[str, str]]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))


def test_sign_up_offers_the_un_names_of_member_states(client):
    options = dict(_options(client.get("/account/register").text, "country"))
    assert options["BO"] == "Bolivia (Plurinational State of)"
    assert "HK" not in options  # not a Member State, not configured
    client.post("/language", data={"lang": "fr"})
    options = dict(_options(client.get("/account/register").text, "country"))
    assert options["BO"] == "Bolivie (État plurinational de)"


def test_settings_keep_a_country_no_longer_offered(login_as, make_user):
    client = login_as(make_user(country="HK"))
    options = dict(_options(client.get("/account/settings").text, "country"))
    assert options["HK"] == "China, Hong Kong Special Administrative Region"
    other = login_as(make_user(country="CH"))
    assert "HK" not in dict(_options(other.get("/account/settings").text, "country"))


def test_time_zones_are_named_in_the_viewer_language_with_offsets(login_as, make_user):
    client = login_as(make_user())
    options = _options(client.get("/account/settings").text, "timezone")
    labels = dict(options)
    label = labels["America/Argentina/Buenos_Aires"]
    assert "Argentina (Buenos Aires)" in label
    assert "03:00" in label
    assert "America/Argentina/Buenos_Aires" not in label
    # From the furthest west to the furthest east.
    zones = [value for value, _ in options if value]
    assert zones.index("Pacific/Honolulu") < zones.index("America/New_York")
    assert zones.index("America/New_York") < zones.index("Europe/Paris")
    assert zones.index("Europe/Paris") < zones.index("Asia/Tokyo")
    client.post("/language", data={"lang": "fr"})
    labels = dict(_options(client.get("/account/settings").text, "timezone"))
    assert "Argentine (Buenos Aires)" in labels["America/Argentina/Buenos_Aires"]


def test_saving_settings_keeps_the_iana_zone(login_as, make_user):
    user = make_user(country="HK")
    client = login_as(user)
    response = client.post(
        "/account/settings/profile",
        data={
            "name": "Ana",
            "organisation": "",
            "country": "HK",
            "locale": "en",
            "timezone": "America/Argentina/Buenos_Aires",
        },
    )
    assert response.status_code == 302
    assert (user.timezone, user.country) == ("America/Argentina/Buenos_Aires", "HK")


@pytest.fixture
def edition(make_edition):
    return make_edition(year=2021, categories=3)


def test_organisers_see_the_name_of_a_country_no_longer_offered(login_as, make_user, edition):
    entry = make_entry(edition, make_user(), title="Harbour data", country="HK")
    client = login_as(make_user(roles=((Role.ORGANISER, None),)))
    name = "China, Hong Kong Special Administrative Region"
    assert name in client.get("/organise/entries/").text
    assert name in client.get(f"/organise/entries/{entry.id}").text
    text = "".join(csv_chunks(edition, EntryFilters())).removeprefix("\ufeff")
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert name in row.values()

"""ITU regions of countries and localised country names."""

import pycountry
import pytest

from awards.geography import (
    COUNTRY_CODES,
    REGION_OF_COUNTRY,
    Region,
    country_name,
    country_names,
    region_of,
)


@pytest.mark.parametrize(
    ("country", "region"),
    [
        ("EG", Region.ARAB_STATES),
        ("MA", Region.ARAB_STATES),
        ("AE", Region.ARAB_STATES),
        ("KE", Region.AFRICA),
        ("NG", Region.AFRICA),
        ("BR", Region.AMERICAS),
        ("US", Region.AMERICAS),
        ("RU", Region.CIS),
        ("KZ", Region.CIS),
        ("CH", Region.EUROPE),
        ("TR", Region.EUROPE),
        ("IN", Region.ASIA_PACIFIC),
        ("IR", Region.ASIA_PACIFIC),
        ("ch", Region.EUROPE),
        ("AQ", None),
        ("ZZ", None),
        ("", None),
        (None, None),
    ],
)
def test_region_of_country(country, region):
    assert region_of(country) == region


def test_every_inhabited_iso_country_has_a_region():
    missing = sorted(COUNTRY_CODES - set(REGION_OF_COUNTRY))
    assert missing == ["AQ", "BV", "HM", "TF"]
    assert set(REGION_OF_COUNTRY) <= {c.alpha_2 for c in pycountry.countries}


@pytest.mark.parametrize(
    ("code", "locale", "name"),
    [("CH", "en", "Switzerland"), ("CH", "fr", "Suisse"), ("DE", "es", "Alemania")],
)
def test_country_names_are_localised(code, locale, name):
    assert country_name(code, locale) == name


def test_country_list_is_sorted_in_the_locale_and_complete():
    names = country_names("ru")
    assert len(names) == len(COUNTRY_CODES)
    assert [n for _, n in names] == sorted((n for _, n in names), key=str.casefold)
    assert country_names("xx-nonsense") == country_names("en")

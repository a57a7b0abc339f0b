"""Countries (ISO 3166-1 alpha-2) and the ITU region each belongs to.

The regions are those of ITU's Telecommunication Development Bureau (BDT), which ITU uses to
report submissions: Africa, Americas, Arab States, Asia & Pacific, CIS, Europe.

* Africa is sub-Saharan Africa; the African members of the League of Arab States (Algeria,
  Comoros, Djibouti, Egypt, Libya, Mauritania, Morocco, Somalia, Sudan, Tunisia) are Arab States.
* CIS is the nine countries served by ITU's CIS regional office (Armenia, Azerbaijan, Belarus,
  Kazakhstan, Kyrgyzstan, Russian Federation, Tajikistan, Turkmenistan, Uzbekistan). Older ITU
  statistics also counted Georgia, Moldova and Ukraine in the CIS; here they are in Europe.
* Israel and Türkiye are in Europe, Iran in Asia & Pacific, as in ITU's groupings.
* Territories that are not ITU members are placed by geography (Caribbean territories in the
  Americas, Pacific ones in Asia & Pacific, ...). Antarctic territories have no region.
"""

from __future__ import annotations

import enum
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from flask_babel import lazy_gettext as _l


class Region(enum.StrEnum):
    """ITU (BDT) regions."""

    AFRICA = "Africa"
    AMERICAS = "Americas"
    ARAB_STATES = "Arab States"
    ASIA_PACIFIC = "Asia & Pacific"
    CIS = "CIS"
    EUROPE = "Europe"


REGION_LABELS = {
    Region.AFRICA: _l("Africa"),
    Region.AMERICAS: _l("Americas"),
    Region.ARAB_STATES: _l("Arab States"),
    Region.ASIA_PACIFIC: _l("Asia & Pacific"),
    Region.CIS: _l("CIS"),
    Region.EUROPE: _l("Europe"),
}

_MEMBERS: dict[Region, str] = {
    Region.AFRICA: (
        "AO BJ BW BF BI CV CM CF TD CG CD CI GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MU "
        "MZ NA NE NG RW ST SN SC SL ZA SS TZ TG UG ZM ZW "
        "RE YT SH"
    ),
    Region.AMERICAS: (
        "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN "
        "LC VC SR TT US UY VE "
        "AW AI BQ BL BM CW KY FK GF GP MF MQ MS PM PR SX TC VG VI GS"
    ),
    Region.ARAB_STATES: "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM PS QA SA SO SD SY TN AE YE EH",
    Region.ASIA_PACIFIC: (
        "AF AU BD BT BN KH CN FJ IN ID IR JP KI KP KR LA MY MV MH FM MN MM NR NP NZ PK PG PH "
        "WS SG SB LK TH TL TO TV VU VN PW "
        "HK MO TW AS CC CK CX GU MP NC NF NU PF PN TK WF UM IO"
    ),
    Region.CIS: "AM AZ BY KZ KG RU TJ TM UZ",
    Region.EUROPE: (
        "AL AD AT BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IL IT LV LI LT LU MT MC ME NL "
        "MK NO PL PT RO SM RS SK SI ES SE CH TR GB VA UA MD GE "
        "AX FO GG GI IM JE SJ GL"
    ),
}

#: ISO alpha-2 code -> ITU region.
REGION_OF_COUNTRY: dict[str, Region] = {
    code: region for region, codes in _MEMBERS.items() for code in codes.split()
}

#: Every ISO 3166-1 alpha-2 code the form offers.
COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries)


@lru_cache(maxsize=1)
def english_names() -> tuple[tuple[str, str], ...]:
    """(code, every English name of it and its alpha-3 code, joined and case-folded), for search."""
    rows = []
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", ""), country.alpha_3}
        names.add(getattr(country, "official_name", ""))
        rows.append((country.alpha_2, " | ".join(n for n in names if n).casefold()))
    return tuple(rows)


def region_of(country: str | None) -> Region | None:
    """The ITU region of an ISO alpha-2 country code (None for unknown or Antarctic codes)."""
    if not country:
        return None
    return REGION_OF_COUNTRY.get(country.upper())


@lru_cache(maxsize=16)
def country_names(locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every ISO country, named and sorted in ``locale`` (CLDR via Babel)."""
    try:
        territories = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        territories = Locale("en").territories
    english = {c.alpha_2: c.name for c in pycountry.countries}
    pairs = [(code, territories.get(code) or english[code]) for code in COUNTRY_CODES]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def country_name(code: str | None, locale: str = "en") -> str:
    """The name of ``code`` in ``locale`` ("" when there is none)."""
    if not code:
        return ""
    return dict(country_names(locale)).get(code.upper(), code)

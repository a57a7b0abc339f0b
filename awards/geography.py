"""Countries (ISO 3166-1 alpha-2), their UN names and the ITU region each belongs to.

The list offered in forms is ITU's 193 Member States (the 193 UN Member States) under their
official UN short names in the six UN languages, read from ``awards/data/countries.csv`` (UN M49
and UNTERM; see docs/countries.md), plus the non-member States or territories an edition lists in
``AWARDS_EXTRA_TERRITORIES`` (default: the two UN observer States, PS and VA). Each list is sorted
by the Unicode Collation Algorithm (``awards.collation``) and built once per process.

The regions are those of ITU's Telecommunication Development Bureau (BDT), which ITU uses to
report submissions: Africa, Americas, Arab States, Asia & Pacific, CIS, Europe.

* Africa is sub-Saharan Africa; the African members of the League of Arab States (Algeria,
  Comoros, Djibouti, Egypt, Libya, Mauritania, Morocco, Somalia, Sudan, Tunisia) are Arab States.
* CIS is the nine countries served by ITU's CIS regional office (Armenia, Azerbaijan, Belarus,
  Kazakhstan, Kyrgyzstan, Russian Federation, Tajikistan, Turkmenistan, Uzbekistan). Older ITU
  statistics also counted Georgia, Moldova and Ukraine in the CIS; here they are in Europe.
* Israel and Türkiye are in Europe, Iran in Asia & Pacific, as in ITU's groupings.
* Territories that are not ITU members are placed by geography (Caribbean territories in the
  Americas, Pacific ones in Asia & Pacific, ...), so that entries and accounts stored with such a
  code keep a region. Antarctic territories have no region.
"""

from __future__ import annotations

import csv
import enum
import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib.resources import files

import pycountry
from babel import Locale, UnknownLocaleError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l

from awards.collation import sort_key

log = logging.getLogger(__name__)


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

#: ISO alpha-2 code -> ITU region, for members and for every territory a stored record may carry.
REGION_OF_COUNTRY: dict[str, Region] = {
    code: region for region, codes in _MEMBERS.items() for code in codes.split()
}

#: Every ISO 3166-1 alpha-2 code the application knows (stored entries and accounts may carry
#: any of them); forms offer ``offered_codes()``.
COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries)
_ISO_NAMES: dict[str, str] = {c.alpha_2: c.name for c in pycountry.countries}

#: The six official languages of the UN, in which the data file names every country.
UN_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")

#: ``AWARDS_EXTRA_TERRITORIES`` when it is not set: the two non-member observer States.
DEFAULT_EXTRA_TERRITORIES = "PS,VA"


def _read_un_names() -> tuple[dict[str, dict[str, str]], frozenset[str]]:
    text = files("awards").joinpath("data/countries.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    names: dict[str, dict[str, str]] = {}
    members = set()
    for row in rows:
        names[row["code"]] = {lang: row[lang] for lang in UN_LANGUAGES}
        if row["member"] == "1":
            members.add(row["code"])
    return names, frozenset(members)


#: ISO code -> UN language -> UN short name (members and the territories the data file names).
UN_NAMES: Mapping[str, Mapping[str, str]]
#: The 193 Member States of the UN and of ITU.
MEMBER_STATES: frozenset[str]
UN_NAMES, MEMBER_STATES = _read_un_names()


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


def _language(locale: str) -> str:
    """The UN language for ``locale`` ("zh_Hans_CN" -> "zh"); English for any other."""
    language = locale.replace("-", "_").split("_")[0].lower()
    return language if language in UN_LANGUAGES else "en"


@lru_cache(maxsize=32)
def _cldr_territories(locale: str) -> Mapping[str, str]:
    try:
        return Locale.parse(locale.replace("-", "_")).territories
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale("en").territories


def country_name(code: str | None, locale: str = "en") -> str:
    """The name of ``code`` in ``locale``: its UN name, else CLDR's, else ISO's ("" for none).

    Works for any code a stored record may carry, offered in forms or not.
    """
    if not code:
        return ""
    code = code.upper()
    un = UN_NAMES.get(code)
    if un is not None:
        return un[_language(locale)]
    if code not in COUNTRY_CODES:
        return code
    return _cldr_territories(locale).get(code) or _ISO_NAMES[code]


@lru_cache(maxsize=16)
def parse_territories(setting: str) -> tuple[str, ...]:
    """The ISO codes of an ``AWARDS_EXTRA_TERRITORIES`` value ("PS, va" -> ("PS", "VA")).

    Member States (already offered) are dropped; unknown codes are dropped with a warning.
    """
    codes: list[str] = []
    for part in setting.split(","):
        code = part.strip().upper()
        if not code or code in MEMBER_STATES or code in codes:
            continue
        if code not in COUNTRY_CODES:
            log.warning("AWARDS_EXTRA_TERRITORIES: %r is not an ISO 3166-1 code; ignored", code)
            continue
        codes.append(code)
    return tuple(codes)


def configured_territories() -> tuple[str, ...]:
    """The non-member codes this installation offers (``AWARDS_EXTRA_TERRITORIES``)."""
    setting = DEFAULT_EXTRA_TERRITORIES
    if has_app_context():
        setting = current_app.config.get("AWARDS_EXTRA_TERRITORIES", setting)
    return parse_territories(setting)


def offered_codes(extra: Iterable[str] | None = None) -> frozenset[str]:
    """The codes forms offer: the 193 Member States plus ``extra`` (default: the setting)."""
    territories = configured_territories() if extra is None else parse_territories(",".join(extra))
    return MEMBER_STATES | frozenset(territories)


@lru_cache(maxsize=64)
def _sorted_names(locale: str, codes: frozenset[str]) -> tuple[tuple[str, str], ...]:
    key = sort_key(_language(locale))
    pairs = [(code, country_name(code, locale)) for code in codes]
    return tuple(sorted(pairs, key=lambda pair: key(pair[1])))


def country_names(
    locale: str, extra: Iterable[str] | None = None, keep: str | None = None
) -> tuple[tuple[str, str], ...]:
    """(code, name) of every offered country in ``locale``, in that language's collation order.

    Offered: the 193 Member States plus ``extra`` or, by default, ``AWARDS_EXTRA_TERRITORIES``;
    ``keep`` (the code a record already carries) stays in the list even if no longer offered.
    """
    codes = offered_codes(extra)
    if keep and keep.upper() in COUNTRY_CODES:
        codes |= {keep.upper()}
    return _sorted_names(locale, codes)

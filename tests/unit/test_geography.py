"""The country list: 193 Member States under their UN names, in each language's order."""

import csv
import logging
from importlib.resources import files

import pycountry
import pytest
from flask import Flask

from awards.config import load_config
from awards.geography import (
    COUNTRY_CODES,
    MEMBER_STATES,
    REGION_OF_COUNTRY,
    UN_LANGUAGES,
    UN_NAMES,
    Region,
    country_name,
    country_names,
    offered_codes,
    parse_territories,
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
        ("HK", Region.ASIA_PACIFIC),
        ("PR", Region.AMERICAS),
        ("PS", Region.ARAB_STATES),
        ("VA", Region.EUROPE),
        ("AQ", None),
        ("ZZ", None),
        ("", None),
        (None, None),
    ],
)
def test_region_of_country(country, region):
    assert region_of(country) == region


# The ITU (BDT) region of each of the 193 Member States, as it was before the list changed.
MEMBER_REGIONS = {
    Region.AFRICA: "AO BJ BW BF BI CV CM CF TD CG CD CI GQ ER SZ ET GA GM GH GN GW KE LS LR MG "
    "MW ML MU MZ NA NE NG RW ST SN SC SL ZA SS TZ TG UG ZM ZW",
    Region.AMERICAS: "AG AR BS BB BZ BO BR CA CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA "
    "PY PE KN LC VC SR TT US UY VE",
    Region.ARAB_STATES: "DZ BH KM DJ EG IQ JO KW LB LY MR MA OM QA SA SO SD SY TN AE YE",
    Region.ASIA_PACIFIC: "AF AU BD BT BN KH CN FJ IN ID IR JP KI KP KR LA MY MV MH FM MN MM NR NP "
    "NZ PK PG PH WS SG SB LK TH TL TO TV VU VN PW",
    Region.CIS: "AM AZ BY KZ KG RU TJ TM UZ",
    Region.EUROPE: "AL AD AT BE BA BG HR CY CZ DK EE FI FR DE GR HU IS IE IL IT LV LI LT LU MT "
    "MC ME NL MK NO PL PT RO SM RS SK SI ES SE CH TR GB UA MD GE",
}


def test_every_member_keeps_its_region():
    expected = {code: region for region, codes in MEMBER_REGIONS.items() for code in codes.split()}
    assert len(expected) == 193
    assert {code: REGION_OF_COUNTRY[code] for code in MEMBER_STATES} == expected


def test_every_inhabited_iso_country_has_a_region():
    missing = sorted(COUNTRY_CODES - set(REGION_OF_COUNTRY))
    assert missing == ["AQ", "BV", "HM", "TF"]
    assert set(REGION_OF_COUNTRY) <= {c.alpha_2 for c in pycountry.countries}


def _un_members_of_country_converter() -> dict[str, dict[str, str]]:
    text = files("country_converter").joinpath("country_data.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    # Two rows carry a regex instead of a code, to accept EL for Greece and UK for the UK.
    code = {"^GR$|^EL$": "GR", "^GB$|^UK$": "GB"}
    return {code.get(r["ISO2"], r["ISO2"]): r for r in rows if r["UNmember"] not in {"", "nan"}}


def test_the_members_are_the_193_un_member_states():
    assert len(MEMBER_STATES) == 193
    assert set(_un_members_of_country_converter()) == MEMBER_STATES
    assert set(UN_NAMES) <= COUNTRY_CODES


# Where the UN short name is neither country_converter's short nor its official name.
UN_SHORT_NAMES_UNLIKE_COUNTRY_CONVERTER = {
    "CG": "Congo",  # country_converter: "Congo Republic"
    "VN": "Viet Nam",  # country_converter: "Vietnam"
}


def test_english_names_agree_with_country_converter():
    coco = _un_members_of_country_converter()
    for code in sorted(MEMBER_STATES):
        name = UN_NAMES[code]["en"]
        row = coco[code]
        if code in UN_SHORT_NAMES_UNLIKE_COUNTRY_CONVERTER:
            assert name == UN_SHORT_NAMES_UNLIKE_COUNTRY_CONVERTER[code]
        elif name.endswith(")"):
            # "Iran (Islamic Republic of)" is the UN's way to write "Islamic Republic of Iran".
            short, qualifier = name.removesuffix(")").split(" (")
            assert f"{qualifier} {short}" == row["name_official"], code
        else:
            assert name in {row["name_short"], row["name_official"]}, code


def test_every_country_of_the_file_is_named_in_the_six_languages_once():
    for code, names in UN_NAMES.items():
        assert set(names) == set(UN_LANGUAGES)
        assert all(name.strip() == name and name for name in names.values()), code
    for lang in UN_LANGUAGES:
        names = [names[lang] for names in UN_NAMES.values()]
        assert len(set(names)) == len(names), lang


OFFICIAL_NAMES = {
    "en": {
        "TR": "Türkiye",
        "CI": "Côte d'Ivoire",
        "BO": "Bolivia (Plurinational State of)",
        "IR": "Iran (Islamic Republic of)",
        "KR": "Republic of Korea",
        "KP": "Democratic People's Republic of Korea",
        "GB": "United Kingdom of Great Britain and Northern Ireland",
        "VE": "Venezuela (Bolivarian Republic of)",
        "VN": "Viet Nam",
        "RU": "Russian Federation",
        "SY": "Syrian Arab Republic",
        "LA": "Lao People's Democratic Republic",
        "MD": "Republic of Moldova",
        "TZ": "United Republic of Tanzania",
        "FM": "Micronesia (Federated States of)",
        "NL": "Netherlands (Kingdom of the)",
        "CZ": "Czechia",
        "MK": "North Macedonia",
        "SZ": "Eswatini",
        "US": "United States of America",
        "CD": "Democratic Republic of the Congo",
        "CV": "Cabo Verde",
        "PS": "State of Palestine",
        "VA": "Holy See",
    },
    "fr": {
        "TR": "Türkiye",
        "BO": "Bolivie (État plurinational de)",
        "IR": "Iran (République islamique d')",
        "KR": "République de Corée",
        "KP": "République populaire démocratique de Corée",
        "GB": "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "VE": "Venezuela (République bolivarienne du)",
        "VN": "Viet Nam",
        "RU": "Fédération de Russie",
        "SY": "République arabe syrienne",
        "LA": "République démocratique populaire lao",
        "MD": "République de Moldova",
        "TZ": "République-Unie de Tanzanie",
        "FM": "Micronésie (États fédérés de)",
        "NL": "Pays-Bas (Royaume des)",
        "BY": "Bélarus",
        "VA": "Saint-Siège",
    },
    "es": {
        "TR": "Türkiye",
        "CI": "Côte d'Ivoire",
        "BO": "Bolivia (Estado Plurinacional de)",
        "IR": "Irán (República Islámica del)",
        "KR": "República de Corea",
        "KP": "República Popular Democrática de Corea",
        "GB": "Reino Unido de Gran Bretaña e Irlanda del Norte",
        "VE": "Venezuela (República Bolivariana de)",
        "VN": "Viet Nam",
        "RU": "Federación de Rusia",
        "SY": "República Árabe Siria",
        "LA": "República Democrática Popular Lao",
        "MD": "República de Moldova",
        "TZ": "República Unida de Tanzanía",
        "NL": "Países Bajos (Reino de los)",
        "NZ": "Nueva Zelandia",
        "TT": "Trinidad y Tabago",
        "VA": "Santa Sede",
    },
    "ru": {
        "BO": "Боливия (Многонациональное Государство)",
        "IR": "Иран (Исламская Республика)",
        "KR": "Республика Корея",
        "KP": "Корейская Народно-Демократическая Республика",
        "GB": "Соединенное Королевство Великобритании и Северной Ирландии",
        "VE": "Венесуэла (Боливарианская Республика)",
        "RU": "Российская Федерация",
        "SY": "Сирийская Арабская Республика",
        "LA": "Лаосская Народно-Демократическая Республика",
        "MD": "Республика Молдова",
        "TZ": "Объединенная Республика Танзания",
        "FM": "Микронезия (Федеративные Штаты)",
        "KG": "Кыргызстан",
        "US": "Соединенные Штаты Америки",
        "VA": "Святой Престол",
    },
    "ar": {
        "BO": "بوليفيا (دولة - المتعددة القوميات)",
        "IR": "إيران (جمهورية - الإسلامية)",
        "KR": "جمهورية كوريا",
        "KP": "جمهورية كوريا الشعبية الديمقراطية",
        "GB": "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية",
        "VE": "فنزويلا (جمهورية - البوليفارية)",
        "VN": "فييت نام",
        "RU": "الاتحاد الروسي",
        "SY": "الجمهورية العربية السورية",
        "LA": "جمهورية لاو الديمقراطية الشعبية",
        "MD": "جمهورية مولدوفا",
        "TZ": "جمهورية تنزانيا المتحدة",
        "CI": "كوت ديفوار",
        "US": "الولايات المتحدة الأمريكية",
        "PS": "دولة فلسطين",
    },
    "zh": {
        "BO": "多民族玻利维亚国",
        "IR": "伊朗伊斯兰共和国",
        "KR": "大韩民国",
        "KP": "朝鲜民主主义人民共和国",
        "GB": "大不列颠及北爱尔兰联合王国",
        "VE": "委内瑞拉玻利瓦尔共和国",
        "RU": "俄罗斯联邦",
        "SY": "阿拉伯叙利亚共和国",
        "LA": "老挝人民民主共和国",
        "MD": "摩尔多瓦共和国",
        "TZ": "坦桑尼亚联合共和国",
        "FM": "密克罗尼西亚联邦",
        "US": "美利坚合众国",
        "CD": "刚果民主共和国",
        "PS": "巴勒斯坦国",
    },
}


@pytest.mark.parametrize(
    ("locale", "code", "name"),
    [(lang, code, name) for lang, table in OFFICIAL_NAMES.items() for code, name in table.items()],
)
def test_countries_carry_their_official_un_names(locale, code, name):
    assert country_name(code, locale) == name
    if code in MEMBER_STATES:
        assert (code, name) in country_names(locale)


# Each row: names that must come in this order in the language's list.
ORDER = [
    ("en", ["Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus", "Czechia"]),
    ("en", ["Tunisia", "Türkiye", "Turkmenistan", "Tuvalu"]),
    ("en", ["Democratic People's Republic of Korea", "Democratic Republic of the Congo"]),
    ("fr", ["Costa Rica", "Côte d'Ivoire", "Croatie", "Cuba"]),
    ("fr", ["Tunisie", "Türkiye", "Turkménistan", "Tuvalu"]),
    ("fr", ["Égypte", "El Salvador", "Émirats arabes unis", "Équateur", "Érythrée", "Espagne"]),
    ("fr", ["Estonie", "Eswatini", "États-Unis d'Amérique", "Éthiopie", "Fidji"]),
    ("es", ["Costa Rica", "Côte d'Ivoire", "Croacia", "Cuba"]),
    ("es", ["Túnez", "Türkiye", "Turkmenistán", "Tuvalu"]),
    ("es", ["Eslovenia", "España", "Estados Unidos de América", "Estonia", "Eswatini"]),
    ("es", ["Islandia", "Islas Marshall", "Islas Salomón", "Israel"]),
    ("ru", ["Коста-Рика", "Кот-д'Ивуар", "Куба", "Кувейт"]),
    ("ru", ["Тувалу", "Туркменистан", "Турция", "Уганда"]),
    ("ru", ["Эфиопия", "Южная Африка", "Южный Судан", "Ямайка", "Япония"]),
    # أ and إ are alif with a hamza: sorted with each other by the letters that follow.
    ("ar", ["إثيوبيا", "أذربيجان", "أرمينيا", "إريتريا"]),
    ("ar", ["بنما", "تايلند", "جامايكا", "زامبيا", "مصر", "هولندا (مملكة -)"]),
    # Pinyin: a-fu-han, ai-ji, ba-xi, ..., zhi-li, zhong-fei, zhong-guo.
    ("zh", ["阿富汗", "埃及", "巴西", "德国", "俄罗斯联邦", "法国", "日本", "智利", "中国"]),
]


@pytest.mark.parametrize(("locale", "names"), ORDER)
def test_each_language_sorts_by_its_own_rules(locale, names):
    listed = [name for _, name in country_names(locale)]
    assert [name for name in listed if name in names] == names


@pytest.mark.parametrize(
    ("locale", "first", "last"),
    [
        ("en", "Afghanistan", "Zimbabwe"),
        ("fr", "Afghanistan", "Zimbabwe"),
        ("es", "Afganistán", "Zimbabwe"),
        ("ru", "Австралия", "Япония"),
        ("zh", "阿尔巴尼亚", "中国"),
    ],
)
def test_lists_start_and_end_where_readers_expect(locale, first, last):
    names = country_names(locale, extra=[])
    assert (names[0][1], names[-1][1]) == (first, last)


def test_the_list_is_the_members_plus_the_two_observer_states_by_default():
    assert {code for code, _ in country_names("en")} == MEMBER_STATES | {"PS", "VA"}
    assert len(country_names("ar")) == 195


def test_no_non_member_is_offered_unless_configured():
    assert {code for code, _ in country_names("en", extra=[])} == MEMBER_STATES
    assert offered_codes(["HK", "MO"]) == MEMBER_STATES | {"HK", "MO"}
    names = dict(country_names("fr", extra=["HK", "TW"]))
    assert names["HK"] == "Chine, région administrative spéciale de Hong Kong"
    assert names["TW"] == "Taïwan"  # not in the UN file: CLDR's name
    assert "PS" not in names


def test_the_setting_of_the_app_decides_the_territories(tmp_path):
    env = {"AWARDS_ENV": "testing", "SECRET_KEY": "x", "AWARDS_EXTRA_TERRITORIES": "pr, HK"}
    app = Flask(__name__)
    app.config.update(load_config(env, tmp_path))
    with app.app_context():
        codes = {code for code, _ in country_names("es")}
    assert codes == MEMBER_STATES | {"PR", "HK"}
    default = load_config({"AWARDS_ENV": "testing", "SECRET_KEY": "x"}, tmp_path)
    assert default["AWARDS_EXTRA_TERRITORIES"] == "PS,VA"


@pytest.mark.parametrize(
    ("setting", "codes"),
    [
        ("PS,VA", ("PS", "VA")),
        (" ps , hk ,", ("PS", "HK")),
        ("", ()),
        ("FR,PS,PS", ("PS",)),
        ("XX,PS", ("PS",)),
    ],
)
def test_extra_territories_setting(setting, codes):
    assert parse_territories(setting) == codes


def test_an_unknown_code_in_the_setting_is_reported(caplog, monkeypatch):
    # Alembic's fileConfig (tests/services/test_migrations.py) disables existing loggers.
    monkeypatch.setattr(logging.getLogger("awards.geography"), "disabled", False)
    with caplog.at_level(logging.WARNING, logger="awards.geography"):
        assert parse_territories("PS,QQ") == ("PS",)
    assert "'QQ' is not an ISO 3166-1 code" in caplog.text


def test_a_stored_code_no_longer_offered_stays_in_its_form():
    codes = [code for code, _ in country_names("en", extra=[], keep="hk")]
    assert "HK" in codes
    assert len(codes) == 194
    assert len(country_names("en", extra=[], keep="ZZ")) == 193


@pytest.mark.parametrize(
    ("code", "locale", "name"),
    [
        ("CH", "en", "Switzerland"),
        ("CH", "fr", "Suisse"),
        ("DE", "es", "Alemania"),
        ("ci", "fr", "Côte d'Ivoire"),
        ("CN", "zh_Hans_CN", "中国"),
        ("RU", "fr-CH", "Fédération de Russie"),
        ("RU", "de", "Russian Federation"),  # not a UN language: the English UN name
        ("TW", "en", "Taiwan"),  # not in the UN file: CLDR's name
        ("AQ", "ru", "Антарктида"),
        ("AX", "xx-nonsense", "Åland Islands"),
        ("ZZ", "en", "ZZ"),
        ("", "en", ""),
        (None, "en", ""),
    ],
)
def test_country_name_works_for_any_code(code, locale, name):
    assert country_name(code, locale) == name


def test_an_unknown_locale_gets_the_english_list():
    assert country_names("xx-nonsense") == country_names("en")

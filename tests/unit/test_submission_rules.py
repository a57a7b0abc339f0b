"""Completeness, eligibility, normalisation keys, URL shape and display status of entries."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from awards.contest.rules import Schedule
from awards.submissions.input_checks import is_valid_email, is_valid_url
from awards.submissions.inputs import Contact, EntryInput, Limits
from awards.submissions.keys import entity_key, title_key, website_key
from awards.submissions.rules import (
    can_edit,
    completeness_problems,
    display_status,
    editable_now,
    matches_past_winner,
    status_tone,
)

TODAY = date(2020, 12, 1)
LIMITS = Limits(description_min=150, description_max=200, answer_min=50, sdg_answer_min=20)


def words(n: int) -> str:
    return " ".join(["impact"] * n)


COMPLETE = EntryInput(
    title="Smart villages",
    category_id=1,
    entity_name="Ministry of ICT",
    stakeholder_type="government",
    country="KE",
    website="https://example.org/villages",
    start_date=date(2019, 1, 1),
    project_status="completed",
    description=words(150),
    impact_economic=words(50),
    impact_social=words(50),
    impact_environmental=words(50),
    partnerships=words(50),
    challenges=words(50),
    contacts=(Contact("Ana Pérez", "ana@example.org"), Contact(), Contact()),
    sdgs=((3, words(20)),),
    image_alts=("Logo of the ministry",),
)


def fields(data: EntryInput) -> list[str]:
    return [p.field for p in completeness_problems(data, LIMITS, TODAY)]


def test_a_complete_entry_has_no_problems():
    assert fields(COMPLETE) == []


def test_an_empty_entry_lists_every_required_field_in_form_order():
    assert fields(EntryInput()) == [
        "title",
        "category",
        "entity_name",
        "stakeholder_type",
        "country",
        "start_date",
        "project_status",
        "website",
        "contacts-0-name",
        "description",
        "sdgs",
        "impact_economic",
        "impact_social",
        "impact_environmental",
        "partnerships",
        "challenges",
    ]


@pytest.mark.parametrize(
    ("n", "ok"), [(0, False), (149, False), (150, True), (175, True), (200, True), (201, False)]
)
def test_description_must_have_150_to_200_words(n, ok):
    assert ("description" not in fields(replace(COMPLETE, description=words(n)))) is ok


def test_description_limits_come_from_the_edition():
    data = replace(COMPLETE, description=words(100))
    problems = completeness_problems(data, replace(LIMITS, description_min=80), TODAY)
    assert problems == []


@pytest.mark.parametrize("name", ["impact_economic", "partnerships", "challenges"])
@pytest.mark.parametrize(("n", "ok"), [(49, False), (50, True)])
def test_long_answers_need_the_minimum_words(name, n, ok):
    assert (name not in fields(replace(COMPLETE, **{name: words(n)}))) is ok


@pytest.mark.parametrize(("n", "ok"), [(19, False), (20, True)])
def test_each_linked_sdg_needs_an_answer(n, ok):
    data = replace(COMPLETE, sdgs=((3, words(20)), (9, words(n))))
    assert ("sdg_9_answer" not in fields(data)) is ok


def test_message_says_how_many_words_there_are():
    problems = completeness_problems(replace(COMPLETE, description=words(201)), LIMITS, TODAY)
    assert str(problems[0].message) == "“Short description” may have at most 200 words (it has 201)"


@pytest.mark.parametrize(
    ("website", "ok"),
    [
        ("https://example.org", True),
        ("http://www.itu.int/net4/wsis/stocktaking/", True),
        ("https://例え.jp/path", True),
        ("example.org", False),
        ("ftp://example.org", False),
        ("javascript:alert(1)", False),
        ("https://exa mple.org", False),
        ("https://localhost", False),
        ("https://", False),
        ("https://user@example.org", False),
        ("https://example.org:99999/", False),
        ("https://-bad-.org", False),
        ("", False),
    ],
)
def test_website_must_be_an_http_address(website, ok):
    assert is_valid_url(website) is ok
    assert ("website" not in fields(replace(COMPLETE, website=website))) is ok


@pytest.mark.parametrize(
    ("start", "ok"),
    [(TODAY, True), (TODAY - timedelta(days=1), True), (TODAY + timedelta(days=1), False)],
)
def test_start_date_may_not_be_in_the_future(start, ok):
    assert ("start_date" not in fields(replace(COMPLETE, start_date=start))) is ok


@pytest.mark.parametrize(
    ("contacts", "problem_fields"),
    [
        ((Contact("Ana", "ana@example.org"),), []),
        ((Contact(), Contact("Ana", "ana@example.org")), []),
        ((), ["contacts-0-name"]),
        ((Contact("Ana", ""),), ["contacts-0-email"]),
        ((Contact("Ana", "not-an-address"),), ["contacts-0-email"]),
        ((Contact("", "ana@example.org"),), ["contacts-0-name"]),
        ((Contact("Ana", "ana@example.org"), Contact("Bo", "bo@")), ["contacts-1-email"]),
    ],
)
def test_at_least_one_contact_with_name_and_email(contacts, problem_fields):
    found = [f for f in fields(replace(COMPLETE, contacts=contacts)) if f.startswith("contacts")]
    assert found == problem_fields


def test_every_image_needs_alt_text():
    data = replace(COMPLETE, image_alts=("Logo", "  "))
    assert fields(data) == ["images-1-alt_text"]


@pytest.mark.parametrize(
    ("address", "ok"),
    [("ana@example.org", True), ("ana@example", False), ("ana example.org", False), ("", False)],
)
def test_email_shape(address, ok):
    assert is_valid_email(address) is ok


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Smart Villages", "  smart   villages "),
        ("E-Health for All!", "e health for all"),
        ("Côte d’Ivoire Connect", "cote d ivoire connect"),
        ("ÉCOLE NUMÉRIQUE", "école numérique"),
    ],
)
def test_title_keys_fold_case_accents_punctuation_and_spaces(a, b):
    assert title_key(a) == title_key(b)
    assert entity_key(a) == entity_key(b)


def test_different_titles_have_different_keys():
    assert title_key("Digital schools Kenya") != title_key("Digital schools Ghana")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://WWW.Example.org/Project/", "example.org/project"),
        ("http://example.org/project", "example.org/project"),
        ("example.org/project?utm=1#top", "example.org/project"),
        ("https://example.org/", "example.org"),
        ("https://www.example.org", "example.org"),
        ("", ""),
        ("   ", ""),
        ("https://", ""),
    ],
)
def test_website_key(url, key):
    assert website_key(url) == key


WINNERS = [("smart villages", "example.org/villages"), ("e health kenya", "")]


@pytest.mark.parametrize(
    ("title", "site", "matched"),
    [
        ("smart villages", "", True),
        ("other", "example.org/villages", True),
        ("other", "example.org", False),
        ("", "", False),
        ("e health kenya", "x.org", True),
    ],
)
def test_past_winner_matches_by_title_or_website(title, site, matched):
    assert matches_past_winner(title, site, WINNERS) is matched


SCHEDULE = Schedule(
    submission_opens=datetime(2020, 11, 5, 8, tzinfo=UTC),
    submission_closes=datetime(2021, 2, 1, 22, tzinfo=UTC),
    nomination_opens=datetime(2021, 2, 2, 8, tzinfo=UTC),
    nomination_closes=datetime(2021, 2, 26, 22, tzinfo=UTC),
    voting_opens=datetime(2021, 3, 1, 8, tzinfo=UTC),
    voting_closes=datetime(2021, 3, 31, 21, tzinfo=UTC),
    selection_opens=datetime(2021, 4, 1, 7, tzinfo=UTC),
    selection_closes=datetime(2021, 4, 12, 21, tzinfo=UTC),
    ceremony_at=datetime(2021, 5, 18, 11, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("now", "ok"),
    [
        (datetime(2020, 11, 5, 7, 59, tzinfo=UTC), False),
        (datetime(2020, 11, 5, 8, tzinfo=UTC), True),
        (datetime(2021, 2, 1, 21, 59, 59, tzinfo=UTC), True),
        (datetime(2021, 2, 1, 22, tzinfo=UTC), False),
        (datetime(2021, 3, 15, tzinfo=UTC), False),
    ],
)
def test_editing_only_during_the_submission_phase(now, ok):
    assert can_edit(SCHEDULE, now) is ok


@pytest.mark.parametrize(
    ("state", "screening", "flags", "shown"),
    [
        ("draft", "pending", {}, "draft"),
        ("submitted", "pending", {}, "submitted"),
        ("withdrawn", "pending", {}, "withdrawn"),
        ("submitted", "eligible", {}, "eligible"),
        ("submitted", "ineligible", {}, "ineligible"),
        ("submitted", "eligible", {"nominated": True}, "nominated"),
        ("submitted", "eligible", {"nominated": True, "champion": True}, "champion"),
        ("submitted", "eligible", {"champion": True, "winner": True}, "winner"),
        ("withdrawn", "pending", {"nominated": True}, "withdrawn"),
    ],
)
def test_display_status(state, screening, flags, shown):
    assert display_status(state, screening, **flags) == shown


@pytest.mark.parametrize(
    ("status", "tone"),
    [
        ("draft", "grey"),
        ("withdrawn", "grey"),
        ("submitted", ""),
        ("ineligible", "red"),
        ("eligible", "green"),
        ("nominated", "green"),
        ("champion", "green"),
        ("winner", "green"),
    ],
)
def test_status_tone(status, tone):
    assert status_tone(status) == tone


def test_a_withdrawn_entry_is_never_editable():
    schedule = SCHEDULE
    during = schedule.submission_opens + timedelta(days=1)
    assert editable_now("draft", schedule, during)
    assert editable_now("submitted", schedule, during)
    assert not editable_now("withdrawn", schedule, during)
    assert not editable_now("draft", schedule, schedule.submission_closes)

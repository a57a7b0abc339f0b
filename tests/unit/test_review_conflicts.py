"""Automatic conflicts of interest: team, organisation, e-mail domain, country."""

from __future__ import annotations

import pytest

from awards.review.conflicts import (
    ConflictReason,
    EntryFacts,
    ExpertFacts,
    detect,
    detect_all,
    organisation_domain,
    organisation_key,
)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The ICT Foundation, Ltd.", "ict foundation", True),
        ("Fundación Ñandú S.A.", "fundacion nandu", True),
        ("Ministère de la Santé", "MINISTERE SANTE", True),
        ("Digital Kenya", "Digital Kenya Group", False),
        ("", "", False),
        (None, "Anything", False),
    ],
)
def test_organisation_names_fold_case_accents_and_legal_forms(a, b, same) -> None:  # type: ignore[no-untyped-def]
    assert (bool(organisation_key(a)) and organisation_key(a) == organisation_key(b)) is same


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("ana@itu.int", "itu.int"),
        ("Ana@ITU.INT.", "itu.int"),
        ("ana@gmail.com", ""),
        ("li@163.com", ""),
        ("ivan@mail.ru", ""),
        ("jury@example.org", ""),
        ("ana@teleclinic.example.org", ""),
        ("ben@expert1.test", ""),
        ("carla@example.community", "example.community"),
        ("no-at-sign", ""),
    ],
)
def test_public_mail_providers_are_no_organisation(address: str, domain: str) -> None:
    assert organisation_domain(address) == domain


def facts(team=(), entity="Other", emails=(), country="FR") -> EntryFacts:  # type: ignore[no-untyped-def]
    return EntryFacts(frozenset(team), entity, tuple(emails), country)


EXPERT = ExpertFacts(user_id=7, organisation="Ministry of ICT", email="x@ict.gov.ke", country="KE")


@pytest.mark.parametrize(
    ("entry", "same_country", "reasons"),
    [
        (EntryFacts(frozenset({7}), "Other", ("a@b.org",), "FR"), False, [ConflictReason.TEAM]),
        (
            EntryFacts(frozenset(), "ministry of ict", (), "FR"),
            False,
            [ConflictReason.ORGANISATION],
        ),
        (
            EntryFacts(frozenset(), "Other", ("y@ICT.gov.ke",), "FR"),
            False,
            [ConflictReason.EMAIL_DOMAIN],
        ),
        (EntryFacts(frozenset(), "Other", (), "KE"), True, [ConflictReason.COUNTRY]),
        (EntryFacts(frozenset(), "Other", (), "KE"), False, []),
        (EntryFacts(frozenset(), "Other", ("z@gmail.com",), "FR"), False, []),
    ],
)
def test_detect(entry: EntryFacts, same_country: bool, reasons: list[ConflictReason]) -> None:
    assert detect(EXPERT, entry, same_country=same_country) == reasons


def test_public_provider_shared_by_both_is_no_conflict() -> None:
    expert = ExpertFacts(1, None, "a@gmail.com", None)
    entry = EntryFacts(frozenset(), None, ("b@gmail.com",), None)
    assert detect(expert, entry) == []


def test_detect_all_keys_by_expert_and_entry() -> None:
    entries = {
        1: EntryFacts(frozenset({7}), None, (), None),
        2: EntryFacts(frozenset(), None, (), None),
    }
    assert detect_all([EXPERT], entries) == {(7, 1): [ConflictReason.TEAM]}

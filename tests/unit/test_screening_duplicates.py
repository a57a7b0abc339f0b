"""Duplicate detection: similar titles (case, accents, punctuation, word order) or same website."""

from __future__ import annotations

import random
import string

import pytest

from awards.screening.duplicates import (
    TITLE_THRESHOLD,
    Candidate,
    find_duplicate_pairs,
    similarity_key,
)


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("Digital Literacy for Rural Women", "digital literacy for rural women"),
        ("  Éducation   numérique — pour TOUS! ", "education numerique pour tous"),
        ("E-Health@Home (Phase 2)", "e health home phase 2"),
        ("mHealth_Kenya", "mhealth kenya"),
        ("", ""),
    ],
)
def test_similarity_key_folds_case_accents_and_punctuation(title, key):
    assert similarity_key(title) == key
    assert similarity_key(key) == key  # idempotent on stored keys


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("Digital Literacy for Rural Women", "digital literacy for rural women", True),
        ("Éducation numérique pour tous", "Education numerique pour tous!", True),
        ("E-Health for rural clinics", "E health for rural clinics.", True),
        ("Smart agriculture platform for farmers", "Platform for farmers: smart agriculture", True),
        ("Mobile money for market women", "Mobile money for market wimen", True),  # typo
        # Near misses that must NOT match: one meaningful word differs in a short title.
        ("Digital schools Kenya", "Digital schools Ghana", False),
        # A title contained in a longer one is not a duplicate (token_set_ratio would say 100).
        ("E-health", "E-health for rural clinics in Kenya", False),
        ("Open data portal", "Open government data portal for cities", False),
        ("Water quality sensors", "Flood early warning by SMS", False),
    ],
)
def test_title_similarity(first, second, expected):
    pairs = find_duplicate_pairs([Candidate(1, first), Candidate(2, second)])
    assert bool(pairs) is expected
    if expected:
        assert pairs[0].title_score >= TITLE_THRESHOLD
        assert "title" in pairs[0].reasons


def test_same_website_different_title_is_a_pair():
    pairs = find_duplicate_pairs(
        [
            Candidate(5, "Solar classrooms", "example.org/solar"),
            Candidate(9, "Sun-powered learning hubs", "EXAMPLE.ORG/solar"),
        ]
    )
    assert [(p.a, p.b, p.same_website, p.reasons) for p in pairs] == [(5, 9, True, ("website",))]


def test_empty_websites_never_match():
    pairs = find_duplicate_pairs(
        [Candidate(1, "Solar classrooms", ""), Candidate(2, "Flood alerts by radio", "")]
    )
    assert pairs == []


def test_empty_titles_never_match():
    assert find_duplicate_pairs([Candidate(1, ""), Candidate(2, "")]) == []


def test_short_identical_titles_match_but_short_similar_ones_do_not():
    pairs = find_duplicate_pairs(
        [Candidate(1, "EduApp"), Candidate(2, "eduapp!"), Candidate(3, "EduAp")]
    )
    assert [(p.a, p.b) for p in pairs] == [(1, 2)]


def test_three_copies_give_three_pairs_ordered_low_high():
    pairs = find_duplicate_pairs(
        [
            Candidate(7, "Rural broadband"),
            Candidate(3, "Rural Broadband"),
            Candidate(5, "rural-broadband"),
        ]
    )
    assert sorted((p.a, p.b) for p in pairs) == [(3, 5), (3, 7), (5, 7)]


def test_reviewed_pairs_are_left_out_in_either_order():
    candidates = [Candidate(1, "Rural broadband"), Candidate(2, "Rural broadband")]
    assert find_duplicate_pairs(candidates, reviewed=[(2, 1)]) == []


def test_pair_matching_on_title_and_website_is_listed_once_with_both_reasons():
    pairs = find_duplicate_pairs(
        [Candidate(1, "Rural broadband", "a.org"), Candidate(2, "Rural broadband", "a.org")]
    )
    assert len(pairs) == 1
    assert pairs[0].reasons == ("title", "website")


def test_handles_an_edition_of_1300_entries():
    rng = random.Random(7)
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 9))) for _ in range(800)]
    candidates = [Candidate(i, " ".join(rng.sample(words, 6)), f"site{i}.org") for i in range(1300)]
    candidates.append(Candidate(5000, candidates[10].title_key.upper() + "!", ""))
    candidates.append(Candidate(5001, "Other", "site20.org"))
    found = {(p.a, p.b) for p in find_duplicate_pairs(candidates)}
    assert (10, 5000) in found
    assert (20, 5001) in found

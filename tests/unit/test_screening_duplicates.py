"""Duplicate detection: similar titles (case, accents, punctuation, word order) or same website."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from awards.screening.duplicates import (
    MIN_FUZZY_LENGTH,
    TITLE_THRESHOLD,
    Candidate,
    DuplicatePair,
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


def brute_force(candidates, threshold=TITLE_THRESHOLD):
    """The definition, one pair at a time: what find_duplicate_pairs must return."""
    pairs = []
    for i, first in enumerate(candidates):
        for second in candidates[i + 1 :]:
            a, b = sorted((first, second), key=lambda c: c.id)
            ka, kb = similarity_key(a.title_key), similarity_key(b.title_key)
            score = 0.0
            if ka and ka == kb:
                score = 100.0
            elif min(len(ka), len(kb)) >= MIN_FUZZY_LENGTH:
                score = fuzz.token_sort_ratio(ka, kb)
                score = float(score) if score >= threshold else 0.0
            site_a, site_b = a.website_key.strip().casefold(), b.website_key.strip().casefold()
            same_site = bool(site_a) and site_a == site_b
            if score or same_site:
                reasons = (("title",) if score else ()) + (("website",) if same_site else ())
                pairs.append(DuplicatePair(a.id, b.id, score, same_site, reasons))
    pairs.sort(key=lambda p: (-int(p.same_website) - p.title_score / 100, p.a, p.b))
    return pairs


@pytest.mark.parametrize(
    ("first", "second", "score"),
    [
        ("abcdefghij", "abcdefghix", 90.0),  # exactly the threshold: a pair
        ("abcdefghi", "abcdefghixy", 90.0),  # at the edge of the length window: a pair
        ("abcdefgh", "abcdefghijk", None),  # 84: too far apart
        ("Digital schools Kenya", "Digital schools Ghana", None),  # 86
        ("Rural schools online now", "Online now rural schools", 100.0),  # word order
        ("Flood alerts by community radio", "Flood alert by community radio", 98.4),
        ("EduApp", "EduApq", None),  # short: equality only
    ],
)
def test_title_cases_agree_with_the_definition(first, second, score):
    candidates = [Candidate(1, first), Candidate(2, second)]
    pairs = find_duplicate_pairs(candidates)
    assert pairs == brute_force(candidates)
    if score is None:
        assert pairs == []
    else:
        assert [(p.a, p.b) for p in pairs] == [(1, 2)]
        assert pairs[0].title_score == pytest.approx(score, abs=0.05)


WORDS = ["solar", "school", "schools", "rural", "radio", "e", "health", "kenya", "data", "ab"]
titles = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join) | st.text(
    alphabet="abcde ÉÀ-!", max_size=14
)
candidates = st.lists(
    st.tuples(titles, st.sampled_from(["", "", "a.org", "b.org", " A.ORG "])), max_size=14
).map(lambda rows: [Candidate(i, title, site) for i, (title, site) in enumerate(rows, 1)])


@settings(max_examples=300, deadline=None)
@given(candidates)
def test_exactly_the_pairs_a_loop_over_every_pair_finds(candidates):
    assert find_duplicate_pairs(candidates) == brute_force(candidates)


def test_blocks_of_titles_find_what_a_loop_finds():
    """More titles than one block of the vectorised comparison, near copies far apart."""
    rng = random.Random(11)
    titles = [" ".join(rng.choices(WORDS, k=rng.randint(2, 7))) for _ in range(400)]
    for _ in range(60):
        title = rng.choice(titles)
        at = rng.randrange(len(title))
        titles.append(title[:at] + rng.choice("xyz ") + title[at + 1 :])
    candidates = [Candidate(i, title) for i, title in enumerate(titles, 1)]
    pairs = find_duplicate_pairs(candidates)
    assert pairs == brute_force(candidates)
    assert any(0 < p.title_score < 100 for p in pairs)

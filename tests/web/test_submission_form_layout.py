"""The entry form's layout: section navigation, save bar, word counts, SDG boxes, categories."""

# ruff: noqa: F811 - pytest fixtures imported from tests.web.test_entries

from __future__ import annotations

import re

from tests.web.test_entries import client_, edition, new_url, owner  # noqa: F401 - fixtures


def section_nav(page: str) -> dict[str, str]:
    nav = re.search(r'<nav class="section-nav".*?</nav>', page, re.S).group(0)
    rows = re.findall(
        r'<a href="#(section-[a-z]+)">.*?</a>\s*<span class="tag[^"]*">([^<]+)</span>', nav, re.S
    )
    return dict(rows)


def test_the_form_lists_its_sections_with_what_is_left_to_do(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    rows = section_nav(page)
    assert rows["section-project"] == "to do"
    assert rows["section-contacts"] == "complete"  # prefilled from the account
    assert rows["section-images"] == "complete"
    assert len(rows) == 8


def test_the_save_buttons_are_in_a_bar_that_stays_in_reach(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    bar = re.search(r'<div class="save-bar">.*?</div>', page, re.S).group(0)
    assert "Save draft" in bar
    assert "Submit the entry" in bar


def test_every_answer_with_a_minimum_shows_its_word_count(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    for name in ("impact_economic", "partnerships", "challenges", "sdg_3_answer"):
        assert f'data-wordcount="{name}-count"' in page
        assert re.search(rf'id="{name}-count"[^>]*>0 words', page)


def test_sdg_answers_are_marked_for_the_toggle_and_shown_without_javascript(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    assert page.count('class="sdg-answer" data-sdg-answer') == 17
    assert 'sdg-answer" hidden' not in page
    assert "js/sdg-answers.js" in page


def test_the_category_is_a_radio_choice_showing_whole_names(client_, edition):
    page = client_.get(new_url(edition.categories[0])).get_data(as_text=True)
    radios = re.findall(r'<input[^>]*name="category"[^>]*type="radio"', page)
    assert len(radios) == len(edition.categories)
    assert f"1. {edition.categories[0].display_name}" in page

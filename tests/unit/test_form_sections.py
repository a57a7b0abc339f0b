"""The entry form's section navigation: complete / to do from the submit check's rule."""

from __future__ import annotations

from datetime import date

import pytest

from awards.submissions import rules
from awards.submissions.inputs import Contact, EntryInput, Limits, Problem
from awards.submissions.sections import SECTIONS, progress, section_of


@pytest.mark.parametrize(
    ("field_id", "anchor"),
    [
        ("title", "section-project"),
        ("start_date", "section-project"),
        ("country", "section-entity"),
        ("contacts-0-name", "section-contacts"),
        ("contacts-2-email", "section-contacts"),
        ("description", "section-description"),
        ("sdgs", "section-sdgs"),
        ("sdg_12_answer", "section-sdgs"),
        ("challenges", "section-impact"),
        ("images-0-alt_text", "section-images"),
        ("new_image", "section-images"),
        ("nonsense", None),
    ],
)
def test_every_field_belongs_to_its_section(field_id, anchor):
    assert section_of(field_id) == anchor


def test_an_empty_entry_is_to_do_except_images_and_eligibility():
    problems = rules.completeness_problems(EntryInput(), Limits(), date(2026, 12, 1))
    done = {p.anchor: p.complete for p in progress(problems)}
    assert done == {
        "section-project": False,
        "section-entity": False,
        "section-contacts": False,
        "section-description": False,
        "section-sdgs": False,
        "section-impact": False,
        "section-images": True,
        "section-eligibility": True,
    }


def test_a_section_is_complete_once_its_problems_are_gone():
    data = EntryInput(contacts=(Contact(name="Ana", email="ana@example.org"),))
    problems = rules.completeness_problems(data, Limits(), date(2026, 12, 1))
    rows = {p.anchor: p for p in progress(problems)}
    assert rows["section-contacts"].complete
    assert not rows["section-project"].complete
    assert rows["section-project"].problems == 5


def test_sections_are_in_page_order():
    assert [s[0] for s in SECTIONS][:2] == ["section-project", "section-entity"]
    assert progress([Problem("title", "x")])[0].complete is False

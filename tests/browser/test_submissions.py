"""Issue 3 in a real browser: a project entry from first draft to the confirmation mail.

register → start an entry → save a draft → sign out → come back → complete → submit → the
confirmation mail arrives at the SMTP server; once with the mouse, once by keyboard alone.
axe-core checks every page on the way.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.people import (
    PASSWORD,
    choose_by_keyboard,
    focused_name,
    press_button,
    register,
    sign_in,
    sign_out,
    tab_to,
    type_into,
    verify_email,
)

pytestmark = pytest.mark.browser

CATEGORY = re.compile(r"^7\. ")
SENTENCES = (
    "Mobile clinics reach villages that are more than a day's walk from a hospital.",
    "Nurses record every visit on tablets that work offline and synchronise at night.",
    "Patients receive reminders by text message in Wolof, French and Pulaar.",
    "The ministry uses the data to plan vaccination rounds and medicine stocks.",
    "Local radio stations explain the service and the schedule of each clinic.",
)


def words(count: int) -> str:
    """Plain sentences cut to exactly ``count`` words."""
    pool = " ".join(SENTENCES * (count // 10 + 2)).split()
    return " ".join(pool[:count]).rstrip(".,") + "."


def entry_data(title: str, entity: str) -> dict[str, str]:
    """The answers, keyed by label (one entity may enter one project per category)."""
    return {
        "Project title": title,
        "Entity name": entity,
        "Project website": "https://clinics.example.org/" + re.sub(r"\W+", "-", title.lower()),
        "Start date of the project": "2019-03-27",
        "Full name": "Awa Ndiaye",
        "E-mail address": "awa.ndiaye@example.org",
        "Short description": words(170),
        "How does the project advance SDG 3?": words(30),
        "Economic impact": words(60),
        "Social impact": words(60),
        "Environmental impact": words(60),
        "Partnerships": words(60),
        "Challenges and future perspectives": words(60),
    }


def _signed_up(page: Any, check: Any, mailbox: Any, email: str, name: str) -> None:
    register(page, check, name=name, email=email, stakeholder="Government", country="Senegal")
    verify_email(page, check, mailbox, email)
    sign_in(page, check, email)


def _flash(page: Any) -> str:
    """The page's flash messages; the error summary instead, when the form was refused."""
    summary = page.locator(".error-summary")
    if summary.count():
        return "refused: " + str(summary.inner_text())
    return str(page.locator(".flash-messages").inner_text())


BAR_AND_FOCUS = """() => {
  const bar = document.querySelector(".save-bar").getBoundingClientRect();
  const field = document.activeElement.getBoundingClientRect();
  return {barTop: bar.top, barBottom: bar.bottom, height: window.innerHeight,
          fieldTop: field.top, fieldBottom: field.bottom};
}"""


def _assert_save_bar_in_reach_and_not_covering_focus(page: Any) -> None:
    """Mid-form, the save bar sits at the bottom of the window and the focused field above it."""
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus moves in again: the browser scrolls it into view
    box = page.evaluate(BAR_AND_FOCUS)
    assert box["barBottom"] <= box["height"] + 1, box
    assert box["barTop"] > box["height"] / 2, box
    assert box["fieldBottom"] <= box["barTop"] + 1, box


def test_entry_from_draft_to_confirmation_mail_with_the_mouse(
    page: Any, axe_check: Any, mailbox: Any, open_edition: dict[str, Any]
) -> None:
    email = "moussa.sow@example.org"
    title = "Mobile clinics for rural Senegal"
    data = entry_data(title, "Ministère de la Santé et de l'Action sociale")
    _signed_up(page, axe_check, mailbox, email, "Moussa Sow")

    page.get_by_role("link", name="My entries").click()
    axe_check(page)
    page.get_by_label(CATEGORY).check()
    page.get_by_role("button", name="Start the entry").click()
    axe_check(page)
    page.get_by_label("Project title").fill(title)
    page.get_by_label("Entity name").fill(data["Entity name"])
    page.get_by_role("button", name="Save draft").click()
    axe_check(page)
    assert "Draft saved" in _flash(page)

    sign_out(page, axe_check)
    sign_in(page, axe_check, email)
    page.get_by_role("link", name="My entries").click()
    axe_check(page)
    row = page.get_by_role("row").filter(has_text=title)
    assert "Draft" in row.inner_text()
    row.get_by_role("link", name=re.compile("^Edit")).click()
    axe_check(page)
    assert page.get_by_label("Project title").input_value() == title
    assert page.get_by_label("Entity name").input_value() == data["Entity name"]

    page.get_by_label("Project website").fill(data["Project website"])
    page.get_by_label("Start date of the project").fill(data["Start date of the project"])
    page.get_by_label("Completed", exact=True).check()
    page.get_by_label("Stakeholder type").select_option(label="Government")
    page.get_by_label("Country").select_option(label="Senegal")
    contact = page.get_by_role("group", name="Contact person 1")
    contact.get_by_label("Full name").fill(data["Full name"])
    contact.get_by_label("E-mail address").fill(data["E-mail address"])
    page.get_by_label("Short description").fill(data["Short description"])
    expect(page.locator("#description-count")).to_have_text("170 words")  # the live count
    sdg_answer = page.get_by_label(data_label := "How does the project advance SDG 3?")
    expect(sdg_answer).to_be_hidden()  # shown once its SDG is ticked
    page.get_by_label(re.compile(r"^SDG 3:")).check()
    expect(page.get_by_label(data_label)).to_be_visible()
    for label in list(data)[7:]:
        page.get_by_label(label, exact=True).fill(data[label])
    page.get_by_role("button", name="Submit the entry").click()
    axe_check(page)

    assert "Your entry has been submitted" in _flash(page)
    mail = mailbox.wait_for(email, subject_contains="Entry submitted")
    assert title in mail.subject
    assert title in mail.text
    assert mail.html


def test_entry_from_draft_to_confirmation_mail_by_keyboard_only(
    page: Any, axe_check: Any, mailbox: Any, open_edition: dict[str, Any]
) -> None:
    """No clicks: Tab and Shift+Tab to move, typing to fill, Enter and Space to act."""
    email = "fatou.ba@example.org"
    title = "Telemedicine for island schools"
    data = entry_data(title, "Association des infirmières des îles du Saloum")

    page.goto("/account/register")
    axe_check(page)
    type_into(page, "Full name", "Fatou Ba")
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    type_into(page, "Confirm password", PASSWORD)
    choose_by_keyboard(page, "Stakeholder type", "Civil Society")
    choose_by_keyboard(page, "Country", "Senegal")
    # Back up to the password with Shift+Tab, as someone checking what they typed would.
    tab_to(page, "Password", backwards=True)
    tab_to(page, "Create account")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)
    verify_email(page, axe_check, mailbox, email)

    page.goto("/account/login")
    axe_check(page)
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    press_button(page, "Sign in")
    axe_check(page)

    press_button(page, "My entries")
    axe_check(page)
    tab_to(page, "1. ", exact=False)  # the category radios are one stop; arrows choose
    page.keyboard.press("ArrowDown")
    assert focused_name(page).startswith("7. ")
    press_button(page, "Start the entry")
    axe_check(page)
    type_into(page, "Project title", title)
    type_into(page, "Entity name", data["Entity name"])
    press_button(page, "Save draft", key="Space")
    axe_check(page)
    assert "Draft saved" in _flash(page)

    press_button(page, "Sign out")
    axe_check(page)
    page.goto("/account/login")
    axe_check(page)
    type_into(page, "Email address", email)
    type_into(page, "Password", PASSWORD)
    press_button(page, "Sign in")
    axe_check(page)
    press_button(page, "My entries")
    axe_check(page)
    tab_to(page, f"Edit {title}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    axe_check(page)

    type_into(page, "Project website", data["Project website"])
    tab_to(page, "Start date of the project")
    # Chromium's date field follows the browser's UI language (en-US here): month, day, year.
    page.keyboard.type("03272019")
    assert page.evaluate("() => document.activeElement.value") == "2019-03-27"
    tab_to(page, "Completed")
    page.keyboard.press("Space")
    choose_by_keyboard(page, "Stakeholder type", "Government")
    choose_by_keyboard(page, "Country", "Senegal")
    type_into(page, "Full name", data["Full name"])
    type_into(page, "E-mail address", data["E-mail address"])
    type_into(page, "Short description", data["Short description"])
    _assert_save_bar_in_reach_and_not_covering_focus(page)
    tab_to(page, "SDG 3:", exact=False)
    page.keyboard.press("Space")
    expect(page.get_by_label("How does the project advance SDG 3?")).to_be_visible()
    for label in list(data)[7:]:
        type_into(page, label, data[label])
    press_button(page, "Submit the entry")
    axe_check(page)

    assert "Your entry has been submitted" in _flash(page)
    values = page.locator("main").inner_text()
    assert title in values
    mail = mailbox.wait_for(email, subject_contains="Entry submitted")
    assert title in mail.subject

"""The submitters' journey of issue "The submitters' experience": saving never reports a
conflict that did not happen, a draft keeps what was typed, signing in says why, and
"My entries" puts what needs action first."""

# ruff: noqa: F811 - pytest fixtures imported from tests.web.test_entries

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from awards.extensions import db
from awards.submissions.models import Entry, EntryState
from tests.web.test_entries import (  # noqa: F401 - fixtures
    client_,
    edit_url,
    edition,
    entries,
    form_data,
    new_url,
    owner,
    sign_in,
)


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', page)
    return match.group(1) if match else ""


def action_of(page: str) -> str:
    form = re.search(
        r'<form method="post" enctype="multipart/form-data"[^>]*action="([^"]*)"', page
    )
    return form.group(1).replace("&amp;", "&")


def latest() -> Entry:
    return db.session.scalars(select(Entry).order_by(Entry.id.desc())).first()


def test_submit_refused_then_save_draft_reports_no_conflict(client_, edition):
    category = edition.categories[0]
    start = client_.get(new_url(category)).get_data(as_text=True)
    typed = {"category": str(category.id), "title": "Solar schools"}
    refused = client_.post(
        action_of(start),
        data={
            **typed,
            "version": hidden(start, "version"),
            "creation_token": hidden(start, "creation_token"),
            "submit": "1",
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "There is a problem" in page
    assert "Someone else saved this entry" not in page
    entry = latest()
    assert entry.state is EntryState.DRAFT
    assert hidden(page, "version") == str(entry.version)
    again = client_.post(
        action_of(page),
        data={
            **typed,
            "title": "Solar schools for all",
            "version": hidden(page, "version"),
            "creation_token": hidden(page, "creation_token"),
            "save": "1",
        },
        follow_redirects=True,
    )
    text = again.get_data(as_text=True)
    assert "Someone else saved this entry" not in text
    assert again.status_code == 200
    assert db.session.get(Entry, entry.id).title == "Solar schools for all"
    assert entries() == 1


def test_a_stale_tab_of_the_same_user_still_gets_the_conflict_with_its_text(client_, edition):
    category = edition.categories[0]
    start = client_.get(new_url(category)).get_data(as_text=True)
    client_.post(
        action_of(start),
        data={
            "category": str(category.id),
            "title": "First",
            "save": "1",
            "version": hidden(start, "version"),
            "creation_token": hidden(start, "creation_token"),
        },
    )
    entry = latest()
    tab = client_.get(edit_url(entry)).get_data(as_text=True)
    seen = hidden(tab, "version")
    for title in ("Tab one", "Tab two"):
        response = client_.post(
            edit_url(entry),
            data={"category": str(category.id), "title": title, "version": seen, "save": "1"},
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this entry" in page
    assert 'value="Tab two"' in page
    assert db.session.get(Entry, entry.id).title == "Tab one"


def save_draft(client, category, **overrides):
    data = form_data(category.id, creation_token="draft-1", **overrides)
    return client.post(new_url(category), data={**data, "save": "1"}, follow_redirects=True)


def test_a_bare_domain_is_saved_with_https_added_and_a_note(client_, edition):
    response = save_draft(client_, edition.categories[0], website="example.org")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert latest().website == "https://example.org"
    assert "We added <bdi>https://</bdi>" in page
    assert re.search(r'role="status"[^>]*>\s*<p[^>]*>Draft saved at \d\d:\d\d', page)


@pytest.mark.parametrize("website", ["not a website", "javascript:alert(1)"])
def test_a_malformed_website_is_kept_in_the_draft_and_flagged(client_, edition, website):
    response = save_draft(client_, edition.categories[0], website=website)
    page = response.get_data(as_text=True)
    assert latest().website == website
    assert 'href="#website"' in page
    assert "Draft saved at" in page


def test_a_malformed_contact_email_is_kept_in_the_draft_and_flagged(client_, edition):
    response = save_draft(client_, edition.categories[0], **{"contacts-0-email": "ana@"})
    page = response.get_data(as_text=True)
    assert latest().contacts[0].email == "ana@"
    assert 'href="#contacts-0-email"' in page
    assert "Draft saved at" in page


def test_a_bad_date_keeps_the_rest_of_the_draft_and_says_what_was_not_saved(client_, edition):
    response = save_draft(client_, edition.categories[0], start_date="31/02/2019", title="Kept")
    page = response.get_data(as_text=True)
    assert latest().title == "Kept"
    assert latest().start_date is None
    assert 'value="31/02/2019"' in page
    assert "Not saved: Start date of the project" in page
    assert "My entries" in page
    dashboard = client_.get("/entries/").get_data(as_text=True)
    assert "Kept" in dashboard
    assert "You have no entries yet" not in dashboard


def test_submit_still_refuses_a_malformed_field_with_the_error_summary(client_, edition):
    category = edition.categories[0]
    data = form_data(category.id, creation_token="s", website="not a website")
    response = client_.post(new_url(category), data={**data, "submit": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert 'href="#website"' in page
    assert latest().state is EntryState.DRAFT


def test_a_save_that_cannot_happen_says_not_saved(client_, edition):
    category = edition.categories[0]
    data = form_data(category.id, creation_token="t", title="x" * 201)
    response = client_.post(new_url(category), data={**data, "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'role="status"[^>]*>\s*<p[^>]*>Not saved:', page)
    assert entries() == 0


# --- signing in, local mail -------------------------------------------------------------------


def test_submit_a_project_signed_out_says_why_sign_in_is_needed(client, edition):
    home = client.get("/").get_data(as_text=True)
    link = re.search(r'href="([^"]*)"[^>]*>\s*Submit a project', home).group(1)
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "Sign in or create an account to submit a project" in page
    again = client.get("/entries/new?category=1", follow_redirects=True).get_data(as_text=True)
    assert "Sign in or create an account to submit a project" in again


def test_check_email_in_a_local_set_up_says_where_the_mail_went(app, client):
    app.config.update(AWARDS_ENV="development", MAIL_CONSOLE=True)
    try:
        page = client.get("/account/register/check-email").get_data(as_text=True)
    finally:
        app.config.update(AWARDS_ENV="testing")
    assert "make run" in page
    assert "Outbox" in page


def test_check_email_in_production_does_not_mention_the_terminal(client):
    page = client.get("/account/register/check-email").get_data(as_text=True)
    assert "make run" not in page


# --- My entries -------------------------------------------------------------------------------


def test_my_entries_lists_drafts_first_and_one_category_choice(client_, edition):
    category = edition.categories[0]
    data = form_data(category.id, creation_token="a", title="Submitted one")
    client_.post(new_url(category), data={**data, "submit": "1"})
    other = form_data(edition.categories[1].id, creation_token="b", title="Draft one")
    client_.post(new_url(edition.categories[1]), data={**other, "save": "1"})
    page = client_.get("/entries/").get_data(as_text=True)
    assert page.index("Draft one") < page.index("Submitted one")
    assert "Start an entry in category" not in page
    assert page.count('name="category"') == len(edition.categories)
    chosen = client_.get(f"/entries/new?category={category.id}")
    assert chosen.status_code == 200


def test_new_entry_without_a_category_asks_for_one(client_, edition):
    response = client_.get("/entries/new")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('type="radio" name="category"') == len(edition.categories)
    refused = client_.get("/entries/new?category=nonsense")
    assert refused.status_code == 400
    assert "Choose a category" in refused.get_data(as_text=True)


def test_a_new_entry_is_prefilled_from_the_account_only(login_as, make_user, edition):
    user = make_user(name="Ana Pérez", organisation="Ministry of ICT", country="KE")
    client = sign_in(login_as, user)
    category = edition.categories[0]
    page = client.get(new_url(category)).get_data(as_text=True)
    assert 'value="Ministry of ICT"' in page
    assert re.search(r'<option selected value="KE">|<option value="KE" selected>', page)
    assert 'name="contacts-0-name" type="text" value="Ana Pérez"' in page
    assert f'value="{user.email}"' in page
    data = form_data(category.id, creation_token="p", entity_name="", **{"contacts-0-name": ""})
    client.post(new_url(category), data={**data, "save": "1"})
    edit = client.get(edit_url(latest())).get_data(as_text=True)
    assert 'value="Ministry of ICT"' not in edit


def test_a_submitted_entry_is_never_saved_with_a_malformed_field(client_, edition):
    category = edition.categories[0]
    data = form_data(category.id, creation_token="sub")
    client_.post(new_url(category), data={**data, "submit": "1"})
    entry = latest()
    assert entry.state is EntryState.SUBMITTED
    changed = {**form_data(category.id, version=str(entry.version), website="not a website")}
    response = client_.post(edit_url(entry), data={**changed, "save": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r'role="status"[^>]*>\s*<p[^>]*>Not saved:', page)
    assert db.session.get(Entry, entry.id).website == "https://example.org/villages"

"""The organisers' ceremony pages: the run-of-show (edit, print) and the presenter view."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from awards.accounts.roles import Role
from awards.results.run_of_show import run_of_show
from tests.ceremony_factory import category_of, crown


@pytest.fixture
def edition(make_edition):
    return make_edition(categories=3)


@pytest.fixture
def organiser(make_user, edition):
    return make_user(roles=((Role.ORGANISER, edition.id),))


@pytest.fixture
def crowned(edition, make_user):
    owner = make_user()
    crown(edition, 1, owner, [("Zebra Net", "Org Zeta"), ("Alpha Link", "Org Alpha")], winner=0)
    crown(edition, 2, owner, [("Health Hub", "Org Health")], winner=0)
    crown(edition, 3, owner, [("Clean Water Map", "Org Water")], winner=None)
    return edition


def _urls(edition):
    base = f"/organise/editions/{edition.id}"
    return [f"{base}/run-of-show", f"{base}/run-of-show/print", f"{base}/ceremony"]


def _form(edition, order, **fields):
    """The run-of-show form's data: categories numbered ``order`` first to last."""
    data = {}
    for position, number in enumerate(order, start=1):
        cid = category_of(edition, number).id
        data[f"position-{cid}"] = str(position)
        data[f"minutes-{cid}"] = "5"
        data[f"presenter-{cid}"] = ""
        data[f"notes-{cid}"] = ""
        data[f"pronunciation-{cid}"] = ""
    for name, value in fields.items():
        field, number = name.rsplit("_", 1)
        data[f"{field}-{category_of(edition, int(number)).id}"] = value
    return data


# --- the run-of-show ---------------------------------------------------------------------
def test_the_run_of_show_lists_every_category_and_warns_of_missing_winners(
    login_as, organiser, crowned
):
    page = login_as(organiser).get(f"/organise/editions/{crowned.id}/run-of-show")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for number in (1, 2, 3):
        assert f"{number}. Category {number}</legend>" in html
    warning = html.split('class="run-of-show-warning"')[1].split("</div>")[0]
    assert "Winners to confirm" in warning
    assert "3. Category 3" in warning
    assert "1. Category 1" not in warning
    assert 'rel="stylesheet" href="/static/css/run-of-show.css"' in html


def test_saving_the_run_of_show(login_as, organiser, edition):
    client = login_as(organiser)
    data = _form(edition, [3, 1, 2], presenter_3="Amina Diallo", minutes_3="12")
    response = client.post(f"/organise/editions/{edition.id}/run-of-show", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Run-of-show saved." in page
    assert 'value="Amina Diallo"' in page
    assert [i.category.number for i in run_of_show(edition)] == [3, 1, 2]


def test_a_rejected_run_of_show_keeps_what_was_typed(login_as, organiser, edition):
    client = login_as(organiser)
    data = _form(edition, [1, 2, 3], minutes_2="two hours", presenter_1="Kept Name")
    data[f"position-{category_of(edition, 3).id}"] = "1"
    response = client.post(f"/organise/editions/{edition.id}/run-of-show", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    minutes = f"minutes-{category_of(edition, 2).id}"
    assert f'href="#{minutes}"' in html
    assert "Category 2: Enter the planned time as a whole number of minutes from 0 to 120." in html
    assert 'value="two hours"' in html
    assert 'value="Kept Name"' in html
    assert "Two categories cannot both be number 1." in html
    assert html.count('aria-invalid="true"') == 3  # minutes of 2, position of 1 and 3
    assert all(not item.saved for item in run_of_show(edition))


def test_the_printed_run_of_show_gives_each_start_time(login_as, organiser, edition):
    client = login_as(organiser)
    data = _form(edition, [2, 1, 3], minutes_2="10", minutes_1="7", notes_1="Thank the hosts.")
    client.post(f"/organise/editions/{edition.id}/run-of-show", data=data)
    html = client.get(f"/organise/editions/{edition.id}/run-of-show/print").get_data(as_text=True)
    # The ceremony is at 11:00 UTC on 18 May 2021: 13:00 in Geneva (summer time).
    rows = re.findall(r'<th scope="row">(\d)</th>\s*<td>([\d:]+)</td>\s*<td>(\d+)</td>', html)
    assert rows == [("1", "13:00", "10"), ("2", "13:10", "7"), ("3", "13:17", "5")]
    assert "Ends at 13:22" in html
    assert "Thank the hosts." in html
    assert "Geneva time" in html


# --- the presenter view ------------------------------------------------------------------
def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_presenter_view_follows_the_run_of_show(login_as, organiser, crowned):
    client = login_as(organiser)
    client.post(f"/organise/editions/{crowned.id}/run-of-show", data=_form(crowned, [2, 3, 1]))
    response = client.get(f"/organise/editions/{crowned.id}/ceremony")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    deck = html.split('<main id="deck"')[1].split("</main>")[0]
    sections = re.findall(
        r'<section class="slide ([\w-]+)" id="slide-(\d+)"(.*?)</section>', deck, re.S
    )
    assert [(kind, int(number)) for kind, number, _ in sections] == [
        ("slide-title", 1),
        ("slide-category", 2), ("slide-champions", 3), ("slide-winner", 4),
        ("slide-category", 5), ("slide-champions", 6), ("slide-winner", 7),
        ("slide-category", 8), ("slide-champions", 9), ("slide-winner", 10),
    ]  # fmt: skip
    texts = [_text(body) for _, _, body in sections]
    assert crowned.title in texts[0]
    assert "Category 2" in texts[1]
    assert "Health Hub" not in texts[1]
    assert "Health Hub" in texts[2]
    assert "Org Health" in texts[2]
    assert "Winner" in texts[3]
    assert "Health Hub" in texts[3]
    assert "Category 3" in texts[4]
    assert "Winner to be confirmed" in texts[6]
    # Champions by title; the Winner is on its own slide only.
    assert texts[8].index("Alpha Link") < texts[8].index("Zebra Net")
    assert "Zebra Net" in texts[9]
    assert "Alpha Link" not in texts[9]
    assert "Slide 1 of 10" in html


def test_the_presenter_view_is_one_page_that_asks_for_nothing_more(login_as, organiser, crowned):
    response = login_as(organiser).get(f"/organise/editions/{crowned.id}/ceremony")
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = []
            self.nonces = set()

        def handle_starttag(self, tag, attrs):
            values = dict(attrs)
            self.found += [(tag, name, v) for name, v in attrs if name in ("src", "href", "action")]
            if tag in ("script", "style"):
                self.nonces.add(values.get("nonce"))

    links = Links()
    links.feed(html)
    outside = [(t, n, v) for t, n, v in links.found if not v.startswith(("data:", "#"))]
    assert outside == []
    assert any(v.startswith("#") for _, _, v in links.found)  # the second-screen notes
    # Its style and script are inline, allowed by this response's nonce and nothing else.
    [nonce] = links.nonces
    csp = response.headers["Content-Security-Policy"]
    assert f"script-src 'nonce-{nonce}'" in csp
    assert f"style-src 'nonce-{nonce}'" in csp
    assert "default-src 'none'" in csp
    assert "connect-src 'none'" in csp
    again = login_as(organiser).get(f"/organise/editions/{crowned.id}/ceremony")
    assert f"'nonce-{nonce}'" not in again.headers["Content-Security-Policy"]  # fresh each time
    assert 'document.addEventListener("keydown"' in html
    assert "prefers-reduced-motion: reduce" in html


def test_the_presenter_notes_name_presenters_and_pronunciation(login_as, organiser, crowned):
    client = login_as(organiser)
    data = _form(crowned, [1, 2, 3], presenter_1="Amina Diallo", pronunciation_1="Zebra: ZEB-ruh")
    client.post(f"/organise/editions/{crowned.id}/run-of-show", data=data)
    html = client.get(f"/organise/editions/{crowned.id}/ceremony").get_data(as_text=True)
    notes = _text(html.split('<aside id="notes-list"')[1].split("</aside>")[0])
    assert "Amina Diallo" in notes
    assert "Zebra: ZEB-ruh" in notes
    assert "5 minutes, from 13:00" in notes
    assert "The results are not public yet." in notes


def test_the_presenter_view_speaks_arabic_right_to_left(login_as, organiser, crowned, client):
    login_as(organiser)
    client.post("/language", data={"lang": "ar", "next": "/"})
    html = client.get(f"/organise/editions/{crowned.id}/ceremony").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


# --- who may open them ----------------------------------------------------------------------
@pytest.mark.parametrize("index", [0, 1, 2])
def test_only_the_editions_organisers_open_the_ceremony_pages(
    login_as, client, make_user, make_edition, crowned, index
):
    url = _urls(crowned)[index]
    other = make_edition(year=2020)
    refused = {
        "jury": make_user(roles=((Role.JURY, crowned.id),)),
        "participant": make_user(),
        "other organiser": make_user(roles=((Role.ORGANISER, other.id),)),
    }
    for who, person in refused.items():
        response = login_as(person).get(url)
        assert response.status_code == 403, who
        assert "Zebra Net" not in response.get_data(as_text=True)
    with client.session_transaction() as session:
        session.clear()
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/account/login" in anonymous.headers["Location"]


def test_an_edition_that_does_not_exist_is_not_found(login_as, make_user):
    admin = make_user(roles=((Role.ORGANISER, None),))
    assert login_as(admin).get("/organise/editions/9999/ceremony").status_code == 404

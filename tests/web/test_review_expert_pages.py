"""The experts' pages: the queue with its progress, the review form (drafts, submission,
revision, bad input, the deadline), conflicts, refusals, and blind mode's leak test."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from awards import clock as clock_module
from awards.accounts.roles import Role
from awards.extensions import db
from awards.review.experts import save_settings
from awards.review.models import AssignmentState, ConflictOfInterest
from awards.review.reviews import save_review, scores_of
from awards.review.rubric import DEFAULT_CRITERIA
from awards.review.rubric_models import ReviewScore
from awards.submissions.models import EntryImage, ImageKind
from tests.review_factory import NOW, make_eligible, make_expert
from tests.reviewing_factory import ALL_SEVENS, assign, make_champion

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)

ENTITY = "Zephyrine Water Trust"
WEBSITE = "https://zephyrine-water.example.org/wells"
CONTACTS = [
    {"name": "Olumide Bankole", "email": "olumide.bankole@zephyrine-water.example.org"},
    {"name": "Ngozi Achterberg", "email": "ngozi@achterberg-mail.example.net"},
]
OWNER = ("Tobias Quillfeather", "tobias@quillfeather.example.com")
IMAGE_NAME = "zephyrine-logo-storage-name.png"
#: What must never reach an expert in blind mode.
SECRETS = [
    ENTITY,
    WEBSITE,
    "zephyrine-water.example.org",
    *(c["name"] for c in CONTACTS),
    *(c["email"] for c in CONTACTS),
    *OWNER,
    IMAGE_NAME,
]


def form_data(scores: dict[str, Any], action: str = "submit", **extra: str) -> dict[str, str]:
    data = {f"score-{key}": str(value) for key, value in scores.items()}
    data.update({"action": action, "comment_organisers": "Convincing evidence.", **extra})
    return data


@pytest.fixture
def world(app, make_edition, make_user, monkeypatch):
    monkeypatch.setattr(clock_module, "utcnow", lambda: NOW)  # during nomination
    edition = make_edition()
    owner = make_user(name=OWNER[0], email=OWNER[1])
    entry = make_eligible(
        edition,
        owner,
        title="Solar pumps for village wells",
        entity_name=ENTITY,
        website=WEBSITE,
        contacts=CONTACTS,
        description=f"The {ENTITY} installs solar pumps; see {WEBSITE} or write to Olumide "
        "Bankole. " * 10,
    )
    image = EntryImage(
        entry=entry,
        kind=ImageKind.LOGO,
        storage_name=IMAGE_NAME,
        content_type="image/png",
        width=1,
        height=1,
        size_bytes=len(PNG),
        alt_text=f"Logo of the {ENTITY}",
    )
    db.session.add(image)
    db.session.flush()
    with open(f"{app.config['UPLOAD_FOLDER']}/{IMAGE_NAME}", "wb") as handle:
        handle.write(PNG)
    expert = make_expert(make_user, edition)
    colleague = make_expert(make_user, edition)
    mine = assign(expert, entry)
    theirs = assign(colleague, entry)
    save_review(theirs, {**ALL_SEVENS, "impact": 2}, "Weak data.", "", submit=True,
                actor=colleague, now=NOW)  # fmt: skip
    db.session.commit()
    return {
        "edition": edition,
        "entry": entry,
        "image": image,
        "expert": expert,
        "colleague": colleague,
        "mine": mine,
        "theirs": theirs,
        "owner": owner,
    }


def queue_url(world: dict[str, Any], **query: Any) -> str:
    suffix = "".join(f"?{k}={v}" for k, v in query.items())
    return f"/jury/editions/{world['edition'].id}/reviews{suffix}"


def review_url(world: dict[str, Any], assignment: Any = None) -> str:
    assignment = assignment or world["mine"]
    return f"/jury/editions/{world['edition'].id}/reviews/{assignment.id}"


def conflict_url(world: dict[str, Any], entry: Any = None) -> str:
    entry = entry or world["entry"]
    return f"/jury/editions/{world['edition'].id}/entries/{entry.id}/conflict"


def image_url(world: dict[str, Any]) -> str:
    return f"/entries/{world['entry'].id}/images/{world['image'].id}"


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def _score_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(ReviewScore))


def test_the_queue_shows_progress_and_the_deadline(world, login_as, client):
    login_as(world["expert"])
    page = text_of(client.get(queue_url(world)))
    assert "0 of 1 submitted" in page
    assert re.search(r'<progress[^>]*max="1"[^>]*value="0"', page)
    assert "Solar pumps for village wells" in page
    assert "1. Category 1" in page
    assert "Not started" in page
    # 26 February 2021, 23:00 Geneva time: the edition's zone (the expert has none set).
    assert "26 February 2021, 23:00 Geneva time" in page
    client.post(review_url(world), data=form_data(ALL_SEVENS))
    page = text_of(client.get(queue_url(world)))
    assert "1 of 1 submitted" in page
    assert "Submitted" in page


def test_the_deadline_is_shown_in_the_experts_zone_too(world, login_as, client):
    world["expert"].timezone = "Asia/Tokyo"
    db.session.commit()
    login_as(world["expert"])
    page = text_of(client.get(queue_url(world)))
    assert "26 February 2021, 23:00 Geneva time (27 February 2021, 07:00" in page


def test_the_review_page_is_the_rubric_as_a_form(world, login_as, client):
    login_as(world["expert"])
    page = text_of(client.get(review_url(world)))
    for criterion in DEFAULT_CRITERIA:
        assert criterion.name in page
        assert criterion.guidance in page
        assert len(re.findall(rf'type="radio" name="score-{criterion.key}"', page)) == 10
    assert "A model for others, with clear evidence." in page  # band guidance
    assert "Save draft" in page
    assert "Submit review" in page
    assert "I have a conflict of interest" in page
    # Before submitting, nothing of the other expert's review is shown.
    assert "The other experts" not in page


@pytest.mark.parametrize(
    ("lang", "name"), [("fr", "Résultats et impact"), ("ar", "النتائج والأثر")]
)
def test_the_rubric_reads_in_the_experts_language(world, login_as, client, lang, name):
    login_as(world["expert"])
    client.post("/language", data={"lang": lang, "next": "/"})
    page = text_of(client.get(review_url(world)))
    assert name in page
    assert "Results and impact" not in page


def test_a_draft_may_be_partial_and_is_kept(world, login_as, client):
    login_as(world["expert"])
    response = client.post(review_url(world), data=form_data({"impact": 4}, "draft"))
    assert response.status_code == 302
    db.session.expire_all()
    assert world["mine"].state is AssignmentState.DRAFT
    page = text_of(client.get(review_url(world)))
    assert "Draft saved" in page
    assert re.search(r'name="score-impact" id="score-impact-4" value="4" checked', page)
    assert "Convincing evidence." in page


def test_submitting_shows_the_other_experts_scores(world, login_as, client):
    login_as(world["expert"])
    response = client.post(review_url(world), data=form_data(ALL_SEVENS))
    assert response.status_code == 302
    page = text_of(client.get(review_url(world)))
    assert "Your review has been submitted" in page
    assert "The other experts" in page
    assert "Another expert (A)" in page
    assert "6.38" in page  # (7 × 7 + 2) / 8, the colleague's weighted score
    # Revising keeps it submitted and says so.
    response = client.post(review_url(world), data=form_data({**ALL_SEVENS, "impact": 9}))
    assert response.status_code == 302
    page = text_of(client.get(review_url(world)))
    assert "Your review has been updated" in page
    assert "Update review" in page


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"impact": 4}, "Choose a score for “Relevance to the WSIS Action Line”."),
        ({**ALL_SEVENS, "impact": 11}, "“Results and impact”: the score is a whole number"),
        ({**ALL_SEVENS, "impact": 0}, "“Results and impact”: the score is a whole number"),
        ({**ALL_SEVENS, "impact": "seven"}, "“Results and impact”: the score is a whole number"),
        ({**ALL_SEVENS, "impact": "7.5"}, "“Results and impact”: the score is a whole number"),
        ({**ALL_SEVENS, "impact": "٧"}, "“Results and impact”: the score is a whole number"),
    ],
)
def test_bad_scores_are_refused_with_nothing_written(world, login_as, client, scores, message):
    login_as(world["expert"])
    rows = _score_rows()
    response = client.post(review_url(world), data=form_data(scores, comment_team="Keep going."))
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    assert "Keep going." in page  # the user's input is kept
    assert 'class="error-summary"' in page
    db.session.expire_all()
    assert _score_rows() == rows
    assert world["mine"].state is AssignmentState.ASSIGNED


def test_submitting_needs_the_organisers_comment(world, login_as, client):
    login_as(world["expert"])
    data = form_data(ALL_SEVENS, comment_organisers="  ")
    response = client.post(review_url(world), data=data)
    assert response.status_code == 400
    assert "Write a comment for the organisers before submitting." in text_of(response)
    # The scores chosen are still chosen.
    assert re.search(
        r'name="score-impact" id="score-impact-7" value="7" checked', text_of(response)
    )
    assert scores_of(world["mine"]) == {}


def test_a_comment_too_long_is_refused(world, login_as, client):
    login_as(world["expert"])
    response = client.post(
        review_url(world), data=form_data(ALL_SEVENS, comment_organisers="x" * 5001)
    )
    assert response.status_code == 400
    assert scores_of(world["mine"]) == {}


def test_after_the_deadline_the_review_is_read_only(world, login_as, client, monkeypatch, clock):
    login_as(world["expert"])
    client.post(review_url(world), data=form_data({"impact": 4}, "draft"))
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.NOMINATION_CLOSES)
    page = text_of(client.get(review_url(world)))
    assert "read-only" in page
    assert 'type="radio"' not in page
    assert "Submit review" not in page
    response = client.post(review_url(world), data=form_data(ALL_SEVENS))
    assert response.status_code == 409
    assert "deadline" in text_of(response)
    db.session.expire_all()
    assert scores_of(world["mine"]) == {"impact": 4}
    assert world["mine"].state is AssignmentState.DRAFT
    queue = text_of(client.get(queue_url(world)))
    assert "no longer be changed" in queue or "no longer changed" in queue


def test_round_two_only_for_champions_and_only_in_selection(
    world, login_as, client, monkeypatch, clock
):
    second = assign(world["expert"], world["entry"], 2)
    db.session.commit()
    login_as(world["expert"])
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.DURING_SELECTION)
    assert "0 of 1 submitted" in text_of(client.get(queue_url(world)))  # round 2 by default
    response = client.post(review_url(world, second), data=form_data(ALL_SEVENS))
    assert response.status_code == 409
    assert "Champions" in text_of(response)
    make_champion(world["entry"])
    db.session.commit()
    assert client.post(review_url(world, second), data=form_data(ALL_SEVENS)).status_code == 302
    assert "1 of 1 submitted" in text_of(client.get(queue_url(world, round=2)))
    assert "Nomination (round 1)" in text_of(client.get(queue_url(world, round=2)))


def test_an_unknown_round_is_a_bad_request(world, login_as, client):
    login_as(world["expert"])
    assert client.get(queue_url(world, round=3)).status_code == 400
    assert client.get(queue_url(world, round="x")).status_code == 400


def test_refusals(world, login_as, client, make_user, make_edition):
    other_edition = make_edition(year=2020)
    db.session.commit()
    login_as(world["expert"])
    # Another expert's review, a review that does not exist, a review under another edition.
    assert client.get(review_url(world, world["theirs"])).status_code == 404
    assert (
        client.post(review_url(world, world["theirs"]), data=form_data(ALL_SEVENS)).status_code
        == 404
    )
    assert client.get(f"/jury/editions/{world['edition'].id}/reviews/999999").status_code == 404
    assert (
        client.get(f"/jury/editions/{other_edition.id}/reviews/{world['mine'].id}").status_code
        == 403
    )
    # Not of this edition's jury: 403 before anything is looked up; anonymous: sign in.
    login_as(make_user())
    assert client.get(queue_url(world)).status_code == 403
    assert client.get(review_url(world)).status_code == 403
    login_as(make_user(roles=((Role.ORGANISER, world["edition"].id),)))
    assert client.get(review_url(world)).status_code == 403
    with client.session_transaction() as session:
        session.clear()
    assert "/account/login" in client.get(review_url(world)).headers["Location"]


def test_declaring_a_conflict_takes_the_entry_away(world, login_as, client):
    login_as(world["expert"])
    response = client.post(conflict_url(world), data={"note": " "})
    assert response.status_code == 400
    assert "Say why: a reason is required." in text_of(response)
    assert db.session.scalar(select(func.count()).select_from(ConflictOfInterest)) == 0
    response = client.post(conflict_url(world), data={"note": "I advised this project."})
    assert response.status_code == 302
    page = text_of(client.get(queue_url(world)))
    assert "Conflict of interest declared" in page
    assert "0 of 0" not in page
    assert "You have no reviews in this round." in page
    assert "Solar pumps" not in page
    # The conflicted expert cannot open it, nor see its scores.
    assert client.get(review_url(world)).status_code == 404
    conflict = db.session.scalar(select(ConflictOfInterest))
    assert conflict.note == "I advised this project."


def test_a_conflict_on_an_entry_not_reviewed_is_not_found(world, login_as, client, make_user):
    draft = make_eligible(world["edition"], make_user(), category=2)
    draft.screening = draft.screening.PENDING
    draft.screened_at = None
    db.session.commit()
    login_as(world["expert"])
    assert client.post(conflict_url(world, draft), data={"note": "Why"}).status_code == 404
    assert (
        client.post(
            f"/jury/editions/{world['edition'].id}/entries/999999/conflict", data={"note": "x"}
        ).status_code
        == 404
    )


def test_every_post_needs_the_csrf_token(world, login_as, client, csrf_app):
    login_as(world["expert"])
    response = client.post(review_url(world), data=form_data(ALL_SEVENS))
    assert response.status_code == 400
    assert scores_of(world["mine"]) == {}
    assert client.post(conflict_url(world), data={"note": "x"}).status_code == 400


def test_the_jury_finds_their_reviews_in_the_menu(world, login_as, client, make_user):
    login_as(world["expert"])
    assert queue_url(world) in text_of(client.get("/"))
    login_as(make_user())
    assert "Your reviews" not in text_of(client.get("/"))


def _everything_an_expert_reaches(world: dict[str, Any], client: Any) -> list[tuple[str, Any]]:
    """Every page and file an expert can open about the entry, in each state of the review."""
    answers = [
        ("queue", client.get(queue_url(world))),
        ("review", client.get(review_url(world))),
        ("image", client.get(image_url(world))),
        ("bad input", client.post(review_url(world), data=form_data({"impact": 99}))),
        ("conflict form refused", client.post(conflict_url(world), data={"note": ""})),
        ("draft", client.post(review_url(world), data=form_data({"impact": 4}, "draft"))),
        ("after the draft", client.get(review_url(world))),
        ("submission", client.post(review_url(world), data=form_data(ALL_SEVENS))),
        ("after submitting", client.get(review_url(world))),
        ("queue after submitting", client.get(queue_url(world))),
        ("round 2", client.get(queue_url(world, round=2))),
        ("home page", client.get("/")),
    ]
    return answers


def test_blind_mode_leaks_nothing_of_the_team(world, login_as, client):
    """The leak test: no page, file or address an expert reaches names the team."""
    login_as(world["expert"])
    answers = _everything_an_expert_reaches(world, client)
    statuses = {name: r.status_code for name, r in answers}
    assert statuses["image"] == 404
    assert statuses["bad input"] == 400
    assert statuses["submission"] == 302
    leaks = {}
    for name, response in answers:
        body = response.get_data(as_text=True) + str(response.headers)
        found = [s for s in SECRETS if s.casefold() in body.casefold()]
        if found:
            leaks[name] = found
    assert leaks == {}
    # The answers still read: the names in them are withheld, the rest is there.
    page = text_of(client.get(review_url(world)))
    assert "installs solar pumps" in page
    assert "[withheld]" in page


def test_without_blind_mode_the_expert_sees_who_the_team_is(world, login_as, client, make_user):
    organiser = make_user(roles=((Role.ORGANISER, world["edition"].id),))
    save_settings(world["edition"], same_country_conflicts=False, blind=False, actor=organiser,
                  now=NOW)  # fmt: skip
    db.session.commit()
    login_as(world["expert"])
    page = text_of(client.get(review_url(world)))
    for shown in (ENTITY, WEBSITE, *(c["name"] for c in CONTACTS), *(c["email"] for c in CONTACTS)):
        assert shown in page
    assert image_url(world) in page
    assert client.get(image_url(world)).status_code == 200
    # ...but only for an entry they review.
    login_as(world["colleague"])
    assert client.get(image_url(world)).status_code == 200
    login_as(make_expert(make_user, world["edition"]))
    assert client.get(image_url(world)).status_code == 404


def test_the_others_scores_wait_for_ones_own(world, login_as, client):
    login_as(world["expert"])
    client.post(review_url(world), data=form_data({"impact": 5}, "draft"))
    page = text_of(client.get(review_url(world)))
    assert "Another expert" not in page
    assert "Weak data." not in page  # never the others' comments
    client.post(review_url(world), data=form_data(ALL_SEVENS))
    page = text_of(client.get(review_url(world)))
    assert "Another expert (A)" in page
    assert "Weak data." not in page


def test_an_assignment_already_submitted_on_time_can_be_read_later(
    world, login_as, client, monkeypatch, clock
):
    login_as(world["expert"])
    client.post(review_url(world), data=form_data(ALL_SEVENS, comment_team="Bravo."))
    monkeypatch.setattr(clock_module, "utcnow", lambda: clock.NOMINATION_CLOSES + timedelta(days=1))
    page = text_of(client.get(review_url(world)))
    assert "Bravo." in page
    assert "Convincing evidence." in page
    assert "Another expert (A)" in page

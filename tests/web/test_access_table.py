"""The authorisation table: role × edition × route, for every route the application has.

Every rule of the URL map needs a row in ``TABLE``: a new route without one fails
``test_every_route_has_a_row``. A row names the personas that may open the route; every other
persona gets the row's refusal (a redirect to sign in for visitors, 403, or 404 where the
object's existence is private), never the page.

Personas, for an entry of edition A (2021) owned by ``owner``:

- ``anonymous``: not signed in; ``unverified``: signed in, e-mail not confirmed;
- ``participant``: a verified account with no role and no entry;
- ``owner``: the entry's owner; ``member``: on its team; ``jury``: the jury of edition A;
- ``other_organiser``: organiser of edition B (2020) only; ``organiser``: organiser of A only;
- ``global_organiser``: organiser of every edition.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask, url_for
from werkzeug.routing import Rule

from awards.accounts.models import BlockedDomain
from awards.accounts.roles import Role
from awards.extensions import db
from awards.outbox.models import OutboxMessage
from awards.review.models import ReviewAssignment
from awards.submissions.models import EntryImage, ImageKind, Screening, TeamInvitation
from tests.entry_factory import make_entry
from tests.voting_factory import voting_values

PERSONAS = (
    "anonymous",
    "unverified",
    "participant",
    "owner",
    "member",
    "jury",
    "other_organiser",
    "organiser",
    "global_organiser",
)
SIGNED_IN = frozenset(PERSONAS) - {"anonymous"}
VERIFIED = SIGNED_IN - {"unverified"}
EDITION_ORGANISERS = frozenset({"organiser", "global_organiser"})
SOME_ORGANISERS = EDITION_ORGANISERS | {"other_organiser"}
GLOBAL = frozenset({"global_organiser"})
EVERYONE = frozenset(PERSONAS)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@dataclass(frozen=True)
class Row:
    """Who may open a route, and what everyone else gets when signed in."""

    allowed: frozenset[str]
    refused: int = 403  # for signed-in personas outside ``allowed`` (404: existence private)
    #: Personas that get 404 rather than ``refused``: they may open such pages, but not this
    #: object's (an organiser of another edition and its entries).
    hidden_from: frozenset[str] = frozenset()
    #: Personas that get 403 rather than ``refused`` (a team member on the owner's pages).
    forbidden_for: frozenset[str] = frozenset()
    #: Routes reached with a token or only by POST: only the refusals are checked, since an
    #: allowed GET would need a valid token or would change state.
    refusals_only: bool = False


def organisers(scope: frozenset[str] = EDITION_ORGANISERS) -> Row:
    return Row(scope)


TEAM = frozenset({"owner", "member"})
#: What only the person who started the entry may do: the team sees it is not theirs (403),
#: everyone else learns nothing of the entry (404).
OWNER_ONLY = Row(frozenset({"owner"}), 404, forbidden_for=frozenset({"member"}), refusals_only=True)


#: An entry's page of the organisers' console: no console for non-organisers (403, before any
#: lookup), and an organiser of another edition learns nothing of the entry (404).
ORGANISERS_ENTRY = Row(EDITION_ORGANISERS, hidden_from=frozenset({"other_organiser"}))


TABLE: dict[str, Row] = {
    # public pages
    "contest.home": Row(EVERYONE),
    "contest.banner": Row(EVERYONE),
    "health.healthz": Row(EVERYONE),
    "static": Row(EVERYONE),
    "i18n.switch_language": Row(EVERYONE, refusals_only=True),
    "accounts.login": Row(EVERYONE),
    "accounts.register": Row(EVERYONE),
    "accounts.check_email": Row(EVERYONE),
    "accounts.forgot_password": Row(EVERYONE),
    "accounts.forgot_password_sent": Row(EVERYONE),
    # reached with a token from a mail: the token is the right, checked by the page
    "accounts.verify_email": Row(EVERYONE, refusals_only=True),
    "accounts.reset_password": Row(EVERYONE, refusals_only=True),
    "accounts.confirm_email_change": Row(EVERYONE, refusals_only=True),
    "accounts.accept_invitation": Row(EVERYONE, refusals_only=True),
    # the signed-in account's own pages
    "accounts.logout": Row(EVERYONE, refusals_only=True),
    "accounts.settings": Row(SIGNED_IN),
    "accounts.change_email": Row(SIGNED_IN, refusals_only=True),
    "accounts.change_password": Row(SIGNED_IN, refusals_only=True),
    "accounts.update_profile": Row(SIGNED_IN, refusals_only=True),
    "accounts.unverified": Row(SIGNED_IN),
    "accounts.resend_verification": Row(SIGNED_IN, refusals_only=True),
    # submitters
    "submissions.dashboard": Row(VERIFIED),
    "submissions.new": Row(VERIFIED),
    "submissions.join": Row(VERIFIED, refusals_only=True),
    "submissions.show": Row(TEAM, 404),
    "submissions.edit": Row(TEAM, 404),
    "submissions.print_view": Row(TEAM, 404),
    "submissions.team": Row(TEAM, 404),
    "submissions.withdraw": Row(frozenset({"owner"}), 404, forbidden_for=frozenset({"member"})),
    "submissions.remove_member": OWNER_ONLY,
    "submissions.cancel_invitation": OWNER_ONLY,
    # Blind review (the default) hides the images from the jury: the same 404 as for others.
    "submissions.image": Row(TEAM | EDITION_ORGANISERS, 404),
    # organisers: the console, per edition
    "contest.organise": organisers(SOME_ORGANISERS),
    "contest.editions": organisers(SOME_ORGANISERS),
    "contest.edition": organisers(),
    "contest.add_category": organisers(),
    "contest.close_phase": organisers(),
    "contest.extend": organisers(),
    "contest.schedule": organisers(),
    "contest.edit_banner": organisers(),
    "accounts.jury": organisers(),
    "accounts.resend_invitation": Row(EDITION_ORGANISERS, refusals_only=True),
    "accounts.revoke_invitation": Row(EDITION_ORGANISERS, refusals_only=True),
    "screening.index": organisers(),
    "screening.charts": organisers(),
    "screening.duplicates": organisers(),
    "screening.export_csv": organisers(),
    "screening.export_xlsx": organisers(),
    "screening.detail": ORGANISERS_ENTRY,
    "screening.move": Row(
        EDITION_ORGANISERS, hidden_from=frozenset({"other_organiser"}), refusals_only=True
    ),
    "screening.screen": Row(
        EDITION_ORGANISERS, hidden_from=frozenset({"other_organiser"}), refusals_only=True
    ),
    "screening.bulk_screen": Row(EDITION_ORGANISERS, refusals_only=True),
    "screening.duplicates_distinct": Row(EDITION_ORGANISERS, refusals_only=True),
    "screening.duplicates_withdraw": Row(EDITION_ORGANISERS, refusals_only=True),
    # the Expert Group: the organisers' pages of an edition, and each expert's own profile
    "jury_admin.experts": organisers(),
    "jury_admin.expert": organisers(),
    "jury_admin.expert_steps_down": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.withdraw": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.conflicts": organisers(),
    "jury_admin.lift": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.detect": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.assignment": organisers(),
    "jury_admin.save_settings": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.run": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.add": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.remind": Row(EDITION_ORGANISERS, refusals_only=True),
    "jury_admin.own_profile": Row(frozenset({"jury"})),
    "nomination.index": organisers(),
    "nomination.category": organisers(),
    "nomination.notify": Row(EDITION_ORGANISERS, refusals_only=True),
    # organisers: the final selection of an edition
    "selection.overview": organisers(),
    "selection.category": organisers(),
    "selection.champions_from_jury": Row(EDITION_ORGANISERS, refusals_only=True),
    "selection.assign": Row(EDITION_ORGANISERS, refusals_only=True),
    # the prize ceremony: run-of-show and presenter view, before publication too
    "ceremony.run_of_show": organisers(),
    "ceremony.run_of_show_print": organisers(),
    "ceremony.presenter": organisers(),
    # organisers: the Expert Group's rankings, statistics, workbook and rubric, per edition
    "rankings.overview_page": organisers(),
    "rankings.category": organisers(),
    "rankings.experts": organisers(),
    "rankings.export_xlsx": organisers(),
    "rankings.rubric": organisers(),
    # certificates: the check page is public, the files are the team's and the organisers';
    # this world publishes no results, so there is no certificate to check or download (404)
    "certificates.verify": Row(frozenset(), 404),
    "certificates.download": Row(TEAM | EDITION_ORGANISERS, 404, refusals_only=True),
    "certificates.archive": Row(EDITION_ORGANISERS, refusals_only=True),
    # the JSON API: public; no nominees or results in this world (404 JSON for everyone)
    "api.editions": Row(EVERYONE),
    "api.categories": Row(EVERYONE),
    "api.nominees": Row(EVERYONE),  # this world has confirmed nominees and voting open
    "api.results": Row(frozenset(), 404),
    "api.openapi": Row(EVERYONE),
    "api.not_found": Row(frozenset(), 404),
    # results: public once published (the world's edition is not: 404 for everyone)
    "results.index": Row(EVERYONE),
    "results.hall": Row(EVERYONE),
    "results.edition": Row(frozenset(), 404),
    "results.edition_statistics": Row(frozenset(), 404),
    "results.check": Row(frozenset(), 404),
    "results.proof": Row(frozenset(), 404),
    "results_admin.overview": organisers(),
    "results_admin.export_csv": organisers(),
    "results_admin.export_xlsx": organisers(),
    "results_admin.tally": Row(EDITION_ORGANISERS, refusals_only=True),
    "results_admin.publish_results": Row(EDITION_ORGANISERS, refusals_only=True),
    "results_admin.notify": Row(EDITION_ORGANISERS, refusals_only=True),
    # organisers: voting of their edition (counts, fraud review, exports)
    "voting_admin.live": organisers(),
    "voting_admin.settings": organisers(),
    "voting_admin.suspicious": organisers(),
    "voting_admin.quarantines_list": organisers(),
    "voting_admin.export_csv": organisers(),
    "voting_admin.export_xlsx": organisers(),
    # a cluster named in the query string, votes and accounts by id: 404 for the placeholders
    "voting_admin.cluster": Row(EDITION_ORGANISERS, refusals_only=True),
    "voting_admin.quarantine_vote": Row(EDITION_ORGANISERS, refusals_only=True),
    "voting_admin.quarantine_account": Row(EDITION_ORGANISERS, refusals_only=True),
    "voting_admin.lift": Row(EDITION_ORGANISERS, refusals_only=True),
    "voting_admin.lift_batch": Row(EDITION_ORGANISERS, refusals_only=True),
    # organisers of every edition: what spans editions
    "audit.index": organisers(GLOBAL),
    "outbox.index": organisers(GLOBAL),
    "outbox.detail": organisers(GLOBAL),
    "outbox.retry": Row(GLOBAL, refusals_only=True),
    "blocked_domains.index": organisers(GLOBAL),
    "blocked_domains.remove": Row(GLOBAL, refusals_only=True),
    # the jury of the edition: their reviews (another expert's or a conflicted one: 404)
    "reviewing.queue": Row(frozenset({"jury"})),
    "reviewing.review": Row(frozenset({"jury"})),
    "reviewing.declare_conflict": Row(frozenset({"jury"}), refusals_only=True),
    # public voting: browsing is public, voting needs a verified account, a receipt is its voter's
    "voting.index": Row(EVERYONE),
    "voting.edition": Row(EVERYONE),
    "voting.category": Row(EVERYONE),
    "voting.nominee": Row(EVERYONE),
    "voting.nominee_image": Row(EVERYONE),
    "voting.confirm": Row(VERIFIED),
    "voting.cast": Row(VERIFIED, refusals_only=True),
    "voting.my_votes": Row(VERIFIED),
    "voting.receipt": Row(frozenset({"participant"}), 404),
}

#: Pages of an organiser's edition taken from the query string rather than the path.
EDITION_QUERY = {"screening.index", "screening.charts", "screening.duplicates"} | {
    "screening.export_csv",
    "screening.export_xlsx",
    "screening.bulk_screen",
    "screening.duplicates_distinct",
    "screening.duplicates_withdraw",
}


def _rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint)


def test_every_route_has_a_row(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in _rules(app)}
    assert sorted(endpoints - TABLE.keys()) == [], "routes without a row in the access table"
    assert sorted(TABLE.keys() - endpoints) == [], "rows for routes that no longer exist"


@pytest.fixture
def world(app: Flask, make_edition: Any, make_user: Any) -> dict[str, Any]:
    edition = make_edition(year=2021)
    other = make_edition(year=2020)
    owner = make_user(email="owner@example.org")
    member = make_user(email="member@example.org")
    entry = make_entry(edition, owner, members=[member])
    invitation = TeamInvitation(
        entry_id=entry.id,
        email="later@example.org",
        email_key="later@example.org",
        invited_by_id=owner.id,
    )
    db.session.add(invitation)
    blocked = BlockedDomain(domain="access-table.example", reason="access table")
    db.session.add(blocked)
    image = EntryImage(
        entry=entry,
        kind=ImageKind.LOGO,
        storage_name="access-table-test.png",
        content_type="image/png",
        width=1,
        height=1,
        size_bytes=len(PNG),
        alt_text="Logo",
    )
    db.session.add(image)
    message = OutboxMessage(
        recipient="someone@example.org",
        subject="Hello",
        body_text="Hello",
        body_html="<p>Hello</p>",
        template="test_message",
        locale="en",
        created_at=datetime(2021, 1, 1, tzinfo=UTC),
    )
    db.session.add(message)
    edition.banner_storage_name = "access-table-banner.png"
    edition.banner_content_type = "image/png"
    edition.banner_alt = "Banner"
    db.session.flush()
    upload = app.config["UPLOAD_FOLDER"]
    with open(f"{upload}/{image.storage_name}", "wb") as handle:
        handle.write(PNG)
    os.makedirs(f"{upload}/banners", exist_ok=True)
    with open(f"{upload}/banners/{edition.banner_storage_name}", "wb") as handle:
        handle.write(PNG)
    people = {
        "unverified": make_user(verified=False),
        "participant": make_user(),
        "owner": owner,
        "member": member,
        "jury": make_user(roles=((Role.JURY, edition.id),)),
        "other_organiser": make_user(roles=((Role.ORGANISER, other.id),)),
        "organiser": make_user(roles=((Role.ORGANISER, edition.id),)),
        "global_organiser": make_user(roles=((Role.ORGANISER, None),)),
    }
    reviewed = make_entry(
        edition, owner, category=2, screening=Screening.ELIGIBLE, screened_at=edition.created_at
    )
    review = ReviewAssignment(
        edition_id=edition.id, entry_id=reviewed.id, expert_id=people["jury"].id, round=1
    )
    db.session.add(review)
    voting = voting_values(edition, owner, people["participant"], upload)
    # Committed (to the test's outer transaction, still rolled back at the end) so that a
    # request that rolls back its own work cannot take the world with it.
    db.session.commit()
    values = {
        "edition_id": edition.id,
        "entry_id": entry.id,
        "category_id": entry.category_id,
        "image_id": image.id,
        "message_id": message.id,
        "user_id": member.id,
        "invitation_id": invitation.id,
        "domain_id": blocked.id,
        "assignment_id": review.id,
        "token": "not-a-valid-token",
        "filename": "css/awards.css",
        "expert_id": people["jury"].id,
        "conflict_id": entry.id,  # refusals only: any number
        "year": edition.year,
        "code": "ABCDEFGH23",
        "anything": "nothing-here",
        "receipt": "AAAA1111BBBB2222",
        "vote_id": 2**31 - 1,  # no such vote or quarantine: refusals only
        "quarantine_id": 2**31 - 1,
        "batch": "none",
        **voting,
    }
    return {"people": people, "values": values, "year": edition.year}


def _url(app: Flask, rule: Rule, world: dict[str, Any]) -> str:
    values = {name: world["values"][name] for name in rule.arguments}
    if rule.endpoint in EDITION_QUERY:
        values["edition"] = world["year"]
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


def _request(client: Any, rule: Rule, url: str) -> Any:
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url, data={})


def _verdict(row: Row, persona: str, status: int, location: str) -> str | None:
    """What is wrong with ``persona``'s answer, or None."""
    if persona in row.allowed:
        if row.refusals_only:
            return None
        if status in (401, 403, 404) or "/account/login" in location:
            return f"refused ({status} {location})"
        return None
    # Visitors are sent to sign in and unverified accounts to confirm their address, before
    # anything is looked up; where existence is private a plain 404 is as good.
    gate = {"anonymous": "/account/login", "unverified": "/account/unverified"}.get(persona)
    if gate and status == 302:
        return None if gate in location else f"sent to {location}"
    expected = 404 if persona in row.hidden_from else row.refused
    expected = 403 if persona in row.forbidden_for else expected
    return None if status == expected else f"got {status}, expected {expected}"


@pytest.mark.parametrize("endpoint", sorted(TABLE))
def test_access(
    app: Flask, world: dict[str, Any], login_as: Any, client: Any, endpoint: str
) -> None:
    row = TABLE[endpoint]
    rule = next(r for r in _rules(app) if r.endpoint == endpoint)
    url = _url(app, rule, world)
    wrong = {}
    for persona in PERSONAS:
        if persona == "anonymous":
            with client.session_transaction() as session:
                session.clear()
        else:
            login_as(world["people"][persona])
        response = _request(client, rule, url)
        response.get_data()  # a streamed export finishes inside its own request
        problem = _verdict(row, persona, response.status_code, response.headers.get("Location", ""))
        if problem:
            wrong[persona] = problem
    assert wrong == {}, f"{endpoint} ({url})"

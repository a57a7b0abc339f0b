"""`flask awards ...`: each command over the services, one commit each."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from awards import cli
from awards import clock as clock_module
from awards.accounts.models import User
from awards.accounts.roles import Role
from awards.clock import utcnow
from awards.contest.models import Edition
from awards.contest.rules import Phase
from awards.contest.services import calendar_2021
from awards.extensions import db
from awards.outbox.models import MailStatus, OutboxMessage
from awards.outbox.services import queue_mail
from awards.review.models import ReviewAssignment
from tests.conftest import Clock
from tests.review_factory import make_eligible, make_expert


@pytest.fixture
def run(app):
    runner = app.test_cli_runner()

    def invoke(*args, **kwargs):
        return runner.invoke(args=["awards", *args], **kwargs)

    return invoke


def _edition(year):
    return db.session.scalars(select(Edition).where(Edition.year == year)).one_or_none()


def test_create_edition_with_the_wsis_categories(run):
    result = run("create-edition", "2021", "--wsis-categories")
    assert result.exit_code == 0, result.output
    assert "Created WSIS Prizes 2021" in result.output
    edition = _edition(2021)
    assert len(edition.categories) == 18
    assert edition.submission_closes == calendar_2021()["submission_closes"]
    assert edition.timezone == "Europe/Zurich"


def test_create_edition_twice_is_refused(run):
    assert run("create-edition", "2021").exit_code == 0
    again = run("create-edition", "2021", "--title", "Again")
    assert again.exit_code == 1
    assert "already exists" in again.output
    assert _edition(2021).title == "WSIS Prizes 2021"


def test_create_edition_relative_calendar_opens_submission_now(run):
    result = run("create-edition", "2030", "--calendar", "relative", "--title", "Trial")
    assert result.exit_code == 0, result.output
    assert _edition(2030).phase(utcnow()) is Phase.SUBMISSION
    assert not _edition(2030).categories


def test_create_edition_with_an_unknown_zone(run):
    result = run("create-edition", "2021", "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "Unknown time zone" in result.output
    assert _edition(2021) is None


def test_create_organiser_prompts_for_the_password(run):
    result = run(
        "create-organiser",
        "--email",
        "Boss@Example.org",
        "--name",
        "Boss",
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalars(select(User).where(User.email_key == "boss@example.org")).one()
    assert user.has_role(Role.ORGANISER)
    assert user.is_verified


def test_demo_prints_the_accounts_and_moves_the_phase(run):
    result = run("demo", "--phase", "voting")
    assert result.exit_code == 0, result.output
    assert "organiser@example.org" in result.output
    assert "password for all: wsis-demo-2021" in result.output
    assert _edition(2021).phase(utcnow()) is Phase.VOTING
    assert "nothing to do" in run("demo", "--if-missing").output
    assert _edition(2021).phase(utcnow()) is Phase.VOTING
    assert run("demo", "--phase", "ceremony").exit_code == 0
    assert _edition(2021).phase(utcnow()) is Phase.CEREMONY


def test_demo_is_refused_in_production(run, app, monkeypatch):
    monkeypatch.setitem(app.config, "AWARDS_ENV", "production")
    result = run("demo")
    assert result.exit_code == 1
    assert "refusing in production" in result.output
    assert _edition(2021) is None


def test_phase_lists_each_edition(run, make_edition, monkeypatch):
    make_edition(year=2021)
    monkeypatch.setattr(cli.clock, "utcnow", lambda: datetime(2021, 3, 15, 12, tzinfo=UTC))
    result = run("phase")
    assert result.exit_code == 0
    assert (
        "2021 WSIS Prizes 2021: voting; next: Public voting closes "
        "31 March 2021, 23:00 Geneva time (21:00 UTC)"
    ) in result.output


def test_phase_without_editions(run):
    assert "No edition yet" in run("phase").output


def test_mail_deliver_sends_due_messages(run, smtp_mail):
    message = queue_mail("ana@example.org", "test_message", "en", name="Ana")
    result = run("mail", "deliver")
    assert result.exit_code == 0
    assert "sent 1, failed 0" in result.output
    smtp_mail.wait_for("ana@example.org", "Test message")
    db.session.refresh(message)
    assert message.status is MailStatus.SENT


def test_mail_deliver_loop_stops_on_ctrl_c(run, smtp_mail, monkeypatch):
    queue_mail("ana@example.org", "test_message", "en", name="Ana")

    def interrupted(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.time, "sleep", interrupted)
    result = run("mail", "deliver", "--loop", "--interval", "1")
    assert result.exit_code == 0
    assert "sent 1, failed 0" in result.output
    assert result.output.strip().endswith("stopped")
    smtp_mail.wait_for("ana@example.org")


def _review_setup(make_edition, make_user, experts=4, entries=4):
    edition = make_edition()
    people = [make_expert(make_user, edition, categories=(1,)) for _ in range(experts)]
    owner = make_user()
    made = [make_eligible(edition, owner, category=1 + i % 2) for i in range(entries)]
    db.session.commit()  # the command's own rollback must not take the set-up with it
    return edition, people, made


def _assignments():
    return db.session.scalars(select(ReviewAssignment)).all()


def test_assign_dry_run_prints_per_category_and_writes_nothing(run, make_edition, make_user):
    _review_setup(make_edition, make_user)
    result = run("assign", "--edition", "2021", "--per-entry", "3", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Category 1" in result.output
    assert "2 entries     6 reviews  load" in result.output
    assert "Total: 4 entries, 12 reviews, 4 experts, load per expert 3-3." in result.output
    assert "nothing was stored" in result.output
    assert _assignments() == []


def test_assign_stores_once_and_again_changes_nothing(run, make_edition, make_user):
    _review_setup(make_edition, make_user)
    first = run("assign", "--edition", "2021", "--seed", "5")
    assert first.exit_code == 0, first.output
    assert "Stored: 12 assigned, 0 withdrawn." in first.output
    pairs = {(a.expert_id, a.entry_id, a.state) for a in _assignments()}
    second = run("assign", "--edition", "2021", "--seed", "5")
    assert "Stored: 0 assigned, 0 withdrawn." in second.output
    assert {(a.expert_id, a.entry_id, a.state) for a in _assignments()} == pairs


def test_assign_explains_an_infeasible_assignment(run, make_edition, make_user):
    _review_setup(make_edition, make_user, experts=2)
    result = run("assign", "--edition", "2021", "--per-entry", "3")
    assert result.exit_code == 1
    assert "nothing was written" in result.output
    assert "Category 1 Category 1: 2 entries have only 2 experts without a conflict, 3 needed" in (
        result.output
    )
    assert _assignments() == []


def test_assign_an_unknown_edition(run):
    result = run("assign", "--edition", "1999")
    assert result.exit_code == 1
    assert "No edition 1999" in result.output


def test_detect_conflicts_command(run, make_edition, make_user):
    edition = make_edition()
    make_expert(make_user, edition, organisation="Acme")
    make_eligible(edition, make_user(), entity_name="ACME Ltd")
    db.session.commit()
    result = run("detect-conflicts", "--edition", "2021")
    assert result.exit_code == 0, result.output
    assert "1 new conflicts of interest; 1 active in 2021." in result.output
    again = run("detect-conflicts", "--edition", "2021")
    assert "0 new conflicts of interest; 1 active in 2021." in again.output


def test_remind_jury_command_prints_who_was_reminded(run, make_edition, make_user, monkeypatch):
    monkeypatch.setattr(clock_module, "utcnow", lambda: Clock.DURING_NOMINATION)
    edition, people, made = _review_setup(make_edition, make_user, experts=2, entries=1)
    people[0].name = "Ana Expert"
    db.session.add(
        ReviewAssignment(edition_id=edition.id, entry_id=made[0].id, expert_id=people[0].id)
    )
    db.session.commit()
    result = run("remind-jury", "--edition", "2021")
    assert result.exit_code == 0, result.output
    assert f"Ana Expert <{people[0].email}>: 1 reviews to finish" in result.output
    assert "Reminded 1 experts of 2021." in result.output
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == [people[0].email]
    monkeypatch.setattr(clock_module, "utcnow", lambda: Clock.DURING_VOTING)
    closed = run("remind-jury", "--edition", "2021")
    assert closed.exit_code == 1
    assert "No review round is open" in closed.output

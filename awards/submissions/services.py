"""Use cases of the submitters: start, save, submit, withdraw an entry; invite and join a team.

Services check the rules, change the models, flush, queue mail and write the audit trail; the
view's single ``commit()`` makes it all happen or none of it.

Saving is safe against two editors and against a double-clicked button:

* every save names the version it was based on; ``UPDATE entry SET version = version + 1
  WHERE id = :id AND version = :seen`` claims the row (and, on PostgreSQL, locks it until
  commit), so of two saves based on one version only the first wins and the second gets
  :class:`VersionConflict` with the saved text, never a silent overwrite;
* a save whose content equals what is stored changes nothing and sends nothing, so the second
  request of a double click (same version, same text) is a harmless no-op;
* the "new entry" form carries a random ``creation_token`` (unique in the table), so a
  double-clicked first save finds the entry the first click created.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from awards import clock
from awards.accounts.models import User
from awards.accounts.rules import email_key
from awards.audit.services import record
from awards.contest.models import Category, Edition
from awards.errors import Conflict, NotAllowed, RuleViolation
from awards.extensions import db
from awards.geography import region_of
from awards.links import external_url
from awards.outbox.services import queue_mail
from awards.stakeholders import StakeholderType
from awards.submissions import images as image_files
from awards.submissions import rules
from awards.submissions.models import (
    Entry,
    EntryContact,
    EntryImage,
    EntryMember,
    EntrySdg,
    EntryState,
    ImageKind,
    MemberRole,
    PastWinner,
    ProjectStatus,
    Screening,
    TeamInvitation,
)
from awards.submissions.rules import Contact, EntryInput, Limits, Problem

INVITATION_SALT = "team-invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600


class EditingClosed(RuleViolation):
    """The entry can no longer be changed (deadline passed, or it was withdrawn)."""

    status_code = 409


class VersionConflict(Conflict):
    """Someone saved the entry since this editor loaded it. ``saved`` is what is stored now."""

    def __init__(self, saved: EntryInput, version: int) -> None:
        super().__init__(
            str(
                _l(
                    "Someone else saved this entry while you were editing it. Nothing was lost:"
                    " compare both versions, merge your changes and save again."
                )
            )
        )
        self.saved = saved
        self.version = version


class SubmissionRefused(Conflict):
    """A rule that needs other entries refused the submission (found by the database)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(str(problems[0].message))
        self.problems = problems


@dataclass
class Upload:
    """A new image as received: the stream, its kind and its alt text."""

    stream: IO[bytes]
    kind: str
    alt_text: str


@dataclass
class SaveOutcome:
    """What a save did.

    ``problems`` are what keeps the entry from being submitted (400), ``conflicts`` the rules
    that involve other entries or past winners (409). ``saved`` is False when nothing was
    written (no change, or an edit of a submitted entry that would make it incomplete).
    """

    entry: Entry
    saved: bool = True
    submitted_now: bool = False
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts


# --- loading ----------------------------------------------------------------------------------


def _entry_query():  # type: ignore[no-untyped-def]
    return select(Entry).options(
        joinedload(Entry.edition),
        joinedload(Entry.category),
        selectinload(Entry.contacts),
        selectinload(Entry.sdgs),
        selectinload(Entry.images),
        selectinload(Entry.members),
    )


def is_team_member(entry: Entry, user_id: int) -> bool:
    """Whether the account owns the entry or was added to its team."""
    return entry.owner_id == user_id or any(m.user_id == user_id for m in entry.members)


def entry_for_team(entry_id: int, user: User) -> Entry | None:
    """The entry with everything the form shows, if ``user`` is on its team (else None)."""
    entry = db.session.scalars(_entry_query().where(Entry.id == entry_id)).first()
    if entry is None or not is_team_member(entry, user.id):
        return None
    return entry


def entries_of(user: User) -> list[Entry]:
    """The entries ``user`` owns or co-edits, newest edition first."""
    member_of = select(EntryMember.entry_id).where(EntryMember.user_id == user.id)
    query = (
        select(Entry)
        .join(Entry.edition)
        .options(joinedload(Entry.edition), joinedload(Entry.category))
        .where(or_(Entry.owner_id == user.id, Entry.id.in_(member_of)))
        .order_by(Edition.year.desc(), Entry.created_at)
    )
    return list(db.session.scalars(query).unique())


def open_editions(now: datetime) -> list[Edition]:
    """Editions whose submission phase is open at ``now``, with their categories."""
    query = (
        select(Edition)
        .options(selectinload(Edition.categories))
        .where(Edition.submission_opens <= now, Edition.submission_closes > now)
        .order_by(Edition.year.desc())
    )
    return [e for e in db.session.scalars(query) if rules.can_edit(e.schedule(), now)]


# --- snapshots ----------------------------------------------------------------------------------


def snapshot(entry: Entry) -> EntryInput:
    """The stored entry as :class:`EntryInput`, to compare with what was typed."""
    contacts = [
        Contact(c.name, c.email, c.job_title, c.gender)
        for c in sorted(entry.contacts, key=lambda c: c.position)
    ]
    contacts += [Contact()] * (rules.MAX_CONTACTS - len(contacts))
    return EntryInput(
        title=entry.title,
        category_id=entry.category_id,
        entity_name=entry.entity_name,
        stakeholder_type=entry.stakeholder_type.value if entry.stakeholder_type else None,
        country=entry.country,
        website=entry.website,
        start_date=entry.start_date,
        project_status=entry.project_status.value if entry.project_status else None,
        description=entry.description,
        impact_economic=entry.impact_economic,
        impact_social=entry.impact_social,
        impact_environmental=entry.impact_environmental,
        partnerships=entry.partnerships,
        challenges=entry.challenges,
        declared_previous_winner=entry.declared_previous_winner,
        contacts=tuple(contacts[: rules.MAX_CONTACTS]),
        sdgs=tuple((s.sdg, s.answer) for s in sorted(entry.sdgs, key=lambda s: s.sdg)),
        image_alts=tuple(i.alt_text for i in entry.images),
    )


def limits_of(edition: Edition) -> Limits:
    """The edition's word limits."""
    return Limits(
        description_min=edition.description_min_words,
        description_max=edition.description_max_words,
        answer_min=edition.min_answer_words,
    )


# --- rules that need the database ----------------------------------------------------------


def _rule_conflicts(entry: Entry, data: EntryInput) -> list[Problem]:
    """One entry per entity per category, the same project not twice, no past winner."""
    problems: list[Problem] = []
    entity = rules.entity_key(data.entity_name)
    title = rules.title_key(data.title)
    site = rules.website_key(data.website)
    others = select(Entry.id).where(Entry.state == EntryState.SUBMITTED)
    if entry.id is not None:
        others = others.where(Entry.id != entry.id)
    if entity and db.session.scalar(
        others.where(Entry.category_id == data.category_id, Entry.entity_key == entity).limit(1)
    ):
        problems.append(
            Problem(
                "entity_name",
                _l(
                    "This entity has already submitted a project in this category. "
                    "An entity may submit one project per category."
                ),
            )
        )
    same_project = [Entry.title_key == title] if title else []
    if site:
        same_project.append(Entry.website_key == site)
    if same_project and db.session.scalar(
        others.where(Entry.edition_id == entry.edition_id, or_(*same_project)).limit(1)
    ):
        problems.append(
            Problem(
                "title",
                _l(
                    "A project with the same title or website has already been submitted this "
                    "year. The same project may not be submitted twice."
                ),
            )
        )
    if data.declared_previous_winner or _is_past_winner(title, site):
        problems.append(
            Problem(
                "declared_previous_winner",
                _l("Projects that have won a WSIS Prize before are not eligible."),
            )
        )
    return problems


def _is_past_winner(title: str, site: str) -> bool:
    conditions = [PastWinner.title_key == title] if title else []
    if site:
        conditions.append(PastWinner.website_key == site)
    if not conditions:
        return False
    rows = db.session.execute(
        select(PastWinner.title_key, PastWinner.website_key).where(or_(*conditions)).limit(5)
    ).all()
    return rules.matches_past_winner(title, site, [(r[0], r[1]) for r in rows])


# --- changing an entry -------------------------------------------------------------------------


def require_editable(entry_or_edition: Entry | Edition, now: datetime) -> None:
    """Raise :class:`EditingClosed` outside the submission phase or for a withdrawn entry."""
    edition = (
        entry_or_edition if isinstance(entry_or_edition, Edition) else entry_or_edition.edition
    )
    if not rules.can_edit(edition.schedule(), now):
        raise EditingClosed(
            str(_l("The submission period is closed: entries can no longer be changed."))
        )
    if isinstance(entry_or_edition, Entry) and entry_or_edition.state is EntryState.WITHDRAWN:
        raise EditingClosed(str(_l("This entry was withdrawn and can no longer be changed.")))


def _claim_version(entry: Entry, seen: int | None) -> None:
    result = db.session.execute(
        update(Entry)
        .where(Entry.id == entry.id, Entry.version == seen)
        .values(version=Entry.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(entry)
        for relation in ("contacts", "sdgs", "images"):
            db.session.refresh(entry, [relation])
        raise VersionConflict(snapshot(entry), entry.version)
    set_committed_value(entry, "version", (seen or 0) + 1)


def _apply_fields(entry: Entry, data: EntryInput) -> None:
    entry.title = data.title
    entry.title_key = rules.title_key(data.title)
    if data.category_id is not None:
        entry.category_id = data.category_id
    entry.entity_name = data.entity_name
    entry.entity_key = rules.entity_key(data.entity_name)
    entry.stakeholder_type = (
        StakeholderType(data.stakeholder_type) if data.stakeholder_type else None
    )
    entry.country = data.country
    region = region_of(data.country)
    entry.region = region.value if region else None
    entry.website = data.website
    entry.website_key = rules.website_key(data.website)
    entry.start_date = data.start_date
    entry.project_status = ProjectStatus(data.project_status) if data.project_status else None
    for name in (*rules.TEXT_ANSWERS, "declared_previous_winner"):
        setattr(entry, name, getattr(data, name))


def _apply_contacts(entry: Entry, contacts: Iterable[Contact]) -> None:
    typed = [c for c in contacts if c.name or c.email or c.job_title or c.gender]
    existing = sorted(entry.contacts, key=lambda c: c.position)
    for position, contact in enumerate(typed):
        row = existing[position] if position < len(existing) else EntryContact()
        row.position, row.name, row.email = position, contact.name, contact.email
        row.job_title, row.gender = contact.job_title, contact.gender
        if row not in entry.contacts:
            entry.contacts.append(row)
    for row in existing[len(typed) :]:
        entry.contacts.remove(row)


def _apply_sdgs(entry: Entry, sdgs: Iterable[tuple[int, str]]) -> None:
    wanted = dict(sdgs)
    for row in list(entry.sdgs):
        if row.sdg in wanted:
            row.answer = wanted.pop(row.sdg)
        else:
            entry.sdgs.remove(row)
    for sdg, answer in sorted(wanted.items()):
        entry.sdgs.append(EntrySdg(sdg=sdg, answer=answer))


def _apply_images(
    entry: Entry,
    edits: dict[int, tuple[str, bool]],
    new: image_files.CleanImage | None,
    upload: Upload | None,
) -> list[str]:
    removed: list[str] = []
    for image in list(entry.images):
        alt, remove = edits.get(image.id, (image.alt_text, False))
        if remove:
            removed.append(image.storage_name)
            entry.images.remove(image)
        else:
            image.alt_text = alt
    if new is not None and upload is not None:
        name = image_files.store(new, current_app.config["UPLOAD_FOLDER"])
        entry.images.append(
            EntryImage(
                kind=ImageKind(upload.kind) if upload.kind in set(ImageKind) else ImageKind.PHOTO,
                storage_name=name,
                content_type=new.content_type,
                width=new.width,
                height=new.height,
                size_bytes=len(new.data),
                alt_text=upload.alt_text,
            )
        )
    return removed


def _clean_upload(upload: Upload | None, image_count: int) -> image_files.CleanImage | None:
    if upload is None:
        return None
    if image_count >= rules.MAX_IMAGES:
        raise image_files.ImageRejected(
            _l("An entry may have at most %(n)d images: remove one first", n=rules.MAX_IMAGES)
        )
    config = current_app.config
    return image_files.clean_image(
        upload.stream,
        max_bytes=config.get("MAX_IMAGE_BYTES", image_files.DEFAULT_MAX_BYTES),
        max_pixels=config.get("MAX_IMAGE_PIXELS", image_files.DEFAULT_MAX_PIXELS),
    )


def _images_changed(entry: Entry, edits: dict[int, tuple[str, bool]]) -> bool:
    return any(edits.get(i.id, (i.alt_text, False)) != (i.alt_text, False) for i in entry.images)


def start_entry(
    owner: User,
    category: Category,
    data: EntryInput,
    *,
    creation_token: str | None = None,
    submit: bool = False,
    upload: Upload | None = None,
    now: datetime | None = None,
) -> SaveOutcome:
    """Create a draft in ``category`` from what was typed (and submit it if asked).

    A second request with the same ``creation_token`` (a double click) saves into the entry the
    first one created instead of creating another.
    """
    now = now or clock.utcnow()
    require_editable(category.edition, now)
    if creation_token:
        existing = db.session.scalars(
            _entry_query().where(Entry.creation_token == creation_token)
        ).first()
        if existing is not None and existing.owner_id == owner.id:
            return save_entry(
                existing,
                data,
                seen_version=existing.version,
                actor=owner,
                submit=submit,
                upload=upload,
                now=now,
                repeated_creation=True,
            )
    new_image = _clean_upload(upload, 0)
    data = replace(data, category_id=category.id)
    entry = Entry(
        edition=category.edition,
        category=category,
        owner=owner,
        creation_token=creation_token or None,
        state=EntryState.DRAFT,
        screening=Screening.PENDING,
        version=1,
        created_at=now,
        updated_at=now,
    )
    _apply_fields(entry, data)
    _apply_contacts(entry, data.contacts)
    _apply_sdgs(entry, data.sdgs)
    db.session.add(entry)
    _apply_images(entry, {}, new_image, upload)
    db.session.flush()
    record(
        "entry.create",
        entry,
        f"Entry “{entry.title or '(untitled)'}” started",
        actor_id=owner.id,
        changes={"category": category.number},
    )
    outcome = SaveOutcome(entry)
    if submit:
        _try_submit(entry, data, outcome, owner, now)
    return outcome


def save_entry(
    entry: Entry,
    data: EntryInput,
    *,
    seen_version: int | None,
    actor: User,
    submit: bool = False,
    image_edits: dict[int, tuple[str, bool]] | None = None,
    upload: Upload | None = None,
    now: datetime | None = None,
    repeated_creation: bool = False,
) -> SaveOutcome:
    """Save what was typed into ``entry`` (a draft, or a submitted entry that stays submitted).

    * A draft is saved whatever its completeness; with ``submit`` it is then submitted if every
      rule passes, else it stays a draft and the outcome lists the problems.
    * A submitted entry is re-checked first; an edit that would break a rule is not saved.
    * Raises :class:`EditingClosed` after the deadline, :class:`VersionConflict` when someone
      saved since ``seen_version``, :class:`~awards.submissions.images.ImageRejected` for a
      bad image (nothing saved in those cases).
    """
    now = now or clock.utcnow()
    require_editable(entry, now)
    edits = image_edits or {}
    new_image = _clean_upload(upload, len(entry.images))
    if (
        data.category_id is not None
        and data.category_id != entry.category_id
        and not any(c.id == data.category_id for c in entry.edition.categories)
    ):
        raise NotAllowed(str(_l("That category belongs to another edition.")))
    outcome = SaveOutcome(entry)
    was_submitted = entry.state is EntryState.SUBMITTED
    if was_submitted:
        _check(entry, data, outcome, now)
        if not outcome.ok:
            outcome.saved = False
            return outcome
    unchanged = upload is None and not _images_changed(entry, edits) and snapshot(entry) == data
    if unchanged and (repeated_creation or not submit or was_submitted):
        outcome.saved = False
        if submit and not was_submitted:
            _check(entry, data, outcome, now)
        return outcome
    if not unchanged:
        _claim_version(entry, seen_version)
        _apply_fields(entry, data)
        _apply_contacts(entry, data.contacts)
        _apply_sdgs(entry, data.sdgs)
        outcome.removed_files = _apply_images(entry, edits, new_image, upload)
        entry.updated_at = now
        db.session.flush()
    elif submit:
        _claim_version(entry, seen_version)
    if submit and not was_submitted:
        _try_submit(entry, data, outcome, actor, now)
    elif was_submitted:
        _flush_unique(entry)
    return outcome


def _check(entry: Entry, data: EntryInput, outcome: SaveOutcome, now: datetime) -> None:
    today = now.date()
    outcome.problems = rules.completeness_problems(data, limits_of(entry.edition), today)
    outcome.conflicts = _rule_conflicts(entry, data)


def _flush_unique(entry: Entry) -> None:
    """Flush; the partial unique index catches a race on one entity per category."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as exc:
        raise SubmissionRefused(
            [
                Problem(
                    "entity_name",
                    _l("This entity has already submitted a project in this category."),
                )
            ]
        ) from exc


def _try_submit(
    entry: Entry, data: EntryInput, outcome: SaveOutcome, actor: User, now: datetime
) -> None:
    _check(entry, data, outcome, now)
    if not outcome.ok:
        return
    entry.state = EntryState.SUBMITTED
    entry.submitted_at = now
    _flush_unique(entry)
    outcome.submitted_now = True
    record(
        "entry.submit",
        entry,
        f"Entry “{entry.title}” submitted",
        actor_id=actor.id,
        changes={"category": entry.category_id, "version": entry.version},
    )
    _mail_team(entry, "entry_submitted", external_url("submissions.show", entry_id=entry.id))


def _mail_team(entry: Entry, template: str, url: str) -> None:
    """Queue ``template`` to everyone on the entry's team, each in their own language."""
    for user in team_of(entry):
        queue_mail(user.email, template, user.locale or "en", name=user.name, entry=entry, url=url)


def team_of(entry: Entry) -> list[User]:
    """The owner and the members of the entry (each once)."""
    ids = [entry.owner_id] + [m.user_id for m in entry.members]
    users = db.session.scalars(select(User).where(User.id.in_(ids))).all()
    order = {uid: i for i, uid in enumerate(ids)}
    return sorted(users, key=lambda u: order[u.id])


def withdraw_entry(
    entry: Entry, actor: User, *, seen_version: int | None = None, now: datetime | None = None
) -> None:
    """Withdraw the entry (owner only, before the deadline); the team is told by e-mail."""
    now = now or clock.utcnow()
    if entry.owner_id != actor.id:
        raise NotAllowed(str(_l("Only the person who started the entry may withdraw it.")))
    require_editable(entry, now)
    if seen_version is not None:
        _claim_version(entry, seen_version)
    was = entry.state
    entry.state = EntryState.WITHDRAWN
    entry.withdrawn_at = now
    entry.screening = Screening.PENDING
    entry.ineligible_reason = None
    entry.updated_at = now
    db.session.flush()
    record(
        "entry.withdraw",
        entry,
        f"Entry “{entry.title}” withdrawn",
        actor_id=actor.id,
        changes={"state": [was.value, EntryState.WITHDRAWN.value]},
    )
    _mail_team(entry, "entry_withdrawn", external_url("submissions.dashboard"))


# --- teams ------------------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=INVITATION_SALT)


def invite(entry: Entry, email: str, actor: User, *, now: datetime | None = None) -> TeamInvitation:
    """Invite ``email`` to co-edit the entry (owner only); mail a signed link."""
    now = now or clock.utcnow()
    if entry.owner_id != actor.id:
        raise NotAllowed(str(_l("Only the person who started the entry may invite others.")))
    require_editable(entry, now)
    key = email_key(email)
    invitation = db.session.scalars(
        select(TeamInvitation).where(
            TeamInvitation.entry_id == entry.id, TeamInvitation.email_key == key
        )
    ).first()
    if invitation is None:
        invitation = TeamInvitation(
            entry_id=entry.id,
            email=email.strip(),
            email_key=key,
            invited_by_id=actor.id,
            created_at=now,
        )
        db.session.add(invitation)
        db.session.flush()
    token = _serializer().dumps({"i": invitation.id, "e": key})
    record(
        "entry.invite",
        entry,
        f"Invited {email.strip()} to the team of “{entry.title}”",
        actor_id=actor.id,
        changes={"email": email.strip()},
    )
    queue_mail(
        email.strip(),
        "team_invitation",
        actor.locale or "en",
        inviter=actor.name,
        entry=entry,
        url=external_url("submissions.join", token=token),
        days=INVITATION_MAX_AGE // 86400,
    )
    return invitation


def invitation_from_token(token: str) -> TeamInvitation:
    """The invitation a link stands for; raises :class:`RuleViolation` if bad or expired."""
    try:
        payload = _serializer().loads(token, max_age=INVITATION_MAX_AGE)
    except SignatureExpired as exc:
        raise RuleViolation(str(_l("This invitation has expired. Ask for a new one."))) from exc
    except BadSignature as exc:
        raise RuleViolation(str(_l("This invitation link is not valid."))) from exc
    invitation = db.session.get(TeamInvitation, payload.get("i"))
    if invitation is None or invitation.email_key != payload.get("e"):
        raise RuleViolation(str(_l("This invitation link is not valid.")))
    return invitation


def accept_invitation(token: str, user: User, *, now: datetime | None = None) -> Entry:
    """Add ``user`` to the team the link invites to, if the link was sent to their address."""
    now = now or clock.utcnow()
    invitation = invitation_from_token(token)
    if invitation.email_key != user.email_key:
        raise NotAllowed(
            str(
                _l(
                    "This invitation was sent to another e-mail address. Sign in with the "
                    "account of that address to accept it."
                )
            )
        )
    entry = db.session.get(Entry, invitation.entry_id)
    if entry is None:
        raise RuleViolation(str(_l("This invitation link is not valid.")))
    require_editable(entry, now)
    if not is_team_member(entry, user.id):
        entry.members.append(EntryMember(user_id=user.id, role=MemberRole.EDITOR, joined_at=now))
        invitation.accepted_at = now
        db.session.flush()
        record(
            "entry.join",
            entry,
            f"{user.email} joined the team of “{entry.title}”",
            actor_id=user.id,
        )
    return entry

"""Use cases of the submitters on an entry: start, save, submit, withdraw.

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

:func:`save` is the one call of the entry form: it starts or saves, and returns a
:class:`SaveOutcome` that says what happened, refusals included, for the view to render.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value

from awards.access.gate import actor_of
from awards.access.rules import Action, can
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Category
from awards.errors import Conflict, NotAllowed
from awards.extensions import db
from awards.images import ImageRejected
from awards.links import external_url
from awards.submissions import entry_fields, teams
from awards.submissions.access import entry_query
from awards.submissions.eligibility import EditingClosed, check, require_editable
from awards.submissions.entry_images import ImageEdits, Upload, apply_images, clean_upload
from awards.submissions.inputs import EntryInput, Problem
from awards.submissions.models import Entry, EntryState, Screening


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


@dataclass(frozen=True)
class EntryEdit:
    """One press of a button on the entry form, as plain data (``EntryForm.to_input()``)."""

    data: EntryInput
    submit: bool = False
    seen_version: int | None = None
    creation_token: str | None = None
    image_edits: ImageEdits = field(default_factory=dict)
    upload: Upload | None = None


#: What :func:`save` turns into a refusal instead of raising.
Refusal = ImageRejected | EditingClosed | VersionConflict | SubmissionRefused


@dataclass
class SaveOutcome:
    """What a save did.

    ``problems`` are what keeps the entry from being submitted (400), ``conflicts`` the rules
    that involve other entries or past winners (409). ``saved`` is False when nothing was
    written (no change, or an edit of a submitted entry that would make it incomplete).
    ``refusal`` is set when nothing may be kept (the caller rolls back); ``entry`` is then
    the entry edited (None for a refused first save).
    """

    entry: Entry | None
    saved: bool = True
    submitted_now: bool = False
    problems: list[Problem] = field(default_factory=list)
    conflicts: list[Problem] = field(default_factory=list)
    removed_files: list[str] = field(default_factory=list)
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and not self.conflicts and self.refusal is None


def save(target: Entry | Category, edit: EntryEdit, *, actor: User, now: datetime) -> SaveOutcome:
    """Start an entry in a category, or save into an entry; refusals come back in the outcome."""
    try:
        if isinstance(target, Category):
            return start_entry(
                actor,
                target,
                edit.data,
                creation_token=edit.creation_token,
                submit=edit.submit,
                upload=edit.upload,
                now=now,
            )
        return save_entry(
            target,
            edit.data,
            seen_version=edit.seen_version,
            actor=actor,
            submit=edit.submit,
            image_edits=edit.image_edits,
            upload=edit.upload,
            now=now,
        )
    except (ImageRejected, EditingClosed, VersionConflict, SubmissionRefused) as exc:
        entry = target if isinstance(target, Entry) else None
        return SaveOutcome(entry, saved=False, refusal=exc)


def _claim_version(entry: Entry, seen: int | None) -> None:
    result = db.session.execute(
        update(Entry)
        .where(Entry.id == entry.id, Entry.version == seen)
        .values(version=Entry.version + 1)
        .execution_options(synchronize_session=False)
    )
    # An UPDATE gives a CursorResult, whose rowcount the generic Result type does not declare.
    if result.rowcount != 1:  # type: ignore[attr-defined]
        db.session.refresh(entry)
        for relation in ("contacts", "sdgs", "images"):
            db.session.refresh(entry, [relation])
        raise VersionConflict(entry_fields.snapshot(entry), entry.version)
    set_committed_value(entry, "version", (seen or 0) + 1)


def start_entry(
    owner: User,
    category: Category,
    data: EntryInput,
    *,
    now: datetime,
    creation_token: str | None = None,
    submit: bool = False,
    upload: Upload | None = None,
) -> SaveOutcome:
    """Create a draft in ``category`` from what was typed (and submit it if asked).

    A second request with the same ``creation_token`` (a double click) saves into the entry the
    first one created instead of creating another.
    """
    require_editable(category.edition, now)
    if creation_token:
        existing = db.session.scalars(
            entry_query().where(Entry.creation_token == creation_token)
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
    new_image = clean_upload(upload, 0)
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
    entry_fields.apply(entry, data)
    db.session.add(entry)
    apply_images(entry, {}, new_image, upload)
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
    now: datetime,
    submit: bool = False,
    image_edits: ImageEdits | None = None,
    upload: Upload | None = None,
    repeated_creation: bool = False,
) -> SaveOutcome:
    """Save what was typed into ``entry`` (a draft, or a submitted entry that stays submitted).

    * A draft is saved whatever its completeness; with ``submit`` it is then submitted if every
      rule passes, else it stays a draft and the outcome lists the problems.
    * A submitted entry is re-checked first; an edit that would break a rule is not saved.
    * Raises :class:`EditingClosed` after the deadline, :class:`VersionConflict` when someone
      saved since ``seen_version``, :class:`~awards.images.ImageRejected` for a
      bad image (nothing saved in those cases).
    """
    require_editable(entry, now)
    edits = image_edits or {}
    new_image = clean_upload(upload, len(entry.images))
    if (
        data.category_id is not None
        and data.category_id != entry.category_id
        and not any(c.id == data.category_id for c in entry.edition.categories)
    ):
        raise NotAllowed(str(_l("That category belongs to another edition.")))
    outcome = SaveOutcome(entry)
    was_submitted = entry.state is EntryState.SUBMITTED
    if was_submitted:
        outcome.problems, outcome.conflicts = check(entry, data, now)
        if not outcome.ok:
            outcome.saved = False
            return outcome
    unchanged = (
        upload is None
        and not _images_changed(entry, edits)
        and entry_fields.snapshot(entry) == data
    )
    if unchanged and (repeated_creation or not submit or was_submitted):
        outcome.saved = False
        if submit and not was_submitted:
            outcome.problems, outcome.conflicts = check(entry, data, now)
        return outcome
    if not unchanged:
        _claim_version(entry, seen_version)
        entry_fields.apply(entry, data)
        outcome.removed_files = apply_images(entry, edits, new_image, upload)
        entry.updated_at = now
        db.session.flush()
    elif submit:
        _claim_version(entry, seen_version)
    if submit and not was_submitted:
        _try_submit(entry, data, outcome, actor, now)
    elif was_submitted:
        _flush_unique(entry)
    return outcome


def _images_changed(entry: Entry, edits: ImageEdits) -> bool:
    return any(edits.get(i.id, (i.alt_text, False)) != (i.alt_text, False) for i in entry.images)


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
    outcome.problems, outcome.conflicts = check(entry, data, now)
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
    teams.mail_team(entry, "entry_submitted", external_url("submissions.show", entry_id=entry.id))


def withdraw_entry(
    entry: Entry, actor: User, *, now: datetime, seen_version: int | None = None
) -> None:
    """Withdraw the entry (owner only, before the deadline); the team is told by e-mail."""
    if not can(actor_of(actor), Action.ACT_AS_OWNER, entry.access_target()):
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
    teams.mail_team(entry, "entry_withdrawn", external_url("submissions.dashboard"))

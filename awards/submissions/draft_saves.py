"""What "Save draft" keeps when a field is malformed, and what the page then says.

A draft keeps everything typed: a malformed web or e-mail address is stored as typed and
flagged (submission refuses it through :func:`awards.submissions.rules.completeness_problems`),
a bare domain gets ``https://`` (with a note), and a date that is no date keeps the value
stored before while the page shows what was typed and says it was not saved. Errors that cannot
be stored at all (a title over its length, a bad category, a missing CSRF token) block the save.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import Form

from awards.submissions.editing import EntryEdit
from awards.submissions.forms import EntryForm, iter_fields
from awards.submissions.inputs import EntryInput

#: Fields whose malformed value is stored as typed in a draft.
_KEPT_AS_TYPED = re.compile(r"^(website|contacts-\d+-email)$")
#: Fields whose malformed value cannot be stored: the draft keeps what was stored before.
_NOT_STORED = {"start_date": _l("Start date of the project")}


@dataclass(frozen=True)
class SaveStatus:
    """What the status region says after a save: when, what was not kept, notes."""

    saved_at: str | None
    not_saved: list[LazyString | str] = field(default_factory=list)
    notes: list[LazyString | str] = field(default_factory=list)
    needs_fixing: bool = False


def draft_blockers(form: Form) -> list[str]:
    """Ids of the fields whose errors keep even a draft from being saved."""
    return [
        field_id
        for field_id, field_ in iter_fields(form)
        if field_.errors and not _KEPT_AS_TYPED.match(field_id) and field_id not in _NOT_STORED
    ]


def draft_edit(form: EntryForm, stored: EntryInput | None) -> EntryEdit:
    """The form's edit as a draft save: malformed dates keep the ``stored`` value."""
    edit = form.to_input()
    data = edit.data
    if form.start_date.errors:
        data = replace(data, start_date=stored.start_date if stored else None)
    return replace(edit, data=data, submit=False)


def not_stored(form: Form) -> list[LazyString | str]:
    """Labels of the malformed fields a draft could not keep."""
    by_id = dict(iter_fields(form))
    return [label for field_id, label in _NOT_STORED.items() if by_id[field_id].errors]


def carry_typed(target: Form, typed: Form) -> None:
    """Show in ``target`` (rebuilt from the stored entry) what was typed into the malformed
    fields of ``typed``, with their errors."""
    by_id = dict(iter_fields(target))
    for field_id, field_ in iter_fields(typed):
        if field_.errors and field_id in by_id:
            by_id[field_id].raw_data = field_.raw_data
            by_id[field_id].errors = list(field_.errors)


def website_note(form: EntryForm) -> list[LazyString | str]:
    """The note shown when ``https://`` was added to a bare domain."""
    if getattr(form, "website_completed", False):
        return [_l("We added https:// to the project website.")]
    return []

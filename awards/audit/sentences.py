"""Audit events as sentences in the reader's language: "Ana Pérez submitted the entry “X”".

Pure: the facts of an event (names already looked up) and the reader's locale and zone go in,
text comes out. One template per action code, with named placeholders; object types, field
names and stored values are translated through tables; dates are written by Babel in the
reader's zone; empty values read "—". An unknown code still reads as words, never as a code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from babel import Locale
from flask_babel import lazy_gettext as _l

from awards.audit.action_labels import ACTION_LABELS
from awards.audit.contest_sentences import CONTEST_SENTENCES
from awards.contest.timefmt import MILESTONE_LABELS, format_date_time
from awards.geography import country_name
from awards.screening.rules import ENTRY_STATE_LABELS, SCREENING_LABELS, reason_label
from awards.stakeholders import STAKEHOLDER_LABELS

EMPTY = "—"

#: What each action code reads as, with the event's facts as named placeholders.
SENTENCES: dict[str, Any] = {
    **CONTEST_SENTENCES,
    "entry.create": _l("%(actor)s started the entry “%(title)s”"),
    "entry.submit": _l("%(actor)s submitted the entry “%(title)s”"),
    "entry.withdraw": _l("%(actor)s withdrew the entry “%(title)s”"),
    "entry.invite": _l("%(actor)s invited %(email)s to the team of “%(title)s”"),
    "entry.join": _l("%(actor)s joined the team of “%(title)s”"),
    "entry.member_remove": _l("%(actor)s removed %(member)s from the team of “%(title)s”"),
    "entry.invitation_cancel": _l(
        "%(actor)s withdrew the invitation of %(email)s to the team of “%(title)s”"
    ),
    "entry.moved": _l("%(actor)s moved the entry “%(title)s” from %(old)s to %(new)s"),
    "entry.screened": _l("%(actor)s screened the entry “%(title)s”: %(new)s"),
    "entry.duplicate_distinct": _l(
        "%(actor)s marked the entries %(first)s and %(second)s as different projects"
    ),
    "entry.withdrawn_duplicate": _l(
        "%(actor)s withdrew the entry “%(title)s” as a duplicate of %(kept)s"
    ),
    "entries.exported": _l("%(actor)s exported the entries of %(edition)s (%(format)s)"),
    "rankings.exported": _l("%(actor)s exported the rankings of %(edition)s"),
    "edition.created": _l("%(actor)s created the edition %(edition)s"),
    "category.added": _l("%(actor)s added the category %(number)s “%(name)s” to %(edition)s"),
    "edition.schedule_updated": _l("%(actor)s changed the calendar of %(edition)s"),
    "edition.deadline_extended": _l("%(actor)s extended a deadline of %(edition)s"),
    "edition.phase_closed": _l("%(actor)s closed a phase of %(edition)s early"),
    "demo.loaded": _l("%(actor)s loaded %(count)s demonstration entries into %(edition)s"),
    "mail.retry": _l("%(actor)s asked to send the message to %(recipient)s again"),
    "account.registered": _l("%(actor)s created an account"),
    "account.verified": _l("%(actor)s confirmed their e-mail address"),
    "account.signed_out": _l("%(actor)s signed out"),
    "account.password_reset": _l("%(actor)s reset their password with an e-mail link"),
    "account.profile_updated": _l("%(actor)s changed their account details"),
    "account.password_changed": _l("%(actor)s changed their password"),
    "account.email_change_requested": _l(
        "%(actor)s asked to change their e-mail address to %(pending_email)s"
    ),
    "account.email_changed": _l("%(actor)s changed their e-mail address from %(old)s to %(new)s"),
    "role.granted": _l("%(actor)s gave %(user)s the role “%(role)s”"),
    "jury.invited": _l("%(actor)s invited %(email)s to the jury of %(edition)s"),
    "jury.invitation_resent": _l("%(actor)s sent the jury invitation to %(email)s again"),
    "jury.invitation_revoked": _l("%(actor)s revoked the jury invitation of %(email)s"),
    "jury.invitation_accepted": _l("%(actor)s accepted the invitation to the jury of %(edition)s"),
    "domain.blocked": _l("%(actor)s refused e-mail addresses at %(domain)s"),
    "domain.unblocked": _l("%(actor)s accepted e-mail addresses at %(domain)s again"),
}

#: Calendar changes of one date read better as one sentence.
ONE_DATE_SENTENCES: dict[str, Any] = {
    "edition.schedule_updated": _l(
        "%(actor)s changed “%(field)s” of %(edition)s from %(old)s to %(new)s"
    ),
    "edition.deadline_extended": _l(
        "%(actor)s extended “%(field)s” of %(edition)s from %(old)s to %(new)s"
    ),
    "edition.phase_closed": _l(
        "%(actor)s closed “%(field)s” of %(edition)s early: from %(old)s to %(new)s"
    ),
}

#: Short names of the actions, for the filter of the audit page.

OBJECT_TYPES: dict[str, Any] = {
    "Entry": _l("Entry"),
    "Edition": _l("Edition"),
    "Category": _l("Category"),
    "User": _l("Account"),
    "OutboxMessage": _l("E-mail"),
    "DuplicateReview": _l("Suspected duplicate"),
    "JuryInvitation": _l("Jury invitation"),
    "BlockedDomain": _l("Refused e-mail domain"),
    "Quarantine": _l("Quarantine"),
}

FIELD_LABELS: dict[str, Any] = {
    **MILESTONE_LABELS,
    "email": _l("E-mail address"),
    "pending_email": _l("New e-mail address"),
    "member": _l("Team member"),
    "name": _l("Name"),
    "organisation": _l("Organisation"),
    "country": _l("Country"),
    "locale": _l("Language"),
    "timezone": _l("Time zone"),
    "stakeholder_type": _l("Stakeholder type"),
    "category": _l("Category"),
    "version": _l("Version"),
    "state": _l("State"),
    "screening": _l("Screening"),
    "ineligible_reason": _l("Reason"),
    "screening_note": _l("Note to the team"),
    "duplicate_of": _l("Duplicate of entry"),
    "decision": _l("Decision"),
    "entries": _l("Entries"),
    "format": _l("Format"),
    "filters": _l("Filters"),
    "year": _l("Year"),
    "categories": _l("Categories"),
    "number": _l("Number"),
    "action_line": _l("WSIS action line"),
    "name_translations": _l("Name in other languages"),
    "suggested_sdgs": _l("Suggested SDGs"),
    "role": _l("Role"),
    "status": _l("Status"),
    "domain": _l("Domain"),
    "reason": _l("Reason"),
    "nominees": _l("Nominees"),
    "proposal": _l("Proposal"),
    "tied_at_boundary": _l("Tied at the boundary"),
    "replaced": _l("Nominees before"),
    "others": _l("Not nominated"),
    "messages": _l("E-mails"),
    "assigned": _l("Reviews assigned"),
    "withdrawn": _l("Reviews withdrawn"),
    "pairs": _l("Experts and entries"),
    "winner": _l("Winner"),
    "tied": _l("Tied Champions"),
    "tie_break_note": _l("Decision on the tie"),
    "outstanding_reviews": _l("Second-round reviews outstanding"),
    "order": _l("Order"),
    "votes": _l("Votes"),
    "note": _l("Note"),
    "quarantines": _l("Quarantines"),
    "lift_note": _l("Why the votes count again"),
    "cluster": _l("Cluster"),
    "scope": _l("Set aside"),
}

#: Internal ids, of no use to a reader (the sentence names the objects).
HIDDEN_FIELDS = frozenset({"category_id", "invitation_id", "edition_id"})
#: Fields holding two values that are not "before" and "after".
LIST_FIELDS = frozenset(
    {"entries", "suggested_sdgs", "nominees", "proposal", "tied_at_boundary", "replaced", "others"}
)

ROLE_LABELS: dict[str, Any] = {
    "jury": _l("Jury member"),
    "organiser": _l("Organiser"),
    "admin": _l("Administrator"),
}
DECISION_LABELS: dict[str, Any] = {
    "distinct": _l("Different projects"),
    "withdrawn": _l("Withdrawn as a duplicate"),
}
MAIL_STATUS_LABELS: dict[str, Any] = {
    "pending": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "failed": _l("Failed"),
}


@dataclass(frozen=True)
class EventFacts:
    """What a sentence needs of an event, names already looked up by the page."""

    action: str
    actor: str | None
    object_type: str
    object_id: str | None
    changes: Mapping[str, Any]
    #: The object's name: an entry's title, an account's name, a category's "3. Name".
    object_name: str | None = None
    edition: str | None = None
    #: Titles of entries the changes mention by id (duplicates).
    entry_titles: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reader:
    """Who reads: their locale and time zone."""

    locale: str
    zone: str


def _labelled(table: Mapping[Any, Any], value: Any) -> str | None:
    label = table.get(str(value))
    return str(label) if label is not None else None


def display_value(name: str, value: Any, reader: Reader) -> str:
    """A stored value as a reader reads it: labels translated, dates in their zone, "—"."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    if isinstance(value, list | tuple):
        return ", ".join(display_value(name, v, reader) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {display_value(k, v, reader)}" for k, v in value.items())
    text = str(value)
    tables: dict[str, Mapping[Any, Any]] = {
        "screening": SCREENING_LABELS,
        "state": ENTRY_STATE_LABELS,
        "stakeholder_type": STAKEHOLDER_LABELS,
        "role": ROLE_LABELS,
        "decision": DECISION_LABELS,
        "status": MAIL_STATUS_LABELS,
    }
    if name in tables:
        return _labelled(tables[name], text) or text
    if name == "ineligible_reason":
        return reason_label(text) or text
    if name == "country":
        return country_name(text, reader.locale) or text
    if name == "locale":
        return _language_name(text, reader.locale)
    if name == "format":
        return text.upper()
    moment = _instant(text)
    if moment is not None:
        return format_date_time(moment, reader.zone, reader.locale)
    return text


def _language_name(code: str, locale: str) -> str:
    try:
        return Locale.parse(code).get_display_name(locale) or code
    except (ValueError, TypeError, LookupError):
        return code


def _instant(text: str) -> datetime | None:
    if len(text) < 19 or text[4] != "-" or "T" not in text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def field_label(name: str) -> str:
    """A field's name in the reader's language (unknown ones as plain words)."""
    label = FIELD_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").capitalize()


def object_type_label(object_type: str) -> str:
    label = OBJECT_TYPES.get(object_type)
    return str(label) if label is not None else object_type


def action_label(action: str) -> str:
    """The short name of an action code, or its words when the code is unknown."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else _words(action)


def _words(code: str) -> str:
    return code.replace(".", " ").replace("_", " ").strip().capitalize()


def _old_new(value: Any) -> tuple[Any, Any] | None:
    if isinstance(value, dict) and set(value) == {"old", "new"}:
        return value["old"], value["new"]
    if isinstance(value, list | tuple) and len(value) == 2:
        return value[0], value[1]
    return None


@dataclass(frozen=True)
class ChangeLine:
    """One line of an event's details: a field and its value, or its old and new values."""

    field: str
    value: str | None = None
    old: str | None = None
    new: str | None = None


def change_lines(facts: EventFacts, reader: Reader) -> list[ChangeLine]:
    """The event's changes, field by field, in the reader's words."""
    lines = []
    for name, value in sorted(facts.changes.items()):
        if name in HIDDEN_FIELDS:
            continue
        pair = None if name in LIST_FIELDS else _old_new(value)
        if pair is None:
            lines.append(ChangeLine(field_label(name), value=display_value(name, value, reader)))
        else:
            old, new = (display_value(name, v, reader) for v in pair)
            lines.append(ChangeLine(field_label(name), old=old, new=new))
    return lines


def _entry_ref(entry_id: Any, titles: Mapping[int, str]) -> str:
    try:
        title = titles.get(int(entry_id))
    except (TypeError, ValueError):
        title = None
    if title:
        return f"“{title}”"
    return str(_l("entry %(id)s", id=entry_id))


def _params(facts: EventFacts, reader: Reader) -> dict[str, Any]:
    changes = facts.changes
    params: dict[str, Any] = {
        "actor": facts.actor or str(_l("The platform")),
        "title": facts.object_name or str(_l("untitled")),
        "user": facts.object_name or EMPTY,
        "recipient": facts.object_name or EMPTY,
        "edition": facts.edition or EMPTY,
        "number": changes.get("number", ""),
        "name": changes.get("name", ""),
        "count": changes.get("entries", ""),
    }
    for name in ("email", "pending_email", "member", "format", "role", "domain"):
        params[name] = display_value(name, changes.get(name), reader)
    pairs = {name: _old_new(v) for name, v in changes.items() if name not in LIST_FIELDS}
    main = next(
        (n for n in ("category", "screening", "email") if pairs.get(n)),
        next((n for n, p in pairs.items() if p and n in MILESTONE_LABELS), None),
    )
    chosen = pairs.get(main) if main is not None else None
    if main is not None and chosen is not None:
        old, new = chosen
        params |= {
            "field": field_label(main),
            "old": display_value(main, old, reader),
            "new": display_value(main, new, reader),
        }
    entries = changes.get("entries")
    if isinstance(entries, list) and len(entries) == 2:
        params["first"], params["second"] = (_entry_ref(e, facts.entry_titles) for e in entries)
    kept = _old_new(changes.get("duplicate_of"))
    if kept is not None:
        params["kept"] = _entry_ref(kept[1], facts.entry_titles)
    return params


def _template(facts: EventFacts) -> Any:
    dates = [n for n in facts.changes if n in MILESTONE_LABELS and _old_new(facts.changes[n])]
    if len(dates) == 1 and facts.action in ONE_DATE_SENTENCES:
        return ONE_DATE_SENTENCES[facts.action]
    return SENTENCES.get(facts.action)


def sentence(facts: EventFacts, reader: Reader) -> str:
    """The event as one sentence in the reader's language."""
    params = _params(facts, reader)
    template = _template(facts)
    if template is not None:
        try:
            return str(template) % params
        except (KeyError, ValueError, TypeError):
            pass  # a catalogue that lost a placeholder: say it plainly below
    return str(
        _l(
            "%(actor)s: %(action)s (%(object)s)",
            actor=params["actor"],
            action=action_label(facts.action),
            object=_object_ref(facts),
        )
    )


def _object_ref(facts: EventFacts) -> str:
    kind = object_type_label(facts.object_type)
    if facts.object_name:
        return f"{kind} “{facts.object_name}”"
    return f"{kind} {facts.object_id}" if facts.object_id else kind

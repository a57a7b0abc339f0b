"""Short names of the audit trail's actions, for its filter list and headings."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

ACTION_LABELS: dict[str, Any] = {
    "conflict.detected": _l("Conflicts of interest detected"),
    "conflict.declared": _l("Conflict of interest declared"),
    "conflict.organiser": _l("Conflict of interest set by an organiser"),
    "conflict.lifted": _l("Conflict of interest lifted"),
    "edition.banner_saved": _l("Edition banner changed"),
    "edition.banner_removed": _l("Edition banner removed"),
    "expert.profile_saved": _l("Expert profile saved"),
    "expert.stepped_down": _l("Expert stepped down"),
    "review.assigned": _l("Reviews assigned"),
    "review.settings_saved": _l("Review settings changed"),
    "entry.create": _l("Entry started"),
    "entry.submit": _l("Entry submitted"),
    "entry.withdraw": _l("Entry withdrawn"),
    "entry.invite": _l("Team member invited"),
    "entry.join": _l("Team member joined"),
    "entry.member_remove": _l("Team member removed"),
    "entry.invitation_cancel": _l("Team invitation withdrawn"),
    "entry.moved": _l("Entry moved to another category"),
    "entry.screened": _l("Entry screened"),
    "entry.duplicate_distinct": _l("Entries marked as different projects"),
    "entry.withdrawn_duplicate": _l("Entry withdrawn as a duplicate"),
    "entries.exported": _l("Entries exported"),
    "edition.created": _l("Edition created"),
    "category.added": _l("Category added"),
    "edition.schedule_updated": _l("Calendar changed"),
    "edition.deadline_extended": _l("Deadline extended"),
    "edition.phase_closed": _l("Phase closed early"),
    "demo.loaded": _l("Demonstration entries loaded"),
    "mail.retry": _l("E-mail sent again"),
    "account.registered": _l("Account created"),
    "account.verified": _l("E-mail address confirmed"),
    "account.signed_out": _l("Signed out"),
    "account.password_reset": _l("Password reset"),
    "account.profile_updated": _l("Account details changed"),
    "account.password_changed": _l("Password changed"),
    "account.email_change_requested": _l("Change of e-mail address requested"),
    "account.email_changed": _l("E-mail address changed"),
    "role.granted": _l("Role granted"),
    "jury.invited": _l("Jury member invited"),
    "jury.invitation_resent": _l("Jury invitation sent again"),
    "jury.invitation_revoked": _l("Jury invitation revoked"),
    "jury.invitation_accepted": _l("Jury invitation accepted"),
    "domain.blocked": _l("E-mail domain refused"),
    "domain.unblocked": _l("E-mail domain accepted again"),
}

"""The sentences of the Expert Group's, voting's and results' audit events (see sentences.py).

Kept apart so that each module stays small; :data:`awards.audit.sentences.SENTENCES` holds them.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

CONTEST_SENTENCES: dict[str, Any] = {
    "conflict.detected": _l("%(actor)s detected conflicts of interest in %(edition)s"),
    "conflict.declared": _l("%(actor)s declared a conflict of interest in %(edition)s"),
    "conflict.organiser": _l("%(actor)s set a conflict of interest in %(edition)s"),
    "conflict.lifted": _l("%(actor)s lifted a conflict of interest in %(edition)s"),
    "edition.banner_saved": _l("%(actor)s changed the banner of %(edition)s"),
    "edition.banner_removed": _l("%(actor)s removed the banner of %(edition)s"),
    "expert.profile_saved": _l("%(actor)s saved an expert profile in %(edition)s"),
    "expert.stepped_down": _l("%(actor)s recorded that an expert stepped down in %(edition)s"),
    "review.assigned": _l("%(actor)s assigned the reviews of %(edition)s"),
    "review.settings_saved": _l("%(actor)s changed the review settings of %(edition)s"),
    "voting.settings_saved": _l("%(actor)s changed the voting settings of %(edition)s"),
    "results.tallied": _l("%(actor)s tallied the votes of %(edition)s"),
    "results.published": _l("%(actor)s published the results of %(edition)s"),
    "results.exported": _l("%(actor)s exported the results of %(edition)s"),
    "results.notified": _l("%(actor)s told the nominees of %(edition)s their results"),
    "review.rubric_saved": _l("%(actor)s changed the rubric of %(edition)s"),
    "review.champions_recorded": _l(
        "%(actor)s recorded the Champions of a category in %(edition)s"
    ),
    "review.assignment_added": _l("%(actor)s gave a review by hand in %(edition)s"),
    "review.assignment_withdrawn": _l("%(actor)s withdrew a review in %(edition)s"),
    "review.reminders_sent": _l("%(actor)s reminded the jury of %(edition)s"),
    "nomination.confirmed": _l("%(actor)s confirmed the nominees of the category “%(title)s”"),
    "nomination.notified": _l("%(actor)s e-mailed the teams of the category “%(title)s”"),
    "selection.assigned": _l("%(actor)s assigned the second-round reviews of %(edition)s"),
    "selection.winner_confirmed": _l(
        "%(actor)s confirmed “%(title)s” as the Winner of its category in %(edition)s"
    ),
    "ceremony.run_of_show_saved": _l("%(actor)s saved the run-of-show of %(edition)s"),
    "review.submitted": _l("%(actor)s submitted a review in %(edition)s"),
    "voting.quarantined": _l("%(actor)s set votes aside in %(edition)s"),
    "voting.quarantine_lifted": _l("%(actor)s lifted a quarantine of votes in %(edition)s"),
    "voting.votes_exported": _l("%(actor)s exported the votes of %(edition)s (%(format)s)"),
    "voting.evidence_reduced": _l(
        "%(actor)s reduced the evidence kept with the votes of %(edition)s"
    ),
}

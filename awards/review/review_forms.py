"""Forms of the experts' pages: a review (the rubric's scores are read by :func:`read_scores`,
since the criteria are the edition's) and a declaration of a conflict of interest."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from awards.review.conflict_services import NOTE_MAX
from awards.review.review_page import field_name
from awards.review.reviews import COMMENT_MAX
from awards.review.rubric import Problem, Rubric

#: The value of the "Submit review" button (``name="action"``); "Save draft" sends "draft".
SUBMIT = "submit"


class ReviewForm(FlaskForm):
    """The two comments of a review (CSRF included); the scores come with the request."""

    comment_organisers = TextAreaField(
        _l("Comment for the organisers"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
        description=_l(
            "Required to submit. Why these scores: strengths, weaknesses, doubts. Only the "
            "organisers read it."
        ),
    )
    comment_team = TextAreaField(
        _l("Comment for the team (optional)"),
        validators=[Optional(), Length(max=COMMENT_MAX)],
        description=_l(
            "Advice the team may receive with the results. Write nothing that says who you are."
        ),
    )


class ConflictForm(FlaskForm):
    """An expert's declaration that they may not review an entry."""

    note = TextAreaField(
        _l("Why can you not review this entry fairly?"),
        filters=[lambda text: text.strip() if text else text],
        validators=[
            DataRequired(message=_l("Say why: a reason is required.")),
            Length(max=NOTE_MAX),
        ],
        description=_l(
            "For example: you work or worked for the organisation, you advised the project, "
            "or you know the team personally. Only the organisers read it."
        ),
    )


def read_scores(
    rubric: Rubric, formdata: Mapping[str, str]
) -> tuple[dict[str, int | None], dict[str, str], dict[str, Problem]]:
    """The scores sent for the rubric's criteria: (scores, the raw values to show again,
    problems of values that are no whole number). An empty field is no score (None)."""
    scores: dict[str, int | None] = {}
    raw: dict[str, str] = {}
    problems: dict[str, Problem] = {}
    for criterion in rubric.criteria:
        text = (formdata.get(field_name(criterion.key)) or "").strip()
        raw[criterion.key] = text
        if not text:
            scores[criterion.key] = None
        elif text.isascii() and text.lstrip("-").isdigit() and len(text) <= 6:
            scores[criterion.key] = int(text)
        else:
            problems[criterion.key] = Problem.OUT_OF_SCALE
    return scores, raw, problems

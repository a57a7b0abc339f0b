"""The organisers' rubric form: the scale, criteria (name, weight, guidance) and score bands.

Rows left blank are ignored and rows ticked "Remove" dropped, so the form has a few blank rows
for new criteria and bands, and "Add another criterion" gives one more. A criterion keeps its
stored key; a new one gets a key made from its name. Every message is the reader's language;
:meth:`RubricForm.problems` lists them for the error summary, each with its field's id.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)

from awards.review.rubric import Band, Criterion, Rubric

#: Blank rows offered below the stored ones.
BLANK_CRITERIA = 2
BLANK_BANDS = 1
MAX_ROWS = 40
SCALE_LIMITS = (0, 100)
WEIGHT_MAX = 100.0
KEY = re.compile(r"[a-z0-9_]{1,40}")


class CriterionRow(Form):
    """One criterion of the rubric."""

    key = HiddenField()
    name = StringField(_l("Name"))
    weight = StringField(_l("Weight"), description=_l("A number above 0, for example 1 or 1.5."))
    guidance = TextAreaField(_l("What experts look for"))
    remove = BooleanField(_l("Remove this criterion"))

    def blank(self) -> bool:
        return not any((f.data or "").strip() for f in (self.name, self.weight, self.guidance))


class BandRow(Form):
    """What a range of scores means."""

    low = StringField(_l("From score"))
    high = StringField(_l("To score"))
    label = StringField(_l("Label"))
    guidance = TextAreaField(_l("What these scores mean"))
    remove = BooleanField(_l("Remove this band"))

    def blank(self) -> bool:
        return not any(
            (f.data or "").strip() for f in (self.low, self.high, self.label, self.guidance)
        )


def _whole(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if re.fullmatch(r"-?\d{1,4}", text) else None


def _number(text: str | None) -> float | None:
    text = (text or "").strip().replace(",", ".")
    return float(text) if re.fullmatch(r"\d{1,4}(\.\d{1,4})?", text) else None


def new_key(name: str, taken: set[str]) -> str:
    """A key for a new criterion from its name (ASCII letters and digits), not in ``taken``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:32] or "criterion"
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


class RubricForm(FlaskForm):
    """The whole rubric of an edition."""

    low = StringField(_l("Lowest score"))
    high = StringField(_l("Highest score"))
    criteria = FieldList(FormField(CriterionRow), min_entries=1, max_entries=MAX_ROWS)
    bands = FieldList(FormField(BandRow), min_entries=0, max_entries=MAX_ROWS)
    add_criterion = BooleanField()

    @classmethod
    def for_rubric(cls, rubric: Rubric) -> RubricForm:
        """The form filled with ``rubric`` (stored texts, not translated), and blank rows."""
        criteria: list[dict[str, Any]] = [
            {"key": c.key, "name": c.name, "weight": f"{c.weight:g}", "guidance": c.guidance}
            for c in rubric.criteria
        ]
        bands: list[dict[str, Any]] = [
            {"low": str(b.low), "high": str(b.high), "label": b.label, "guidance": b.guidance}
            for b in rubric.bands
        ]
        return cls(
            formdata=None,
            data={
                "low": str(rubric.low),
                "high": str(rubric.high),
                "criteria": criteria + [{}] * BLANK_CRITERIA,
                "bands": bands + [{}] * BLANK_BANDS,
            },
        )

    def add_blank_criterion(self) -> None:
        """One more blank criterion row (the "Add another criterion" button)."""
        if len(self.criteria.entries) < MAX_ROWS:
            self.criteria.append_entry({})

    # --- validation ------------------------------------------------------------------------
    def validate(self, extra_validators: Any = None) -> bool:
        """The CSRF token (FlaskForm), then every row; the kept rows are left in
        ``scale``, ``kept_criteria`` and ``kept_bands``."""
        fresh = super().validate(extra_validators)  # only the CSRF token has validators
        self._errors: list[tuple[str, str]] = []
        if not fresh:
            self._errors.append(("", str(_l("The form had expired. Please send it again."))))
        self.scale = self._check_scale()
        self.kept_criteria = self._check_criteria()
        self.kept_bands = self._check_bands()
        return not self._errors

    def _error(self, field: Any, message: Any) -> None:
        field.errors = [*(field.errors or []), message]
        self._errors.append((field.id, str(message)))

    def problems(self) -> list[tuple[str, str]]:
        """(field id, message) of every problem found, in the order of the form."""
        return list(getattr(self, "_errors", []))

    def _check_scale(self) -> tuple[int, int] | None:
        low, high = _whole(self.low.data), _whole(self.high.data)
        lowest, highest = SCALE_LIMITS
        if low is None or not lowest <= low <= highest:
            self._error(self.low, _l("Enter a whole number from 0 to 100."))
        if high is None or not lowest <= high <= highest:
            self._error(self.high, _l("Enter a whole number from 0 to 100."))
        if low is None or high is None or not lowest <= low <= highest or high > highest:
            return None
        if low >= high:
            self._error(self.high, _l("The highest score must be above the lowest."))
            return None
        return low, high

    def _check_criteria(self) -> list[Criterion]:
        kept: list[tuple[Any, str, float, str]] = []
        for row in self.criteria.entries:
            sub = row.form
            if sub.remove.data or sub.blank():
                continue
            name = (sub.name.data or "").strip()
            guidance = (sub.guidance.data or "").strip()
            weight = _number(sub.weight.data)
            if not name:
                self._error(sub.name, _l("Give the criterion a name."))
            elif len(name) > 200:
                self._error(sub.name, _l("A criterion's name is at most 200 characters."))
            if weight is None or not 0 < weight <= WEIGHT_MAX:
                self._error(sub.weight, _l("Enter a weight above 0 and at most 100."))
            if len(guidance) > 2000:
                self._error(sub.guidance, _l("The guidance is at most 2,000 characters."))
            kept.append((sub, name, weight or 0.0, guidance))
        if not kept:
            self._error(self.criteria.entries[0].form.name, _l("Keep at least one criterion."))
        taken = {sub.key.data for sub, *_ in kept if sub.key.data and KEY.fullmatch(sub.key.data)}
        criteria: list[Criterion] = []
        used: set[str] = set()
        for sub, name, weight, guidance in kept:
            key = sub.key.data if sub.key.data in taken and sub.key.data not in used else None
            key = key or new_key(name, taken | used)
            used.add(key)
            criteria.append(Criterion(key, name, weight, guidance))
        return criteria

    def _check_bands(self) -> list[Band]:
        bands: list[tuple[Any, Band]] = []
        low, high = self.scale or SCALE_LIMITS
        for row in self.bands.entries:
            sub = row.form
            if sub.remove.data or sub.blank():
                continue
            first, last = _whole(sub.low.data), _whole(sub.high.data)
            label = (sub.label.data or "").strip()
            ok = True
            if first is None or not low <= first <= high:
                self._error(sub.low, _l("Enter a score of the scale."))
                ok = False
            if last is None or not low <= last <= high:
                self._error(sub.high, _l("Enter a score of the scale."))
                ok = False
            if ok and first is not None and last is not None and first > last:
                self._error(sub.high, _l("A band cannot end below the score it starts from."))
                ok = False
            if not label:
                self._error(sub.label, _l("Give the band a label."))
                ok = False
            elif len(label) > 100:
                self._error(sub.label, _l("A band's label is at most 100 characters."))
                ok = False
            if ok and first is not None and last is not None:
                band = Band(first, last, label, (sub.guidance.data or "").strip()[:2000])
                clash = next((b for _, b in bands if b.low <= last and first <= b.high), None)
                if clash is not None:
                    self._error(
                        sub.low,
                        _l(
                            "This band overlaps the band %(low)s–%(high)s.",
                            low=clash.low,
                            high=clash.high,
                        ),
                    )
                else:
                    bands.append((sub, band))
        return sorted((b for _, b in bands), key=lambda b: b.low)

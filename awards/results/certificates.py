"""Certificates of the Champions and Winners of a published edition, and their verification.

A certificate is not stored: it is what the published results say (the recorded Champions,
the confirmed Winners, the publication's date), so it cannot disagree with them. Its
verification code is an HMAC-SHA256 of (edition year, entry id, kind) under the application's
``SECRET_KEY``, the first 50 bits in base32 (10 characters): unguessable without the key, the
same every time it is printed, and a forged code simply matches no certificate. Nothing is
issued, or verified, before the edition's results are published.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select

from awards.contest.models import Category, Edition
from awards.extensions import db
from awards.links import external_url
from awards.results.certificate_pdf import CertificateText, render
from awards.results.models import Publication
from awards.results.publication import publication_of
from awards.review.champions import champions_of
from awards.review.winners import winners_of
from awards.submissions.models import Entry

CHAMPION = "champion"
WINNER = "winner"
KINDS = (CHAMPION, WINNER)
CODE_LENGTH = 10
_NOT_CODE = re.compile(r"[^A-Z2-7]")


@dataclass(frozen=True)
class Certificate:
    """One certificate: a Champion's or a Winner's, in a published edition."""

    edition: Edition
    category: Category
    entry: Entry
    kind: str
    code: str
    issued_at: datetime

    @property
    def file_name(self) -> str:
        """No personal data: the edition, the category's number and the kind."""
        return f"wsis-prizes-{self.edition.year}-{self.category.number}-{self.kind}.pdf"

    @property
    def archive_name(self) -> str:
        """In a folder or ZIP of the edition's certificates: the entry's id too (unique)."""
        return self.file_name.removesuffix(".pdf") + f"-{self.entry.id}.pdf"


def certificate_code(secret: str | bytes, year: int, entry_id: int, kind: str) -> str:
    """The verification code of a certificate (10 base32 characters)."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"wsis-certificate|{year}|{entry_id}|{kind}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()).decode()[:CODE_LENGTH]


def normalise_code(text: str) -> str:
    """A code as typed or read from a link: upper case, spaces and dashes dropped."""
    return _NOT_CODE.sub("", (text or "").upper())


def _secret() -> str | bytes:
    return current_app.config["SECRET_KEY"]


def certificates_of(edition: Edition) -> list[Certificate]:
    """Every certificate of ``edition``, by category then Champions before the Winner.

    Empty until the results are published."""
    publication = publication_of(edition)
    if publication is None:
        return []
    return _certificates(edition, publication)


def _certificates(edition: Edition, publication: Publication) -> list[Certificate]:
    secret = _secret()
    categories = {c.id: c for c in edition.categories}
    champions = champions_of(edition)
    winners = winners_of(edition)
    result = []
    for category_id in sorted(categories, key=lambda cid: categories[cid].number):
        awarded = [(c.entry, CHAMPION) for c in champions.get(category_id, [])]
        if category_id in winners:
            awarded.append((winners[category_id], WINNER))
        for entry, kind in awarded:
            code = certificate_code(secret, edition.year, entry.id, kind)
            result.append(
                Certificate(
                    edition, categories[category_id], entry, kind, code, publication.published_at
                )
            )
    return result


def certificate_for(edition: Edition, entry_id: int, kind: str | None = None) -> Certificate | None:
    """The certificate of ``entry_id`` (its Winner's if it won, unless ``kind`` says which)."""
    mine = [c for c in certificates_of(edition) if c.entry.id == entry_id]
    if kind is not None:
        mine = [c for c in mine if c.kind == kind]
    return max(mine, key=lambda c: KINDS.index(c.kind), default=None)


def find_certificate(text: str) -> Certificate | None:
    """The certificate whose code is ``text``, in any published edition; None when forged."""
    code = normalise_code(text)
    if len(code) != CODE_LENGTH:
        return None
    published = db.session.scalars(
        select(Edition).join(Publication, Publication.edition_id == Edition.id)
    )
    for edition in published:
        for certificate in certificates_of(edition):
            if hmac.compare_digest(certificate.code, code):
                return certificate
    return None


def kind_label(kind: str) -> str:
    return _("Winner") if kind == WINNER else _("Champion")


def certificate_text(certificate: Certificate) -> CertificateText:
    """What the certificate says, in the current language."""
    category = certificate.category
    return CertificateText(
        heading=_("WSIS Prizes %(year)s", year=certificate.edition.year),
        kind=kind_label(certificate.kind),
        category=_(
            "Category %(number)s: %(name)s", number=category.number, name=category.display_name
        ),
        project=certificate.entry.title,
        entity=certificate.entry.entity_name,
        date=format_date(certificate.issued_at, format="long"),
        verify_label=_("Check this certificate at"),
        url=external_url("certificates.verify", code=certificate.code),
        awarded_to=_("awarded to"),
    )


def certificate_pdf(certificate: Certificate) -> bytes:
    return render(certificate_text(certificate))


def certificates_zip(edition: Edition) -> bytes:
    """Every certificate of ``edition`` in one ZIP (names: year, category, kind, entry id)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for certificate in certificates_of(edition):
            archive.writestr(certificate.archive_name, certificate_pdf(certificate))
    return buffer.getvalue()

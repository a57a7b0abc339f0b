"""An edition's optional logo or banner: stored like entry images, public like the edition.

The file is checked and re-encoded by :mod:`awards.images` and kept outside
``static/`` in ``UPLOAD_FOLDER/banners``; the row keeps its name, type, size and alt text.
Services flush and audit; the view commits, then discards the files the change replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask_babel import lazy_gettext as _l

from awards import images
from awards.accounts.models import User
from awards.audit.services import record
from awards.contest.models import Edition
from awards.errors import RuleViolation
from awards.extensions import db

FOLDER = "banners"
ALT_MAX = 300


@dataclass(frozen=True)
class BannerInput:
    """What the organiser sent: a new image (optional), its alt text, or a removal."""

    stream: IO[bytes] | None
    alt: str
    remove: bool = False


@dataclass(frozen=True)
class ImageLimits:
    """The upload limits of the configuration."""

    max_bytes: int = images.DEFAULT_MAX_BYTES
    max_pixels: int = images.DEFAULT_MAX_PIXELS


def banner_folder(upload_folder: str | Path) -> Path:
    """Where banner files live."""
    return Path(upload_folder) / FOLDER


def banner_path(edition: Edition, upload_folder: str | Path) -> Path | None:
    """The edition's banner file, or None when it has none (or the file is gone)."""
    if not edition.banner_storage_name:
        return None
    return images.path_of(banner_folder(upload_folder), edition.banner_storage_name)


def save_banner(
    edition: Edition,
    banner: BannerInput,
    *,
    actor: User,
    upload_folder: str | Path,
    limits: ImageLimits,
) -> list[str]:
    """Set, re-describe or remove the banner; return the replaced files to discard after commit.

    Raises :class:`~awards.images.ImageRejected` for a file that is not a JPEG, PNG
    or WebP within the limits, and :class:`RuleViolation` (field ``image`` or ``alt``) when
    there is no image to describe or no alt text.
    """
    old = edition.banner_storage_name
    if banner.remove:
        if old is None:
            return []
        _clear(edition)
        db.session.flush()
        record(
            "edition.banner_removed",
            edition,
            "Banner removed",
            edition_id=edition.id,
            actor_id=actor.id,
        )
        return [old]
    alt = banner.alt.strip()
    if banner.stream is None and old is None:
        raise RuleViolation(str(_l("Choose an image to upload")), field="image")
    if not alt:
        raise RuleViolation(str(_l("Describe the image for people who cannot see it")), field="alt")
    if banner.stream is not None:
        clean = images.clean_image(
            banner.stream, max_bytes=limits.max_bytes, max_pixels=limits.max_pixels
        )
        edition.banner_storage_name = images.store(clean, banner_folder(upload_folder))
        edition.banner_content_type = clean.content_type
        edition.banner_width, edition.banner_height = clean.width, clean.height
    changes = {"alt": [edition.banner_alt, alt], "replaced": banner.stream is not None}
    edition.banner_alt = alt
    db.session.flush()
    record(
        "edition.banner_saved",
        edition,
        "Banner saved",
        edition_id=edition.id,
        actor_id=actor.id,
        changes=changes,
    )
    return [old] if old and old != edition.banner_storage_name else []


def discard_files(names: list[str], upload_folder: str | Path) -> None:
    """Delete replaced banner files (after the commit that replaced them)."""
    images.discard(banner_folder(upload_folder), names)


def _clear(edition: Edition) -> None:
    edition.banner_storage_name = None
    edition.banner_content_type = None
    edition.banner_width = edition.banner_height = None
    edition.banner_alt = None

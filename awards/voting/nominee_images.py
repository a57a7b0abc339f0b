"""Nominees' images sized for phones: made once from the stored image, then served from disk.

An entry's images are private until it is a nominee (``submissions.image`` serves them to its
team, the jury and the organisers only). From the moment voting opens, a nominee's card shows
its first photo (else its logo) to everyone, at most :data:`PHONE_WIDTH` pixels wide: a phone
on a slow connection should not fetch a 5 MB original to show a card. The stored image is
already re-encoded and free of metadata (``awards.images``); the phone copy is written beside
it under ``phone/`` with a name derived from the stored one, atomically (a temporary file
renamed), so two workers making it at once both end with the same complete file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from PIL import Image

from awards import images as image_files
from awards.submissions.models import EntryImage

PHONE_WIDTH = 480
#: Taller images are cut down to this height (a card is no poster).
PHONE_HEIGHT = 640
_SAVE: dict[str, tuple[str, dict[str, Any]]] = {
    "image/jpeg": ("JPEG", {"quality": 80}),
    "image/png": ("PNG", {"optimize": True}),
}


def phone_size(image: EntryImage) -> tuple[int, int]:
    """The width and height of the phone copy (the stored size if it is already small)."""
    scale = min(1.0, PHONE_WIDTH / max(image.width, 1), PHONE_HEIGHT / max(image.height, 1))
    return max(1, round(image.width * scale)), max(1, round(image.height * scale))


def phone_copy(image: EntryImage, folder: str | Path) -> Path | None:
    """The phone-sized file of ``image`` (made now if missing); None if the original is gone."""
    source = image_files.path_of(folder, image.storage_name)
    if source is None:
        return None
    if phone_size(image) == (image.width, image.height):
        return source
    target_dir = Path(folder) / "phone"
    target = target_dir / f"{PHONE_WIDTH}-{image.storage_name}"
    if target.is_file():
        return target
    target_dir.mkdir(parents=True, exist_ok=True)
    with Image.open(source, formats=tuple(image_files.FORMATS)) as opened:
        opened.load()
        small = opened.copy()
    small.thumbnail(phone_size(image), Image.Resampling.LANCZOS)
    fmt, options = _SAVE.get(image.content_type, ("WEBP", {"quality": 80}))
    handle, temporary = tempfile.mkstemp(dir=target_dir, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            small.save(out, fmt, **options)
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target

"""An entry's images as part of a save: check the upload, store it, edit alt texts, remove."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from flask import current_app
from flask_babel import lazy_gettext as _l

from awards import images as image_files
from awards.extensions import db
from awards.submissions.inputs import MAX_IMAGES
from awards.submissions.models import Entry, EntryImage, ImageKind

#: Image id -> (alt text, remove?) for the images already stored.
ImageEdits = dict[int, tuple[str, bool]]


@dataclass
class Upload:
    """A new image as received: the stream, its kind and its alt text."""

    stream: IO[bytes]
    kind: str
    alt_text: str


def clean_upload(upload: Upload | None, image_count: int) -> image_files.CleanImage | None:
    """The upload checked and re-encoded; raises ``ImageRejected`` (none stored yet)."""
    if upload is None:
        return None
    if image_count >= MAX_IMAGES:
        raise image_files.ImageRejected(
            _l("An entry may have at most %(n)d images: remove one first", n=MAX_IMAGES)
        )
    config = current_app.config
    return image_files.clean_image(
        upload.stream,
        max_bytes=config.get("MAX_IMAGE_BYTES", image_files.DEFAULT_MAX_BYTES),
        max_pixels=config.get("MAX_IMAGE_PIXELS", image_files.DEFAULT_MAX_PIXELS),
    )


def apply_images(
    entry: Entry,
    edits: ImageEdits,
    new: image_files.CleanImage | None,
    upload: Upload | None,
) -> list[str]:
    """Edit alt texts, drop removed images, store the new one; the names of removed files.

    The new file is written now but belongs to the transaction: if it does not commit, the
    file is deleted again (see :func:`awards.images.store`).
    """
    removed: list[str] = []
    for image in list(entry.images):
        alt, remove = edits.get(image.id, (image.alt_text, False))
        if remove:
            removed.append(image.storage_name)
            entry.images.remove(image)
        else:
            image.alt_text = alt
    if new is not None and upload is not None:
        name = image_files.store(new, current_app.config["UPLOAD_FOLDER"], session=db.session())
        entry.images.append(
            EntryImage(
                kind=ImageKind(upload.kind) if upload.kind in set(ImageKind) else ImageKind.PHOTO,
                storage_name=name,
                content_type=new.content_type,
                width=new.width,
                height=new.height,
                size_bytes=len(new.data),
                alt_text=upload.alt_text,
            )
        )
    return removed

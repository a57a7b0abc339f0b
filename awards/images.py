"""Uploaded images (entries' logos and photos, editions' banners): checked, re-encoded, stored.

Only JPEG, PNG and WebP are accepted, whatever the file is called: the bytes are opened with
Pillow restricted to those three decoders, so SVG, HTML, PDF or a renamed executable are
refused. The pixel count is checked from the header before any decoding (a decompression bomb
of a few kilobytes declaring 50,000 × 50,000 pixels is refused without allocating memory), and
Pillow's own bomb check is turned into an error. The pixels are then copied into a brand-new
image and encoded again, so no EXIF, GPS, ICC, comment or trailing payload survives.

Files live in ``app.config["UPLOAD_FOLDER"]`` (outside ``static/``) under a random name; the
uploader's file name is never used, so a name like ``../../etc/passwd.png`` changes nothing.
"""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

#: Pillow format -> (content type, file extension).
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PIXELS = 25_000_000
#: Key of ``Session.info``: files written in the session's open transaction.
_WRITTEN = "awards.written_images"


class ImageRejected(ValueError):
    """The upload is not an image we accept; ``message`` says why, for the user."""

    def __init__(self, message: str | LazyString) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CleanImage:
    """A re-encoded image ready to store."""

    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(
            _l("The file is larger than %(mb)s MB", mb=f"{max_bytes / 1024 / 1024:g}")
        )
    if not data:
        raise ImageRejected(_l("The file is empty"))
    return data


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    formats = tuple(FORMATS)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data), formats=formats)
            if probe.width * probe.height > max_pixels:
                raise ImageRejected(
                    _l(
                        "The image has too many pixels (at most %(mp)s megapixels)",
                        mp=f"{max_pixels / 1_000_000:g}",
                    )
                )
            probe.verify()
            image = Image.open(io.BytesIO(data), formats=formats)
            image.load()
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(_l("The image has too many pixels")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected(_l("The file is not a JPEG, PNG or WebP image")) from exc
    return image


def _rebuild(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels (orientation applied), in an encodable mode."""
    image = ImageOps.exif_transpose(image) or image
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    mode = "RGBA" if has_alpha else "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


def clean_image(
    stream: IO[bytes],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
) -> CleanImage:
    """Check ``stream`` by content and return it re-encoded without metadata.

    Raises :class:`ImageRejected` for anything but a JPEG, PNG or WebP within the limits.
    """
    data = _read_limited(stream, max_bytes)
    image = _open_checked(data, max_pixels)
    source_format = image.format or ""
    if source_format not in FORMATS:
        raise ImageRejected(_l("The file is not a JPEG, PNG or WebP image"))
    clean = _rebuild(image)
    if source_format == "JPEG" and clean.mode == "RGBA":
        clean = clean.convert("RGB")
    out = io.BytesIO()
    if source_format == "JPEG":
        clean.save(out, "JPEG", quality=85, optimize=True)
    elif source_format == "PNG":
        clean.save(out, "PNG", optimize=True)
    else:
        clean.save(out, "WEBP", quality=85)
    content_type, extension = FORMATS[source_format]
    return CleanImage(out.getvalue(), content_type, extension, clean.width, clean.height)


def store(image: CleanImage, folder: str | Path, *, session: Session | None = None) -> str:
    """Write ``image`` under a new random name in ``folder``; return the name.

    With ``session``, the file belongs to its transaction: it is deleted again when the
    transaction ends without a commit (rolled back, or the commit failed), so no file is left
    without its row.
    """
    directory = Path(folder)
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.{image.extension}"
    path = directory / name
    path.write_bytes(image.data)
    if session is not None:
        session.info.setdefault(_WRITTEN, []).append(path)
    return name


@event.listens_for(Session, "after_commit")
def _keep_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is not None:
        return  # a savepoint: the outer transaction decides
    for path in session.info.pop(_WRITTEN, []):
        path.unlink(missing_ok=True)


def path_of(folder: str | Path, storage_name: str) -> Path | None:
    """The file of a stored image, or None if the name is not one of ours."""
    if not storage_name or "/" in storage_name or "\\" in storage_name or ".." in storage_name:
        return None
    path = Path(folder) / storage_name
    return path if path.is_file() else None


def discard(folder: str | Path, storage_names: list[str]) -> None:
    """Delete stored images (after the commit that removed their rows)."""
    for name in storage_names:
        path = path_of(folder, name)
        if path is not None:
            path.unlink(missing_ok=True)

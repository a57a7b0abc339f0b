"""Uploaded images are checked by content, limited, re-encoded and stripped of metadata."""

import io
import struct
import zlib

import pytest
from PIL import Image

from awards.images import ImageRejected, clean_image, discard, path_of, store


def encoded(fmt: str, size=(40, 30), mode="RGB", **save) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new(mode, size, "red" if mode == "RGB" else None).save(buffer, fmt, **save)
    buffer.seek(0)
    return buffer


def png_claiming(width: int, height: int) -> io.BytesIO:
    """A few-hundred-byte PNG whose header declares ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 1000)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    data = b"\x89PNG\r\n\x1a\n" + chunks
    return io.BytesIO(data)


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")],
)
def test_accepts_jpeg_png_webp(fmt, content_type):
    image = clean_image(encoded(fmt))
    assert (image.content_type, image.width, image.height) == (content_type, 40, 30)
    assert Image.open(io.BytesIO(image.data)).format == fmt


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "secret description"
    exif[0x8825] = {1: "N"}
    source = encoded("JPEG", exif=exif.tobytes(), comment=b"secret comment")
    assert b"secret" in source.getvalue()
    image = clean_image(source)
    assert b"secret" not in image.data
    assert not Image.open(io.BytesIO(image.data)).getexif()


def test_transparency_is_kept_for_png():
    image = clean_image(encoded("PNG", mode="RGBA"))
    assert Image.open(io.BytesIO(image.data)).mode == "RGBA"


def test_bytes_after_the_image_are_dropped():
    source = io.BytesIO(encoded("PNG").getvalue() + b"<?php system($_GET['c']); ?>")
    assert b"php" not in clean_image(source).data


@pytest.mark.parametrize(
    "payload",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.4 not an image",
        b"MZ\x90\x00 an executable",
        b"\x89PNG\r\n\x1a\n truncated",
    ],
)
def test_refuses_what_is_not_an_image_whatever_its_name(payload):
    with pytest.raises(ImageRejected, match="not a JPEG, PNG or WebP"):
        clean_image(io.BytesIO(payload))


def test_refuses_gif_and_bmp():
    for fmt in ("GIF", "BMP"):
        with pytest.raises(ImageRejected):
            clean_image(encoded(fmt))


def test_refuses_an_empty_file():
    with pytest.raises(ImageRejected, match="empty"):
        clean_image(io.BytesIO(b""))


def test_refuses_a_file_over_the_byte_limit():
    with pytest.raises(ImageRejected, match="larger than"):
        clean_image(encoded("PNG", size=(200, 200)), max_bytes=100)


def test_refuses_an_image_over_the_pixel_limit():
    with pytest.raises(ImageRejected, match="too many pixels"):
        clean_image(encoded("PNG", size=(200, 200)), max_pixels=10_000)


@pytest.mark.parametrize(("width", "height"), [(6_000, 6_000), (100_000, 100_000)])
def test_refuses_a_decompression_bomb_without_decoding_it(width, height):
    bomb = png_claiming(width, height)
    assert len(bomb.getvalue()) < 2_000
    with pytest.raises(ImageRejected, match="too many pixels"):
        clean_image(bomb)


def test_stored_under_a_random_name_and_discarded(tmp_path):
    image = clean_image(encoded("PNG"))
    first, second = store(image, tmp_path), store(image, tmp_path)
    assert first != second
    assert first.endswith(".png")
    assert path_of(tmp_path, first).read_bytes() == image.data
    discard(tmp_path, [first])
    assert path_of(tmp_path, first) is None


@pytest.mark.parametrize("name", ["../secret.png", "a/b.png", "..", "", "missing.png"])
def test_path_of_refuses_names_that_are_not_ours(tmp_path, name):
    assert path_of(tmp_path, name) is None

"""Certificates: issued only once published, verified by their code, read back from the PDF.

The text is read back with pypdf. Latin text is compared as extracted. For the Arabic and
Chinese entity names the check is what a reader's software gets: the PDF embeds the Noto
Naskh Arabic and Noto Sans CJK fonts, and their ToUnicode maps give back the name's letters
(Arabic shaped into joined forms extracts glyph by glyph, in visual order, so the Arabic
name is compared as the set of its letters, with presentation forms folded by NFKC, and its
letters reversed as the visual order gives them).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest
from pypdf import PdfReader

from awards.results.certificates import (
    CHAMPION,
    WINNER,
    certificate_code,
    certificate_for,
    certificate_pdf,
    certificates_of,
    certificates_zip,
    find_certificate,
    normalise_code,
)
from awards.results.publishing import publish
from tests.certificates_factory import ARABIC_ENTITY, CHINESE_ENTITY, published, tallied
from tests.conftest import Clock


def _text(data: bytes) -> str:
    return PdfReader(io.BytesIO(data)).pages[0].extract_text()


def _fonts(data: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(data)).pages[0]
    return {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}


def _letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c.isalpha())


def test_no_certificate_before_publication(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    assert certificates_of(world.edition) == []
    assert certificate_for(world.edition, world.first.id) is None
    code = certificate_code("test", world.edition.year, world.first.id, WINNER)
    assert find_certificate(code) is None


def test_every_champion_and_winner_gets_one(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    issued = {(c.entry.id, c.kind) for c in certificates_of(world.edition)}
    assert issued == {
        (world.first.id, CHAMPION),
        (world.first.id, WINNER),
        (world.second.id, CHAMPION),
        (world.second.id, WINNER),
    }
    assert certificate_for(world.edition, world.first.id).kind == WINNER
    assert certificate_for(world.edition, world.first.id, CHAMPION).kind == CHAMPION
    assert all(certificate_for(world.edition, e.id) is None for e in world.others)


def test_the_pdf_says_edition_category_project_entity_and_date(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    certificate = certificate_for(world.edition, world.first.id)
    data = certificate_pdf(certificate)
    text = _text(data)
    assert "WSIS Prizes 2021" in text
    assert "Winner" in text
    assert f"Category 1: {certificate.category.name}" in " ".join(text.split())
    assert "Digital Library for All" in text
    assert "April 5, 2021" in text  # published during the selection, on 5 April
    assert f"/c/{certificate.code}" in text
    assert certificate.file_name == "wsis-prizes-2021-1-winner.pdf"
    assert any("NotoNaskhArabic" in name for name in _fonts(data))
    letters = _letters(text)
    assert _letters(ARABIC_ENTITY) in letters or _letters(ARABIC_ENTITY)[::-1] in letters


def test_a_chinese_entity_name_reads_back(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    data = certificate_pdf(certificate_for(world.edition, world.second.id, CHAMPION))
    # pypdf reads the CID font's codes a byte at a time: NULs between the characters.
    assert CHINESE_ENTITY in _text(data).replace("\x00", "").replace(" ", "")
    assert any("NotoSansCJK" in name for name in _fonts(data))
    assert "Champion" in _text(data)


def test_a_code_verifies_and_a_forged_one_does_not(make_edition, make_user, app) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    certificate = certificate_for(world.edition, world.second.id)
    assert len(certificate.code) == 10
    spaced = f"{certificate.code[:5].lower()}-{certificate.code[5:]}"
    assert find_certificate(spaced) == certificate
    forged = certificate_code("another key", 2021, world.second.id, WINNER)
    assert find_certificate(forged) is None
    assert find_certificate(certificate.code[:-1]) is None
    assert find_certificate("") is None
    # The same code for the same certificate, every time; another kind, another code.
    assert certificate.code == certificate_code(
        app.config["SECRET_KEY"], 2021, world.second.id, WINNER
    )
    assert certificate_for(world.edition, world.second.id, CHAMPION).code != certificate.code


@pytest.mark.parametrize(("typed", "code"), [("ab cd-ef 2345", "ABCDEF2345"), ("0189", "")])
def test_codes_are_normalised(typed: str, code: str) -> None:
    assert normalise_code(typed) == code


def test_the_zip_holds_every_certificate(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    names = zipfile.ZipFile(io.BytesIO(certificates_zip(world.edition))).namelist()
    assert sorted(names) == sorted(
        [
            f"wsis-prizes-2021-1-champion-{world.first.id}.pdf",
            f"wsis-prizes-2021-1-winner-{world.first.id}.pdf",
            f"wsis-prizes-2021-2-champion-{world.second.id}.pdf",
            f"wsis-prizes-2021-2-winner-{world.second.id}.pdf",
        ]
    )


def test_publication_is_what_issues_them(make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    assert (
        certificates_zip(world.edition) == b""
        or not zipfile.ZipFile(io.BytesIO(certificates_zip(world.edition))).namelist()
    )
    publish(world.edition, actor=world.organiser, now=Clock.DURING_SELECTION)
    assert len(certificates_of(world.edition)) == 4


def test_the_command_writes_every_certificate(app, make_edition, make_user, tmp_path) -> None:  # type: ignore[no-untyped-def]
    run = app.test_cli_runner()
    tallied(make_edition, make_user, year=2020)
    refused = run.invoke(args=["awards", "certificates", "--edition", "2020", "--out", tmp_path])
    assert refused.exit_code != 0
    assert "no published results" in refused.output
    world = published(make_edition, make_user)
    done = run.invoke(args=["awards", "certificates", "--edition", "2021", "--out", tmp_path])
    assert done.exit_code == 0, done.output
    assert "4 certificates written" in done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [
            f"wsis-prizes-2021-1-champion-{world.first.id}.pdf",
            f"wsis-prizes-2021-1-winner-{world.first.id}.pdf",
            f"wsis-prizes-2021-2-champion-{world.second.id}.pdf",
            f"wsis-prizes-2021-2-winner-{world.second.id}.pdf",
        ]
    )

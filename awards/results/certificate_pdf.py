"""A certificate as a PDF page, from plain data (no Flask, no database).

fpdf2 writes the page; HarfBuzz (``uharfbuzz``, through ``set_text_shaping``) shapes each
line, so Arabic is joined and laid out right to left. A font per script: Noto Sans for Latin,
Cyrillic and Greek, Noto Naskh Arabic, Noto Sans CJK for Chinese. Only the fonts a
certificate's text needs are embedded (subset), so a Latin-only certificate stays small and
quick. Each font is first cut down by HarfBuzz's subsetter to the characters of the
certificate (with the glyphs its shaping reaches): fontTools, which fpdf2 parses fonts with,
would otherwise read the whole 20 MB Chinese collection for every certificate. The QR code
(``segno``) carries the verification link, printed under it too.
"""

from __future__ import annotations

import functools
import io
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import segno
import uharfbuzz as hb
from fpdf import FPDF

#: Where Debian's fonts-noto-core and fonts-noto-cjk install the fonts.
FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))
LATIN = "NotoSans-Regular.ttf"
LATIN_BOLD = "NotoSans-Bold.ttf"
ARABIC = "NotoNaskhArabic-Regular.ttf"
CJK = "NotoSansCJK-Regular.ttc"
#: Simplified Chinese face in the CJK collection (JP, KR, SC, TC, HK: index 2).
CJK_INDEX = 2


@dataclass(frozen=True)
class CertificateText:
    """What a certificate says, already translated and formatted."""

    heading: str  # e.g. "WSIS Prizes 2021"
    kind: str  # "Champion" or "Winner", translated
    category: str  # "Category 3: Access to information ..."
    project: str
    entity: str
    date: str  # the publication date, formatted
    verify_label: str  # "Check this certificate at"
    url: str  # the verification link
    awarded_to: str = "awarded to"


def font_path(name: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"Font {name} not found (install fonts-noto-core, fonts-noto-cjk).")


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f" or char >= "\ufb50"


def _is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def script_of(text: str) -> str:
    """The font family a line needs: "arabic", "cjk" or "latin" (by its first such letter)."""
    for char in text:
        if _is_arabic(char) and char <= "\ufeff":
            return "arabic"
        if _is_cjk(char):
            return "cjk"
    return "latin"


@functools.lru_cache(maxsize=8)
def _face(name: str, index: int) -> hb.Face:
    return hb.Face(hb.Blob.from_file_path(str(font_path(name))), index)


def subset_font(name: str, index: int, text: str) -> bytes:
    """The font ``name`` cut down to the characters of ``text`` (HarfBuzz's subsetter)."""
    plan = hb.SubsetInput()
    plan.sets(hb.SubsetInputSets.UNICODE).update({ord(c) for c in text} | {0x20})
    result = hb.subset(_face(name, index), plan)
    if result is None:
        raise ValueError(f"Font {name} could not be subset.")
    return bytes(result.blob.data)


def _fonts(pdf: FPDF, scripts: set[str], text: str, folder: Path) -> None:
    wanted = [("latin", "", LATIN, 0), ("latin", "B", LATIN_BOLD, 0)]
    if "arabic" in scripts:
        wanted.append(("arabic", "", ARABIC, 0))
    if "cjk" in scripts:
        wanted.append(("cjk", "", CJK, CJK_INDEX))
    for family, style, name, index in wanted:
        path = folder / f"{family}{style}.ttf"
        path.write_bytes(subset_font(name, index, text))
        pdf.add_font(family, style, path)
    pdf.set_fallback_fonts([family for family, style, _, _ in wanted if not style])


def _line(pdf: FPDF, text: str, size: float, *, bold: bool = False, height: float = 0) -> None:
    family = script_of(text)
    pdf.set_font(family, "B" if bold and family == "latin" else "", size)
    pdf.multi_cell(0, height or size * 0.55, text, align="C", new_x="LMARGIN", new_y="NEXT")


def render(text: CertificateText) -> bytes:
    """The certificate as PDF bytes: one A4 landscape page."""
    with tempfile.TemporaryDirectory(prefix="awards-certificate-") as folder:
        return _render(text, Path(folder))


def _render(text: CertificateText, folder: Path) -> bytes:
    lines = (
        text.heading,
        text.kind,
        text.category,
        text.awarded_to,
        text.project,
        text.entity,
        text.date,
        text.verify_label,
    )
    scripts = {script_of(line) for line in lines}
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"{text.heading}: {text.kind}")
    pdf.set_creator("WSIS Prizes")
    pdf.set_auto_page_break(False)
    _fonts(pdf, scripts, "".join(lines) + text.url, folder)
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_draw_color(0, 94, 153)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_margins(25, 25, 25)
    pdf.set_y(28)
    _line(pdf, text.heading, 20, bold=True)
    pdf.ln(6)
    pdf.set_text_color(0, 94, 153)
    _line(pdf, text.kind, 34, bold=True)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(4)
    _line(pdf, text.category, 14)
    pdf.ln(6)
    _line(pdf, text.awarded_to, 12)
    pdf.ln(2)
    _line(pdf, text.project, 22, bold=True)
    pdf.ln(2)
    _line(pdf, text.entity, 18)
    pdf.ln(6)
    _line(pdf, text.date, 12)
    qr = io.BytesIO()
    segno.make(text.url, error="m").save(qr, kind="png", scale=4, border=1)
    qr.seek(0)
    pdf.image(qr, x=pdf.w / 2 - 15, y=pdf.h - 62, w=30, h=30)
    pdf.set_y(pdf.h - 30)
    _line(pdf, f"{text.verify_label} {text.url}", 9)
    return bytes(pdf.output())

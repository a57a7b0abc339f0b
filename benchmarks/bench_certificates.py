"""Issue 11 figure: the certificates of 90 projects, <= 10 s.

Renders 90 certificates through ``awards/results/certificate_pdf.render`` (the same function
``flask awards certificates`` and the downloads call, with its fonts, text shaping and QR
code), from plain data: project and entity names in the six UN languages in turn (English,
French, Spanish, Russian, Arabic, Chinese), so a sixth of the certificates embed the Arabic
font and a sixth the Chinese one. Prints a summary and, as its last line, one JSON object
(read by ``benchmarks/run.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awards.results.certificate_pdf import CertificateText, render  # noqa: E402

NAMES = (
    ("Digital Skills for Rural Schools", "Open Learning Foundation"),
    ("Santé connectée pour tous", "Réseau francophone de télémédecine"),
    ("Conectividad para comunidades indígenas", "Fundación Puentes Digitales"),
    ("Цифровая грамотность для всех", "Фонд открытого образования"),
    ("منصة التعليم الرقمي", "جمعية تقنية المعلومات للتنمية"),
    ("农村数字图书馆", "中国信息社会促进会"),
)


def text_of(number: int) -> CertificateText:
    project, entity = NAMES[number % len(NAMES)]
    return CertificateText(
        heading="WSIS Prizes 2021",
        kind="Champion" if number % 5 else "Winner",
        category=f"Category {number % 18 + 1}: ICT applications: E-learning",
        project=f"{project} {number}",
        entity=entity,
        date="4 May 2021",
        verify_label="Check this certificate at",
        url=f"https://prizes.example.org/c/ABCDEFGH{number:02d}",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=90)
    args = parser.parse_args()
    times = []
    size = 0
    started = time.perf_counter()
    cpu = time.process_time()
    for number in range(args.projects):
        one = time.perf_counter()
        size += len(render(text_of(number)))
        times.append(time.perf_counter() - one)
    total = time.perf_counter() - started
    cpu = time.process_time() - cpu
    print(
        f"{args.projects} certificates in {total:.2f} s (median {statistics.median(times):.3f} s,"
        f" slowest {max(times):.3f} s; {cpu:.2f} s of CPU), "
        f"{size / args.projects / 1024:.0f} KiB each on average"
    )
    print(json.dumps({"certificates for 90 projects s (target 10)": round(total, 2)}))


if __name__ == "__main__":
    main()

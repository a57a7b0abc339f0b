"""Screenshots of the entry form for docs/screens.md (not part of ``make test``).

Regenerate them with
``.venv/bin/python -m pytest -q -p no:cacheprovider tests/browser/screenshots.py`` (the file
is not named ``test_*.py``, so ``make test`` never collects it): the demo is loaded into the
live server's own database, the demo submitter signs in, and headless Chromium photographs
their entry's form in English and in Arabic, on a desktop (1280×900) and on a phone
(390×844), the top 2,500 px of each page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_phones_and_rtl import DEMO_PASSWORD, SUBMITTER, demo_entry

__all__ = ["demo_entry"]

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BROWSER_LOCALES = {"en": "en-GB", "ar": "ar"}
MAX_HEIGHT = 2500


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("lang", sorted(BROWSER_LOCALES))
def test_entry_form_screenshot(
    chromium: Any, live_server: Any, demo_entry: dict[str, Any], lang: str, size: str
) -> None:
    context = chromium.new_context(
        base_url=live_server.url, locale=BROWSER_LOCALES[lang], viewport=SIZES[size]
    )
    try:
        page = context.new_page()
        page.goto(f"/account/login?lang={lang}")
        page.locator("input[name=email]").fill(SUBMITTER)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        page.goto(f"/entries/{demo_entry['entry']}/edit?lang={lang}")
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / f"entry-form-{lang}-{size}.png"
        page.screenshot(
            path=str(target),
            full_page=True,
            clip={"x": 0, "y": 0, "width": SIZES[size]["width"], "height": height},
        )
        assert target.stat().st_size < 600_000, f"{target.name} is over 600 KB"
    finally:
        context.close()

"""axe-core on the certificate check page as a visitor sees a forged code, in English and in
Arabic (right-to-left). The genuine page needs a published edition, which the demo does not
have yet: tests/web/test_results_certificates_pages.py checks its content."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_forged_code_page_is_accessible(page: Any, axe_check: Any, lang: str) -> None:
    if lang != "en":
        page.goto("/")
        axe_check(page)
        page.locator("#language-select").select_option(lang)
        page.locator(".language-form button").click()
        page.wait_for_load_state("load")
        axe_check(page)
        assert page.locator("html").get_attribute("dir") == "rtl"
    response = page.goto("/c/ABCDEFGH23")
    assert response is not None
    assert response.status == 404
    axe_check(page)
    assert page.locator("h1").count() == 1

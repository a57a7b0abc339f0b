"""Message catalogues: Spanish complete; every language keeps the placeholders intact."""

from __future__ import annotations

import re

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from awards import ROOT

TRANSLATIONS = ROOT / "awards" / "translations"
COMPLETE = ["es", "fr", "ar", "zh", "ru"]
ALL = ["es", "fr", "ar", "zh", "ru"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def catalog(lang: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def _ids(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _strs(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


@pytest.mark.parametrize("lang", COMPLETE)
def test_catalogue_is_complete(lang: str) -> None:
    missing = [m.id for m in catalog(lang) if m.id and (not all(_strs(m)) or m.fuzzy)]
    assert missing == [], f"{lang}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", ALL)
def test_placeholders_survive_translation(lang: str) -> None:
    broken = []
    for message in catalog(lang):
        if not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(_ids(message)[0]))
        for translated in _strs(message):
            if translated and set(PLACEHOLDER.findall(translated)) != wanted:
                broken.append((message.id, translated))
    assert broken == [], f"{lang}: placeholders changed in {broken[:5]}"


@pytest.mark.parametrize("lang", ALL)
def test_catalogue_is_compiled_and_used(lang: str, client) -> None:  # type: ignore[no-untyped-def]
    client.post("/language", data={"lang": lang, "next": "/"})
    page = client.get("/").get_data(as_text=True)
    translated = catalog(lang).get("Skip to main content")
    assert translated is not None
    assert translated.string
    assert translated.string in page


@pytest.mark.parametrize("lang", ALL)
def test_mail_is_written_in_the_recipients_language(lang: str, app) -> None:  # type: ignore[no-untyped-def]
    from awards.outbox.services import queue_mail

    with app.test_request_context():
        message = queue_mail("ana@example.org", "test_message", lang, name="Ana")
    subject = catalog(lang).get("Test message")
    assert subject is not None
    assert message.subject == subject.string
    assert f'lang="{lang}"' in message.body_html
    assert ('dir="rtl"' in message.body_html) is (lang == "ar")


def _extracted_ids(tmp_path) -> set[str]:  # type: ignore[no-untyped-def]
    """Every message the code and the templates mark, as `make messages` extracts them."""
    pot = tmp_path / "extracted.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "N_",
            "-k",
            "lazy_ngettext:1,2",
            "-o",
            str(pot),
            str(ROOT),
        ]
    )
    with pot.open("rb") as handle:
        return {_ids(m)[0] for m in read_po(handle) if m.id}


def test_every_marked_string_is_in_every_catalogue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    wanted = _extracted_ids(tmp_path)
    assert len(wanted) > 800  # the extraction found the code's and the templates' messages
    missing = {lang: sorted(wanted - {_ids(m)[0] for m in catalog(lang) if m.id}) for lang in ALL}
    assert {lang: ids[:5] for lang, ids in missing.items() if ids} == {}

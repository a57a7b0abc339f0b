import pytest


def test_language_switcher_remembers_the_choice_and_sets_direction(client):
    response = client.post("/language", data={"lang": "ar", "next": "/"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


@pytest.mark.parametrize("lang", ["en", "es", "fr", "zh", "ru"])
def test_left_to_right_languages(client, lang):
    client.post("/language", data={"lang": lang, "next": "/"})
    page = client.get("/").get_data(as_text=True)
    assert f'<html lang="{lang}" dir="ltr">' in page


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"lang": "xx", "next": "/"})
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page


def test_browser_language_is_the_default(client):
    page = client.get("/", headers={"Accept-Language": "fr-CH, fr;q=0.9"}).get_data(as_text=True)
    assert '<html lang="fr"' in page


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"lang": "es", "next": target})
    assert response.headers["Location"] in {"/", "http://awards.test/"}


def test_signed_in_choice_is_stored_on_the_account(client, make_user, login_as):
    user = make_user()
    login_as(user)
    client.post("/language", data={"lang": "es", "next": "/"})
    assert user.locale == "es"


def test_every_page_has_a_skip_link_and_landmarks(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="#main"' in page
    assert '<main id="main"' in page
    assert 'role="banner"' in page
    assert 'role="contentinfo"' in page

"""The home page tells a newcomer what the prize is, who may enter and what happens when."""

import re

import pytest

from awards import clock as clock_module


@pytest.fixture
def now_is(monkeypatch):
    def set_now(instant):
        monkeypatch.setattr(clock_module, "utcnow", lambda: instant)

    return set_now


def _steps(html):
    """(title, state, text) of each step of "What happens next", tags stripped."""
    items = re.findall(r'<li class="step step-(\w+)">(.*?)</li>', html, re.S)
    result = []
    for state, body in items:
        title = re.search(r"<strong>(.*?)</strong>", body).group(1)
        text = re.sub(
            r"\s+", " ", re.search(r'<p class="step-text">(.*?)</p>', body, re.S).group(1)
        )
        result.append((title, state, text.strip()))
    return result


def test_the_page_says_what_the_prize_is_and_who_may_enter(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.DURING_SUBMISSION)
    html = client.get("/").get_data(as_text=True)
    assert "The WSIS Prizes recognise outstanding projects" in html
    assert '<h2 id="who-may-enter">Who may enter</h2>' in html
    assert "may enter, free of charge" in html


def test_what_happens_next_follows_the_calendar(client, make_edition, clock, now_is):
    make_edition(nominees_per_category=20, champions_per_category=5)
    now_is(clock.DURING_NOMINATION)
    steps = _steps(client.get("/").get_data(as_text=True))
    assert [(title, state) for title, state, _ in steps] == [
        ("Submission of projects", "done"),
        ("Nomination by the Expert Group", "current"),
        ("Public online voting", "upcoming"),
        ("Selection of the winners", "upcoming"),
        ("Prize ceremony and results", "upcoming"),
    ]
    texts = [text for _, _, text in steps]
    assert "to 1 February 2021, 23:00 Geneva time (22:00 UTC)" in texts[0]
    assert "nominates 20 projects per category" in texts[1]
    assert "From 1 March 2021, 09:00 Geneva time (08:00 UTC)" in texts[2]
    assert "the 5 projects with the most votes" in texts[3]
    assert "prize ceremony on 18 May 2021, 13:00 Geneva time (11:00 UTC)" in texts[4]


def test_after_the_ceremony_every_phase_is_done(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.AFTER_CEREMONY)
    html = client.get("/").get_data(as_text=True)
    states = [state for _, state, _ in _steps(html)]
    assert states == ["done", "done", "done", "done", "current"]
    assert "The winners were announced at the prize ceremony on 18 May 2021" in html


def test_a_demo_edition_says_its_data_is_invented(client, make_edition, clock, now_is):
    make_edition(is_demo=True)
    now_is(clock.DURING_SUBMISSION)
    assert "Demo edition: the data is invented." in client.get("/").get_data(as_text=True)


def test_a_real_edition_has_no_demo_notice(client, make_edition, clock, now_is):
    make_edition()
    now_is(clock.DURING_SUBMISSION)
    assert "Demo edition" not in client.get("/").get_data(as_text=True)


def test_the_home_page_reads_the_clock_once(client, make_edition, clock, monkeypatch):
    make_edition()
    reads = []

    def utcnow():
        reads.append(1)
        return clock.DURING_SUBMISSION

    monkeypatch.setattr(clock_module, "utcnow", utcnow)
    assert client.get("/").status_code == 200
    assert len(reads) == 1

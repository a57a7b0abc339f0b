"""The word-count rule shared by the server and static/js/wordcount.js."""

import pytest

from awards.submissions.wordcount import count_words


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


CASES = [
    ("", 0),
    (None, 0),
    ("   \n\t  ", 0),
    ("one", 1),
    ("one two", 2),
    ("one    two\n\nthree\tfour", 4),
    ("  leading and trailing  ", 3),
    ("don't", 1),
    ("don’t stop", 2),
    ("well-known state-of-the-art", 2),
    ("rock - roll", 2),
    ("foo--bar", 2),
    ("-foo- 'bar'", 2),
    ("and/or", 2),
    ("3.5 million", 3),
    ("ICT4D, 2030!", 2),
    ("Hello, world. (Really?)", 3),
    ("— - ' … !!!", 0),
    ("snake_case", 2),
    ("Côte d'Ivoire", 2),
    ("Здравствуй мир", 2),
    ("مرحبا بالعالم", 2),
    ("हिन्दी भाषा", 2),
    ("中文文本", 1),
    ("<script>alert(1)</script>", 4),
    ("Tab\u00a0non-breaking\u2003em space", 4),
    ("e\u0301te\u0301 decomposed", 2),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_counts_words_by_the_documented_rule(text, expected):
    assert count_words(text) == expected


@pytest.mark.parametrize("n", [149, 150, 200, 201])
def test_counts_at_the_description_limits(n):
    assert count_words(words(n)) == n


def test_punctuation_glued_to_words_does_not_change_the_count():
    assert count_words("One, two; three: four. Five!") == 5


def test_the_browser_script_counts_exactly_like_the_server():
    """static/js/wordcount.js and count_words agree on every case of the table above."""
    import json
    import re
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = (Path(__file__).parents[2] / "static" / "js" / "wordcount.js").read_text()
    pattern = re.search(r"var WORD = (/.*/gu);", script)
    assert pattern, "wordcount.js must define the WORD regular expression"
    texts = [t for t, _ in CASES if t is not None] + [words(149), words(201)]
    program = (
        f"const WORD = {pattern.group(1)};"
        "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(texts.map(t => (t.match(WORD) || []).length)));"
    )
    result = subprocess.run(
        [node, "-e", program],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    assert json.loads(result.stdout) == [count_words(t) for t in texts]

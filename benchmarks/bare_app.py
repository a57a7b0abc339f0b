"""The yardstick of ``benchmarks/bench_voting.py``: a bare Flask app under the same gunicorn.

One route, no database, no session, no template: what the web stack alone costs per request
on this machine (``gunicorn --pythonpath benchmarks bare_app:app``).
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index() -> str:
    return "ok"

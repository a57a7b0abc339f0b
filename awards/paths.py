"""Where the application's files are: the checkout holding `awards/`, `templates/`, `static/`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

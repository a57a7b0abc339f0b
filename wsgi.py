"""Entry point for gunicorn: ``gunicorn wsgi:app``."""

from awards import create_app

app = create_app()

"""The WSIS Prizes awards platform: ``create_app()`` builds the Flask application."""

from awards.app import create_app
from awards.paths import ROOT

__all__ = ["ROOT", "create_app"]

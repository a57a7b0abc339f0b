"""`flask awards ...`: thin commands over the services."""

import click
from flask import Flask
from flask.cli import AppGroup

awards_cli = AppGroup("awards", help="Run the contest from the command line.")


def register_cli(app: Flask) -> None:
    """Attach the command group to the app."""
    app.cli.add_command(awards_cli)


@awards_cli.command("version")
def version() -> None:
    """Print the version."""
    click.echo("awards 0.1.0")

"""Results' commands (``flask awards ...``), attached by ``awards/cli.py``."""

from __future__ import annotations

import click

from awards.results import publication

#: Attached to ``flask awards`` by ``awards/cli.py``; append new commands here.
results_commands: list[click.Command] = []

__all__ = ["publication", "results_commands"]

"""The docs name tests that exist: docs/security.md's table points at real tests."""

from __future__ import annotations

import re

from awards import ROOT


def test_every_test_named_in_the_security_table_exists() -> None:
    text = (ROOT / "docs" / "security.md").read_text()
    missing, current = [], None
    for cell in re.findall(r"`([^`]*(?:tests/|::)[^`]*)`", text):
        path, _, name = cell.partition("::")
        if path:
            current = ROOT / path
            if not current.exists():
                missing.append(path)
                continue
        if name and current is not None and f"def {name.split('[')[0]}(" not in current.read_text():
            missing.append(f"{current.relative_to(ROOT)}::{name}")
    assert missing == []

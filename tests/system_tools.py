"""System tools some tests need, and what to do when one is missing."""
from __future__ import annotations

import os
import shutil

import pytest

# System tools some tests need (Debian packages). On a developer's machine without them those
# tests are skipped, and pytest's summary says what to install; in CI (.ci/run sets
# SMARTKIT_REQUIRE_TOOLS=1) a missing tool fails them instead, never a skip.
SYSTEM_TOOLS = {"pdftotext": "poppler-utils", "pdfinfo": "poppler-utils", "pdftoppm": "poppler-utils",
                "pdffonts": "poppler-utils"}


def require_tool(name: str) -> str:
    """The tool's path; else the test is skipped (or fails in CI) saying which package brings it."""
    found = shutil.which(name)
    if found:
        return found
    why = f"{name} is not installed: apt-get install -y {SYSTEM_TOOLS.get(name, name)}"
    if os.environ.get("SMARTKIT_REQUIRE_TOOLS", "").strip() not in ("", "0", "false", "no"):
        pytest.fail(f"{why} (SMARTKIT_REQUIRE_TOOLS=1 forbids skipping)", pytrace=False)
    pytest.skip(why)

"""The Streamlit internals behind the router workaround (ui/streamlit_internals.py) are still
there: an upgrade that drops one fails here, naming the version, before a fresh server runs a
page without app.py."""
from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest
import streamlit

from ui import streamlit_internals

APP = Path(__file__).resolve().parent.parent / "app.py"


def has_internal(path: str) -> bool:
    """``module:Name.attr`` exists: an attribute, a property or a dataclass field."""
    module_name, _, dotted = path.partition(":")
    try:
        found = importlib.import_module(module_name)
    except ImportError:
        return False
    for part in dotted.split("."):
        if hasattr(found, part):
            found = getattr(found, part)
        elif dataclasses.is_dataclass(found) and part in {f.name for f in dataclasses.fields(found)}:
            return True  # an instance field: the last part of a path
        else:
            return False
    return True


def missing_message(path: str) -> str:
    return (f"Streamlit {streamlit.__version__} no longer has {path}, which ui/streamlit_internals.py "
            f"(written for Streamlit {streamlit_internals.WRITTEN_FOR}) uses to route a fresh server's first "
            f"request through app.py: rework require_router for this Streamlit, or pin streamlit<{streamlit.__version__}.")


@pytest.mark.parametrize("path", streamlit_internals.INTERNALS)
def test_each_streamlit_internal_the_router_uses_still_exists(path):
    assert has_internal(path), missing_message(path)


def test_the_checker_says_when_a_name_is_gone():
    assert not has_internal("streamlit.runtime.pages_manager:PagesManager.no_such_thing")
    assert not has_internal("streamlit.no_such_module:Anything")
    assert "Streamlit " + streamlit.__version__ in missing_message("x:y")


def test_a_pages_folder_beside_the_main_script_still_switches_the_old_mode_on(monkeypatch):
    """What the workaround undoes: the first PagesManager of a server beside ``pages/`` turns the
    old pages-directory mode on for every session."""
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(APP))
    assert PagesManager.uses_pages_directory is True, (
        f"Streamlit {streamlit.__version__}: a pages/ folder beside app.py no longer switches on the old "
        "multipage mode; ui/streamlit_internals.require_router may no longer be needed (check a fresh server's /goal)")


def test_only_the_internals_module_imports_streamlit_runtime():
    root = APP.parent
    files = [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "ui").glob("*.py"))]
    users = [f.relative_to(root).as_posix() for f in files if "streamlit.runtime" in f.read_text(encoding="utf-8")]
    assert users == ["ui/streamlit_internals.py"]

import smartkit


def test_public_names_are_pinned():
    assert set(smartkit.__all__) >= {"GoalDraft", "SmartkitError", "catalogue", "get_kpi", "t", "Lang"}
    for name in smartkit.__all__:
        assert hasattr(smartkit, name), name


def test_every_error_is_a_smartkit_error():
    for name in smartkit.__all__:
        obj = getattr(smartkit, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, smartkit.SmartkitError)


def test_smartkit_never_imports_streamlit():
    import pathlib

    for path in pathlib.Path(smartkit.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import streamlit" not in text and "from streamlit" not in text, path

import smartkit


PUBLIC = [
    "ColumnMappingError", "DataFileError", "EmptyFileError", "GoalDraft", "GoalError", "GoalFileError",
    "HistoryError", "InvalidFieldError", "KPI", "LANGUAGES", "Lang", "MetricMissingError",
    "NotEnoughHistoryError", "SmartkitError", "UnknownKPIError", "UnrecognisedExportError",
    "UnsupportedFileError", "Verdict", "catalogue", "get_kpi", "t",
]


def test_public_names_are_pinned_exactly():
    """The public API is exactly this list: adding or dropping a name is a decision, made here."""
    assert sorted(smartkit.__all__) == PUBLIC
    assert len(set(smartkit.__all__)) == len(smartkit.__all__)
    for name in smartkit.__all__:
        assert hasattr(smartkit, name), name


def test_the_analysis_api_is_public():
    from smartkit.analysis import achievability, baseline, forecast

    for module, names in ((achievability, ("assess", "suggest_targets", "evidence", "combine_chance")),
                          (baseline, ("clean", "measured_baseline", "round_as_counted", "history_warnings",
                                      "clear_clean_cache")),
                          (forecast, ("goal_forecast", "kpi_bounds", "history_needed", "clear_cache"))):
        for name in names:
            assert callable(getattr(module, name)), name


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

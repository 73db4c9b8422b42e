"""The goal brief: its content, the PDF's text in four languages, the PNG's paper size, the
Markdown, the goal file's round trip, the Excel-safe CSV and the file names."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import unicodedata

import pandas as pd
import pytest

from smartkit.demos import load_demo
from smartkit.goals.criteria import evaluate
from smartkit.goals.statement import statement
from smartkit.i18n import Percent, fmt
from smartkit.models import GoalDraft
from smartkit.reports import (brief_markdown, brief_pdf, brief_png, build_brief, export_files, file_name,
                              goal_json, kpi_csv, neutralise, read_goal_file)
from smartkit.reports.markdown import escape
from system_tools import require_tool

TODAY = dt.date(2026, 11, 26)
LANGS = ("en", "vi", "th", "fa")


@pytest.fixture(scope="module")
def demo():
    """Pepperoni Palace twelve days into its month: a goal under way, with a year of history
    that runs to yesterday; its baseline is the one measured on that history (as judged)."""
    from smartkit.goals.assessment import judged_goal

    loaded = load_demo("pepperoni_palace", TODAY)
    start = TODAY - dt.timedelta(days=12)
    draft = loaded.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=30)})
    return judged_goal(draft, loaded.history, TODAY)[0], loaded.history


def in_language(draft: GoalDraft, lang: str) -> GoalDraft:
    from smartkit.demos import demo_texts

    return draft.model_copy(update={"lang": lang, **demo_texts("pepperoni_palace", lang)})


# Text extraction (poppler) is compared after normalising: whitespace and line breaks go (lines
# wrap), bidi and joiner controls go (they are invisible), presentation forms are folded back
# (NFKC), and poppler's known Thai artefact (a cluster of a consonant and its marks written twice,
# "เพิ่พิ่ม") is undone. The PNG pages were looked at to check the shaping itself.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]")
_THAI_TWICE = re.compile(r"([\u0e01-\u0e2e][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+)\1")


def normalised(text: str, rtl: bool = False) -> str:
    """Text as compared with the PDF's. Right to left, only the letters are compared: poppler
    puts numbers and brackets inside a right-to-left line back in its own order ("(%20 از 400 به)"
    for "20% (از 400 به 480)"), while the page itself shows them right (looked at as PNG)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    text = re.sub(r"\s+", "", text)
    if rtl:
        text = re.sub(r"[\W\d_]+", "", text)
    return _THAI_TWICE.sub(r"\1", text)


def pdf_text(pdf: bytes, tmp_path, rtl: bool = False, right_part: float | None = None) -> str:
    """The PDF's text: in content order (``-raw``), or for a right-to-left page in poppler's
    reading order (which puts each right-to-left line back in logical order; ``right_part``:
    only that share of the page's width on the right, one column, since poppler's reading
    order mixes the lines of side-by-side right-to-left columns)."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(pdf)
    mode = [] if rtl else ["-raw"]
    if right_part is not None:
        left = int(595 * (1 - right_part))
        mode += ["-x", str(left), "-y", "0", "-W", str(595 - left), "-H", "842"]
    return subprocess.run([require_tool("pdftotext"), *mode, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def pdf_pages(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run([require_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


# ----------------------------------------------------------------------------- content


def test_the_brief_says_what_smartkit_says_about_the_goal(demo):
    draft, history = demo
    brief = build_brief(draft, history, "en", TODAY, workspace="Acme Agency")
    report = evaluate(draft, history=history, today=TODAY)
    assert brief.statement == statement(draft, "en")
    assert [row.status for row in brief.scorecard] == [v.status for v in report.verdicts.values()]
    assert brief.scorecard[2].reason.lower() == report.verdicts["achievable"].reason.render("en").lower()
    assert brief.chance == fmt(Percent(report.achievability.chance * 100), "en")
    assert "Acme Agency" in brief.prepared and "26 November 2026" in brief.prepared


def test_the_brief_shows_the_numbers_behind_the_chance(demo):
    draft, history = demo
    brief = build_brief(draft, history, "en", TODAY)
    assessed = evaluate(draft, history=history, today=TODAY).achievability
    labels = [fact.label for fact in brief.chance_facts]
    assert "Your own history" in labels
    share = next(f for f in brief.chance_facts if f.label == "Your own history")
    assert share.value == f"{round(assessed.achieved_share * 100)}%"
    forecast = next(f for f in brief.chance_facts if f.label.startswith("Forecast for"))
    assert "range" in forecast.note


def test_a_goal_under_way_has_pacing_and_a_next_review_on_its_brief(demo):
    draft, history = demo
    brief = build_brief(draft, history, "en", TODAY)
    assert brief.pacing is not None and brief.pacing.note
    due = next(f for f in brief.review if f.label == "Review due since")
    assert due.value == "21 November 2026"  # weekly from the start, 14 November, and no review held since


def test_a_goal_without_history_is_judged_on_typical_growth_and_says_so():
    draft = GoalDraft.load("tests/fixtures/goals/pepperoni_palace.json")
    brief = build_brief(draft, None, "en", TODAY)
    assert brief.pacing is None
    assert any(f.value.startswith("typical growth") for f in brief.chance_facts)


def test_the_brief_chart_is_the_goal_page_chart(demo):
    from smartkit.charts import chart_data

    draft, history = demo
    brief = build_brief(draft, history, "en", TODAY)
    assert brief.chart == chart_data(draft, history, TODAY, "en")


# ----------------------------------------------------------------------------- PDF in four languages


@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_has_the_statement_and_every_scorecard_reason(lang, demo, tmp_path):
    draft, history = demo
    brief = build_brief(in_language(draft, lang), history, lang, TODAY)
    pdf = brief_pdf(brief)
    text = normalised(pdf_text(pdf, tmp_path, rtl=brief.rtl), brief.rtl)
    assert normalised(brief.statement, brief.rtl) in text
    if brief.rtl:  # the scorecard is the right-hand column in Persian
        text = normalised(pdf_text(pdf, tmp_path, rtl=True, right_part=0.56), rtl=True)
    for row in brief.scorecard:
        if brief.rtl:  # poppler moves a wrapped line's hamza (هٔ) and what follows it to other lines
            words = [normalised(w, rtl=True) for w in re.split(r"[\s\u200c]+", row.reason)]
            assert all(w in text for w in words if w), row.letter
        else:
            assert normalised(row.reason, brief.rtl) in text, row.letter


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_brief_is_one_page_in_every_language_and_paper(lang, paper, demo, tmp_path):
    draft, history = demo
    brief = build_brief(in_language(draft, lang), history, lang, TODAY, workspace="Acme")
    assert pdf_pages(brief_pdf(brief, paper), tmp_path) == 1


def test_a_persian_brief_keeps_joined_letters_and_latin_names_in_its_text(demo, tmp_path):
    draft, history = demo
    brief = build_brief(in_language(draft, "fa"), history, "fa", TODAY)
    text = normalised(pdf_text(brief_pdf(brief), tmp_path, rtl=True), rtl=True)
    assert normalised("افزایش دنبال‌کنندگان فیسبوک", rtl=True) in text  # joined letters extract back, in order
    assert normalised("با سنجش در Page Insights و بازبینی", rtl=True) in text  # a Latin name in its place


def test_long_user_text_still_fits_on_one_page(demo, tmp_path):
    draft, history = demo
    wordy = draft.model_copy(update={"plan": "Boosted posts and a strong content plan. " * 40,
                                     "name": "A very long goal name " * 10,
                                     "baseline_source": "Page Insights export " * 30})
    assert pdf_pages(brief_pdf(build_brief(wordy, history, "en", TODAY), "letter"), tmp_path) == 1


def test_user_text_is_printed_as_typed_never_run_as_typst_markup(demo, tmp_path):
    draft, history = demo
    sneaky = draft.model_copy(update={"name": '#set page(fill: red) *bold* $x$ "quoted" \\ #panic("no")',
                                      "plan": "]; #panic(\"boom\") //"})
    text = pdf_text(brief_pdf(build_brief(sneaky, history, "en", TODAY)), tmp_path)
    assert '#set page(fill: red) *bold* $x$ "quoted" \\ #panic("no")' in text.replace("\n", " ")
    assert '#panic("boom")' in text


# ----------------------------------------------------------------------------- PNG


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_the_png_page_has_the_paper_shape_of_a4_or_letter(demo):
    draft, history = demo
    brief = build_brief(draft, history, "en", TODAY)
    a4_w, a4_h = png_size(brief_png(brief, "a4", ppi=72))
    letter_w, letter_h = png_size(brief_png(brief, "letter", ppi=72))
    assert (a4_w, a4_h) == (595, 842)            # 210 × 297 mm at 72 ppi
    assert (letter_w, letter_h) == (612, 792)    # 8.5 × 11 in at 72 ppi
    assert a4_h / a4_w == pytest.approx(297 / 210, rel=0.01)
    assert letter_h / letter_w == pytest.approx(11 / 8.5, rel=0.01)


def test_the_chart_png_needs_no_browser(demo, monkeypatch):
    draft, history = demo
    monkeypatch.setenv("PATH", "/nonexistent")   # no chromium, no kaleido browser to find
    files = export_files(draft, history, "chart", today=TODAY)
    (name, png), = files.items()
    assert name == "pepperoni-palace-local-followers-chart-2026-11-26.png"
    width, height = png_size(png)
    assert width > 1000 and 0.3 < height / width < 0.7


# ----------------------------------------------------------------------------- Markdown


def test_the_markdown_brief_links_its_chart_written_next_to_it(demo):
    draft, history = demo
    files = export_files(draft, history, "md", today=TODAY)
    md_name, chart_name = list(files)
    assert md_name == "pepperoni-palace-local-followers-brief-2026-11-26.md"
    text = files[md_name].decode("utf-8")
    assert f"](<{chart_name}>)" in text
    assert files[chart_name][:4] == b"\x89PNG"
    assert "## SMART scorecard" in text


def test_markdown_user_text_cannot_become_links_html_or_headings(demo):
    draft, history = demo
    sneaky = draft.model_copy(update={"name": "**[click](http://evil.example)** <script>x</script>"})
    text = brief_markdown(build_brief(sneaky, history, "en", TODAY))
    first = text.splitlines()[0]
    assert "[click]" not in first and "<script>" not in first
    assert escape("- not a list") == "\\- not a list" and escape("1. not a list") == "1\\. not a list"


# ----------------------------------------------------------------------------- JSON round trip


def test_a_goal_file_with_history_imports_back_unchanged(demo):
    draft, history = demo
    text = goal_json(draft, history, TODAY)
    loaded = read_goal_file(text)
    assert loaded.draft == draft
    pd.testing.assert_frame_equal(loaded.history, history.set_axis(history.index.as_unit("us")), check_freq=False)
    assert goal_json(loaded.draft, loaded.history, TODAY) == text


def test_a_reloaded_goal_keeps_its_chance_and_chart(demo):
    from smartkit.charts import chart_data

    draft, history = demo
    loaded = read_goal_file(goal_json(draft, history, TODAY))
    before = evaluate(draft, history=history, today=TODAY).achievability
    after = evaluate(loaded.draft, history=loaded.history, today=TODAY).achievability
    assert after.chance == before.chance and after.verdict == before.verdict
    assert chart_data(loaded.draft, loaded.history, TODAY) == chart_data(draft, history, TODAY)


def test_the_goal_file_carries_statement_and_verdicts_read_only(demo):
    draft, history = demo
    data = json.loads(goal_json(draft, history, TODAY))
    assert data["statement"] == statement(draft, "en")
    assert set(data["verdicts"]) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert data["achievability"]["verdict"] in ("realistic", "ambitious", "unrealistic")
    data["statement"] = "Doubled by magic"
    data["verdicts"]["achievable"]["status"] = "pass"
    loaded = read_goal_file(json.dumps(data))
    assert loaded.draft == draft and not loaded.draft.extras
    assert json.loads(goal_json(loaded.draft, loaded.history, TODAY))["statement"] == statement(draft, "en")


def test_a_goal_file_without_history_round_trips_too():
    draft = GoalDraft.load("tests/fixtures/goals/pepperoni_palace.json")
    text = goal_json(draft, None, TODAY)
    loaded = read_goal_file(text)
    assert loaded.history is None and loaded.draft == draft
    assert goal_json(loaded.draft, None, TODAY) == text


def test_a_plain_goal_file_still_loads():
    text = open("tests/fixtures/goals/pepperoni_palace.json", encoding="utf-8").read()
    assert read_goal_file(text).draft == GoalDraft.from_json_text(text)


def test_a_broken_history_in_a_goal_file_names_the_row():
    from smartkit.errors import GoalFileError

    text = json.dumps({"kpi": "followers", "history": {"columns": ["followers"], "rows": [["2026-01-01", 1], ["soon", 2]]}})
    with pytest.raises(GoalFileError) as err:
        read_goal_file(text, origin="goal.json")
    assert "row 2" in err.value.message("en") and "goal.json" in err.value.message("en")


# ----------------------------------------------------------------------------- CSV


def rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # a BOM: Excel reads Thai and Persian right
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", ["=HYPERLINK(\"http://x\")", "+1 followers", "-5 %", "@SUM(A1)", "\tgoal", "\rgoal"])
def test_a_goal_name_that_looks_like_a_formula_is_neutralised_in_the_csv(name, demo):
    draft, history = demo
    table = rows(kpi_csv(draft.model_copy(update={"name": name}), history, TODAY))
    assert all(row[1] == "'" + name for row in table[1:])


def test_numbers_stay_numbers_in_the_csv_even_negative_ones():
    assert neutralise(-5.0) == -5.0 and neutralise(0) == 0
    assert neutralise("-5") == "'-5" and neutralise("Pepperoni") == "Pepperoni"


def test_the_csv_is_the_daily_table_with_target_path_and_forecast(demo):
    draft, history = demo
    table = rows(kpi_csv(draft, history, TODAY))
    header, body = table[0], table[1:]
    assert header == ["date", "goal", "kpi", "actual", "target_path", "forecast", "forecast_lower", "forecast_upper"]
    by_day = {row[0]: row for row in body}
    assert float(by_day[draft.deadline.isoformat()][4]) == pytest.approx(draft.resolved_target)
    last_history = history.index[-1].date().isoformat()
    assert float(by_day[last_history][3]) == history["followers"].iloc[-1]
    assert all(row[5] for row in body if row[0] > last_history)   # forecast to the deadline
    days = [dt.date.fromisoformat(row[0]) for row in body]
    assert days == sorted(days) and len(days) == len(set(days))


# ----------------------------------------------------------------------------- file names


def test_file_names_say_goal_kind_and_date(pepperoni):
    day = dt.date(2026, 11, 26)
    named = pepperoni.model_copy(update={"name": "Pepperoni Palace"})
    assert file_name(named, "brief", day, "pdf") == "pepperoni-palace-brief-2026-11-26.pdf"
    assert file_name(named, "goal", day, "json") == "pepperoni-palace-goal-2026-11-26.json"
    assert file_name(named, "kpi-table", day, "csv") == "pepperoni-palace-kpi-table-2026-11-26.csv"


def test_a_name_without_latin_letters_is_named_after_its_kpi(pepperoni):
    day = dt.date(2026, 11, 26)
    assert file_name(pepperoni.model_copy(update={"name": "ผู้ติดตามในเมือง"}), "brief", day, "pdf") == \
        "followers-brief-2026-11-26.pdf"
    assert file_name(pepperoni.model_copy(update={"name": "Tăng người theo dõi Đà Nẵng"}), "brief", day, "png") == \
        "tang-nguoi-theo-doi-da-nang-brief-2026-11-26.png"
    assert file_name(GoalDraft(), "goal", day, "json") == "smartkit-goal-2026-11-26.json"


def test_a_persian_calendar_goal_has_solar_hijri_months_and_persian_digits_on_its_chart(demo):
    from smartkit.reports.chart import layout

    draft, history = demo
    persian = in_language(draft, "fa").model_copy(update={"calendar": "persian", "native_digits": True})
    brief = build_brief(persian, history, None, TODAY)
    drawn = layout(brief.chart, 500, 200, brief.loc)
    labels = " ".join(tick["label"] for tick in drawn["x_ticks"])
    assert "آذر" in labels and "نوامبر" not in labels
    assert all(not any(c.isascii() and c.isdigit() for c in tick["label"]) for tick in drawn["y_ticks"])


# ----------------------------------------------------------------------------- what a new user saw


def test_the_default_workspace_is_never_printed_as_a_client(demo):
    from smartkit.i18n import t

    draft, history = demo
    for lang in LANGS:
        brief = build_brief(draft, history, lang, TODAY, workspace="default", chart=False)
        assert brief.workspace is None and "default" not in brief.prepared
        assert brief.prepared == t("report.prepared_on", lang, date=TODAY)
    assert "default" not in brief_markdown(build_brief(draft, history, "en", TODAY, workspace="Default ", chart=False))
    named = build_brief(draft, history, "fa", TODAY, workspace="Acme", chart=False)
    assert named.workspace == "Acme" and "Acme" in named.prepared


def test_the_brief_names_the_demo_history_in_its_own_language(demo):
    from smartkit.i18n import Message, t

    draft, history = demo  # loaded in English: its source reads "the example's daily history"
    assert draft.baseline_source == t("demo.baseline_source", "en")
    source = Message("demo.baseline_source", {})
    for lang in LANGS:
        note = build_brief(draft, history, lang, TODAY, chart=False).facts[0].note
        measured = (t("report.baseline.measured_on", lang, source=source, days=draft.baseline_window)
                    if draft.baseline_window else t("report.baseline.measured_period_on", lang, source=source))
        assert note.startswith(measured)  # one sentence, the source placed by the language
        assert t("demo.baseline_source", lang) in note
        if lang != "en":
            assert "daily history" not in note
    persian = build_brief(draft, history, "fa", TODAY, chart=False).facts[0].note
    assert "روی " + t("demo.baseline_source", "fa") in persian  # "measured on the example's daily history"
    typed = draft.model_copy(update={"baseline_source": "Page Insights, last 28 days"})
    assert "Page Insights, last 28 days" in build_brief(typed, history, "fa", TODAY, chart=False).facts[0].note


def test_the_markdown_brief_says_on_track_once():
    loaded = load_demo("engagement_rate", TODAY)  # a rate goal three weeks in, ahead of its path
    start = TODAY - dt.timedelta(days=21)
    draft = loaded.draft.model_copy(update={"start": start, "deadline": start + dt.timedelta(days=90)})
    from smartkit.i18n import t

    for lang in LANGS:
        brief = build_brief(draft, loaded.history, lang, TODAY, chart=False)
        assert brief.pacing is not None and brief.pacing_status == "pass"
        status = t("pacing.on_track", lang).split(":")[0]  # "On track", as the pacing note opens
        section = brief_markdown(brief).split(f"## {brief.labels['pacing']}")[1].split("##")[0]
        line = section.strip()
        assert line.count(status) == 1 and f"**{brief.pacing.label}**" not in line
        assert line.startswith(f"✔ **{status}:** ")

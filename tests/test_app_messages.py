"""The baseline page's messages about uploaded files (AppTest): which file's figures are used when
two files carry the same metric and why, what a file has when it lacks the KPI, and a file over
the size limit refused in the user's language."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from smartkit.demos import load_demo
from ui.state import Keys
from ui.widgets import MAX_UPLOAD_MB

TODAY = dt.date(2026, 11, 24)
APP = Path(__file__).resolve().parent.parent / "app.py"
EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
SHOPIFY = "shopify_sales_over_time.csv"
META = "meta_ads_daily_campaign_90d.csv"
GA4 = "ga4_daily_users.csv"


def baseline_page(demo: str, lang: str = "en") -> AppTest:
    draft = load_demo(demo, TODAY, lang).draft
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state[Keys.TODAY] = TODAY
    at.session_state[Keys.DRAFT] = draft.model_copy(update={"baseline": None, "baseline_origin": None})
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/baseline.py").run()
    assert not at.exception
    return at


def upload(at: AppTest, *names: str) -> AppTest:
    files = [(name, (EXPORTS / name).read_bytes(), "text/csv") for name in names]
    at.file_uploader(key="ui.uploads.0").set_value(files).run()
    assert not at.exception
    return at


def shown(at: AppTest) -> str:
    parts = [e.value for e in at.info] + [e.value for e in at.error] + [e.value for e in at.warning]
    return "\n".join(parts).replace("\\", "")


def test_two_files_with_the_same_sales_say_which_file_is_used_and_why():
    at = upload(baseline_page("product_x_sales"), META, SHOPIFY)
    text = shown(at)
    assert f"“Purchases” is in {META} and in {SHOPIFY}: the figures of {SHOPIFY} are used, because " \
           "Shopify Analytics measures it better than Meta Ads Manager" in text
    assert "ignored, so it is not counted twice" not in text  # the tools-only warning is not said twice


def test_a_file_without_the_chosen_kpi_lists_the_metrics_it_has():
    at = upload(baseline_page("product_x_sales"), GA4)  # the KPI is sales revenue; GA4 has users, sessions...
    text = shown(at)
    assert f"{GA4} has no figures for Sales revenue" in text
    assert "Sessions" in text and "New users" in text


def test_a_file_without_the_kpi_is_explained_in_thai_too():
    at = upload(baseline_page("product_x_sales", "th"), GA4)
    text = shown(at)
    assert f"{GA4} ไม่มีตัวเลขของ" in text and "ข้อมูลนี้มี" in text


def test_a_file_over_the_size_limit_is_refused_in_the_users_language():
    at = baseline_page("product_x_sales", "vi")
    big = b"date,purchases\n" + b"2024-01-01,1\n" * ((MAX_UPLOAD_MB * 1024 * 1024) // 13 + 10)
    at.file_uploader(key="ui.uploads.0").set_value(("huge.csv", big, "text/csv")).run()
    assert not at.exception
    text = shown(at)
    assert f"huge.csv có dung lượng {MAX_UPLOAD_MB}" in text and f"tối đa {MAX_UPLOAD_MB} MB" in text
    assert at.session_state[Keys.HISTORY] is None  # not read


def test_streamlits_uploader_words_are_drawn_in_the_users_language():
    from smartkit.i18n import as_lang
    from ui.frame import _css_text, page_css

    css = page_css(as_lang("th"))
    assert 'content: "เลือกไฟล์"' in css and f"ไม่เกิน {MAX_UPLOAD_MB} MB ต่อไฟล์" in css
    assert "content: \"Upload" not in css
    quoted = _css_text('a "quote" </style> \\ line\nbreak')
    assert '"' not in quoted and "<" not in quoted and "\n" not in quoted


def test_an_import_warning_is_worded_in_the_new_language_after_switching_and_after_a_reload():
    """The warnings are kept as messages (key and raw figures), worded when drawn: an English
    upload's "last day not over" reads in Thai once Thai is chosen, and so after a reload."""
    from smartkit.importers import read_export

    partial = next(w for w in read_export(EXPORTS / SHOPIFY).warnings if w.key.endswith("partial_last_day"))
    at = upload(baseline_page("product_x_sales"), SHOPIFY)
    assert partial.render("en") in shown(at)
    at.selectbox(key=Keys.LANG_PICK).set_value("th").run()
    assert not at.exception
    thai = shown(at)
    assert partial.render("th") in thai and partial.render("en") not in thai
    gid = at.session_state[Keys.GOAL_ID]
    assert gid

    again = AppTest.from_file(str(APP), default_timeout=60)  # a reload: a new session on the stored goal
    again.session_state[Keys.TODAY] = TODAY
    again.query_params["goal"] = gid
    again.query_params["lang"] = "vi"
    again.run()
    again.switch_page("pages/baseline.py").run()
    assert not again.exception
    text = shown(again)
    assert partial.render("vi") in text and partial.render("en") not in text

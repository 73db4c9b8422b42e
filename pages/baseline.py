"""Step 3: the baseline, measured on the user's own exports (or a demo, or typed)."""
import hashlib

import streamlit as st

from smartkit.analysis.baseline import gap_to_benchmark_pct
from smartkit.catalogue import get_kpi
from smartkit.demos import DEMO_IDS
from smartkit.errors import (ColumnMappingError, DataFileError, MetricMissingError, SmartkitError,
                             UnrecognisedExportError)
from smartkit.i18n import Percent, fmt, fmt_date, fmt_list, has, t
from ui import data, flow, frame, state
from ui.state import Keys
from ui.widgets import PLOTLY_CONFIG, bound, error, kpi_text, md, number_field, upload_fits

WINDOWS = (7, 28, 90)
NO_METRIC = ""

lang = frame.page_header("baseline")
draft = state.draft()
kpi = get_kpi(draft.kpi)
today = state.today()


def source_name(source: str) -> str:
    return t(f"import.source.{source}", lang) if has(f"import.source.{source}") else source


def mapping_form(name: str, raw: bytes, file_key: str, position: int, said: str = "") -> None:
    """Map the columns of a file the importer could not recognise (the mapping is kept by file
    name and content, so the same file is mapped once). ``said``: the message already shown for
    this file, not repeated."""
    try:
        headers, preview = data.columns_of(raw, name)
    except DataFileError as err:
        if err.message(lang) != said:
            error(err, lang)
        return
    from smartkit.importers import ColumnMapping

    metric_ids = [NO_METRIC, *ColumnMapping.metric_choices()]
    with st.form(f"ui.mapping_form.{position}.{file_key}"):
        st.markdown(f"**{md(t('ui.baseline.mapping_title', lang, file=name))}**")
        st.dataframe(preview.head(5), hide_index=True)
        date_col = st.selectbox(t("ui.baseline.mapping_date", lang), headers)
        chosen = {}
        cols = st.columns(2)
        for i, header in enumerate(h for h in headers if h != date_col):
            with cols[i % 2]:
                chosen[header] = st.selectbox(md(header), metric_ids, key=f"ui.map.{position}.{file_key}.{header}",
                                              format_func=lambda m: t("ui.baseline.mapping_skip", lang)
                                              if m == NO_METRIC else t(f"kpi.{m}.name", lang))
        if st.form_submit_button(t("ui.baseline.mapping_apply", lang), type="primary"):
            mapping = ColumnMapping(date_column=date_col, columns={h: m for h, m in chosen.items() if m})
            st.session_state[f"ui.mapping::{file_key}"] = mapping.model_dump_json()
            st.rerun()


def read_uploads(files) -> None:
    results, summaries, digest = [], [], hashlib.sha1()
    for position, upload in enumerate(files):
        if not upload_fits(upload, lang):
            continue
        raw = upload.getvalue()
        file_key = f"{upload.name}:{hashlib.sha1(raw).hexdigest()[:12]}"  # two "export.csv" differ
        mapping_json = st.session_state.get(f"ui.mapping::{file_key}")
        try:  # a long read says what it is doing (Streamlit shows the spinner after half a second)
            with st.spinner(t("ui.baseline.reading", lang, file=upload.name, n=position + 1, total=len(files))):
                result = data.parse_export(raw, upload.name, mapping_json)
        except (UnrecognisedExportError, ColumnMappingError) as err:
            error(err, lang)
            mapping_form(upload.name, raw, file_key, position, said=err.message(lang))
            continue
        except DataFileError as err:
            error(err, lang)
            continue
        results.append(result)
        digest.update(raw)
        digest.update((mapping_json or "").encode())
        summaries.append({"file": upload.name, "source": result.source, "start": result.start,
                          "end": result.end, "periods": result.periods, "granularity": result.granularity,
                          "warnings": list(result.warnings), "metrics": list(result.daily.columns)})
    if not results:
        return
    key = "upload:" + digest.hexdigest()
    if key != state.history_id():
        try:
            with st.spinner(t("ui.baseline.merging", lang, n=len(results))):
                merged = data.merged(key, results)
        except SmartkitError as err:
            error(err, lang)
            return
        note_merges(merged, summaries)
        state.set_history(merged, {"kind": "upload", "files": [s["file"] for s in summaries]}, digest=key)
        st.session_state[Keys.IMPORTS] = summaries
        if state.draft().baseline_origin != "manual":
            flow.follow_the_data()
        st.rerun()  # the progress and the sidebar above were drawn before the new baseline


def note_merges(merged, summaries: list[dict]) -> None:
    """Where two files carry the same metric, the file left out says which file's figures are
    used instead and why (smartkit.importers.merge_notes)."""
    from smartkit.importers import merge_notes

    notes = merge_notes(merged.attrs.get("warnings", []), [(s["file"], s["source"]) for s in summaries])
    for summary, merges in zip(summaries, notes):
        if merges:
            summary.setdefault("merges", []).extend(merges)


def merge_note(merge: dict, file: str) -> str:
    return t("ui.baseline.merge_used", lang, metric=t(f"kpi.{merge['metric']}.name", lang), file=file,
             kept_file=merge["kept_file"], kept=source_name(merge["kept"]), dropped=source_name(merge["dropped"]))


def metric_missing(kpi_name: str, history, source: dict) -> None:
    """The KPI is not in the data: say what the data has instead (the metrics by name)."""
    names = [t(f"kpi.{m}.name", lang) if has(f"kpi.{m}.name") else m for m in history.columns
             if history[m].notna().any()]
    files = [item["file"] for item in st.session_state[Keys.IMPORTS]]
    what = fmt_list(files, lang, style="standard") if files else (
        data.demo_blurb(source["id"], state.today(), lang).title if source.get("id")
        else t("ui.baseline.this_data", lang))
    st.error(md(t("ui.baseline.kpi_not_in_data", lang, kpi=kpi_name, data=what,
                  metrics=fmt_list(names, lang, style="standard") or "—")), icon=":material/error:")


# ---------------------------------------------------------------- the data
st.subheader(t("ui.baseline.data", lang), anchor=False)
# No file-type filter: the importer reads the content and says in the user's language what a PDF,
# an image or an archive is and what to export instead (Streamlit's own refusal is English-only).
files = st.file_uploader(t("ui.baseline.upload", lang), accept_multiple_files=True,
                         key=f"ui.uploads.{st.session_state[Keys.UPLOAD_NONCE]}",
                         help=t("ui.baseline.upload_help", lang))
if files:
    read_uploads(files)

with st.expander(t("ui.baseline.demo_data", lang), icon=":material/dataset:"):
    pick, go = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        demo_id = st.selectbox(t("ui.demo.pick", lang), DEMO_IDS, key="ui.demo_data_pick",
                               format_func=lambda d: data.demo_blurb(d, state.today(), lang).title)
    with go:
        st.button(t("ui.baseline.use_demo_data", lang), on_click=flow.use_demo_history, args=(demo_id,),
                  key="ui.demo_data_use", width="stretch")

history = state.history()
source = st.session_state.get(Keys.HISTORY_SOURCE) or {}
if history is not None:
    with st.container(border=True):
        top, remove = st.columns([4, 1], vertical_alignment="center")
        with top:
            if source.get("kind") in ("demo", "demo_data"):
                st.markdown(md(t("ui.baseline.using_demo", lang,
                                 demo=data.demo_blurb(source["id"], state.today(), lang).title)))
            from smartkit.importers import besides_merge_notes

            for item in st.session_state[Keys.IMPORTS]:
                st.markdown(md(t("ui.baseline.file_line" if item["source"] else "ui.baseline.file_line_plain", lang,
                                 file=item["file"], source=source_name(item["source"]), start=item["start"],
                                 end=item["end"], n=item["periods"])))
                for warning in besides_merge_notes(item["warnings"], item.get("merges")):  # merges: said below, by file
                    st.warning(md(warning.render(lang)), icon=":material/warning:")
                for merge in item.get("merges", []):
                    st.info(md(merge_note(merge, item["file"])), icon=":material/merge:")
        with remove:
            st.button(t("ui.baseline.remove", lang), on_click=flow.clear_history, key="ui.history_clear",
                      icon=":material/delete:")

    st.subheader(t("ui.baseline.measured", lang, kpi=kpi.name(lang)), anchor=False)
    bound(st.segmented_control, "baseline_window", t("ui.field.baseline_window", lang), options=WINDOWS,
          to_widget=lambda v: v or 28, from_widget=lambda v: v or 28,
          format_func=lambda d: t("ui.baseline.window_days", lang, n=d))
    window = state.draft().baseline_window or 28
    try:
        measured = data.baseline(state.history_id(), history, kpi.id, window, flow.anchor(draft), today)
    except MetricMissingError:
        metric_missing(kpi.name(lang), history, source)
        measured = None
    except SmartkitError as err:
        error(err, lang)
        measured = None
    if measured is not None:
        cols = st.columns(3)
        if kpi.kind == "count":
            cols[0].metric(t("ui.baseline.per_day", lang), md(kpi_text(draft, measured.daily_mean, lang)))
            cols[1].metric(t("ui.baseline.per_month", lang), md(kpi_text(draft, (measured.per_period or {}).get("month"), lang)))
        else:
            cols[0].metric(t("ui.baseline.value", lang), md(kpi_text(draft, measured.value, lang)))
            cols[1].metric(t("ui.baseline.latest", lang), md(kpi_text(draft, measured.latest, lang)))
        if measured.trend is not None:
            cols[2].metric(t("ui.baseline.trend", lang),
                           fmt(Percent(measured.trend.monthly_pct, signed=True), lang))
        st.caption(md(t("ui.baseline.window", lang, start=fmt_date(measured.window_start, lang),
                        end=fmt_date(measured.window_end, lang), days=measured.days_used)))
        for warning in measured.warnings:
            st.warning(md(warning.render(lang)), icon=":material/warning:")
        fig = data.baseline_figure(state.history_id(), history, kpi.id, window, flow.anchor(draft), today,
                                   lang)
        st.plotly_chart(fig, config=PLOTLY_CONFIG, key="ui.baseline_chart")
        if state.draft().baseline_origin == "history":
            # the value itself follows the data in app.py (flow.follow_history), before the sidebar
            if not state.draft().baseline_source:
                state.set_answer("baseline_source", t("ui.baseline.source_text", lang, days=window,
                                                     end=measured.window_end))
        else:
            st.button(t("ui.baseline.use_measured", lang), on_click=flow.follow_the_data,
                      key="ui.use_measured", icon=":material/straighten:")

# ---------------------------------------------------------------- typed value, benchmark
st.subheader(t("ui.baseline.figure", lang), anchor=False)
draft = state.draft()
if draft.baseline_origin == "history" and kpi.kind == "count":
    st.caption(md(t("ui.baseline.count_period", lang)))
left, right = st.columns(2)
with left:
    number_field("baseline", t("ui.field.baseline", lang, kpi=kpi.name(lang)), lang, after=flow.typed_baseline,
                 help=t("ui.help.baseline", lang), placeholder=t("ui.placeholder.number", lang))
with right:
    bound(st.text_input, "baseline_source", t("ui.field.baseline_source", lang),
          placeholder=t("ui.placeholder.baseline_source", lang))
with st.expander(t("ui.baseline.benchmark", lang), icon=":material/compare_arrows:"):
    st.caption(md(t("ui.baseline.benchmark_help", lang)))
    b1, b2 = st.columns(2)
    with b1:
        number_field("benchmark", t("ui.field.benchmark", lang), lang, placeholder=t("ui.placeholder.number", lang))
    with b2:
        bound(st.text_input, "benchmark_source", t("ui.field.benchmark_source", lang),
              placeholder=t("ui.placeholder.benchmark_source", lang))
    draft = state.draft()
    gap = gap_to_benchmark_pct(draft.baseline, draft.benchmark)
    if gap is not None:
        st.caption(md(t("ui.baseline.benchmark_gap", lang, gap=Percent(gap, signed=True))))

frame.page_footer("baseline")

"""Read the exports marketers really have into one tidy daily table.

The source is detected from the *content* (never the file name): each source module
(:mod:`.meta_ads`, :mod:`.business_suite`, :mod:`.ga4`, :mod:`.tiktok`, :mod:`.google_ads`,
:mod:`.shopify`, :mod:`.search_console`, :mod:`.youtube_studio`, :mod:`.x_analytics`,
:mod:`.google_business_profile`, :mod:`.generic`) holds a declarative ``COLUMN_MAP`` (catalogue id → header
aliases in every language the tool exports in), a ``detect(sample) -> score`` and a
``parse_*`` function. Decoding, separators and preambles live in :mod:`._text`; numbers, dates
and header matching in :mod:`._tables`; aggregation and data-quality warnings in
:mod:`._result`. Layout in the style of pvlib ``iotools`` / beangulp importers.

Public API::

    read_export(data, filename=None, mapping=None) -> ImportResult
    merge(results) -> pd.DataFrame   (its "duplicate metric dropped" warnings also go to the
                                      warnings of the result whose figures were left out)
    candidate_columns(data, filename=None) -> (headers, preview)
    ImportResult, ColumnMapping, SOURCES, detect_source(sample)

Every failure is a :class:`smartkit.errors.DataFileError` (or subclass) with a message for a
marketer; nothing else escapes :func:`read_export`.
"""
from __future__ import annotations

from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd

from smartkit.catalogue import catalogue
from smartkit.errors import DataFileError, SmartkitError, UnrecognisedExportError
from smartkit.i18n import Message
from smartkit.importers import (
    business_suite,
    ga4,
    generic,
    google_ads,
    google_business_profile,
    meta_ads,
    search_console,
    shopify,
    tiktok,
    x_analytics,
    youtube_studio,
)
from smartkit.importers._result import ColumnMapping, Extract, ImportResult, finish
from smartkit.importers._single import first_line
from smartkit.importers._tables import block_frame
from smartkit.importers._text import RawFile, Sample, check_kind, decode, detect_encoding, xlsx_to_csv

__all__ = ["SOURCES", "ColumnMapping", "ImportResult", "candidate_columns", "detect_source",
           "merge", "read_export", "read_exports"]

# Source modules in detection order (a tie goes to the earlier one); generic is the fallback.
SOURCES: tuple[ModuleType, ...] = (business_suite, ga4, meta_ads, google_ads, tiktok, shopify,
                                   search_console, youtube_studio, x_analytics,
                                   google_business_profile)
DETECT_THRESHOLD = 0.5
# No analytics export has more columns than this (Ads Manager's widest is ~300); a header of
# 100,000 fields is a broken file, and guessing its columns would take seconds.
MAX_COLUMNS = 2000

# The catalogue's ``source`` of a metric (who measures it best) → our source name.
_AUTHORITY = {"ads_manager": "meta_ads_manager", "page_insights": "meta_business_suite",
              "business_suite": "meta_business_suite", "ga4": "ga4", "shopify": "shopify",
              "google_ads": "google_ads", "tiktok_analytics": "tiktok"}
# When the catalogue's authority is not among the files: the more complete measurement first.
_PRECEDENCE = ("meta_ads_manager", "ga4", "shopify", "google_ads", "meta_business_suite",
               "tiktok", "youtube_studio", "x_analytics", "search_console",
               "google_business_profile", "generic")


def detect_source(sample: Sample) -> ModuleType:
    """The source module whose ``detect`` scores highest (generic below the threshold)."""
    scored = [(module.detect(sample), -i, module) for i, module in enumerate(SOURCES)]
    score, _, module = max(scored, key=lambda s: (s[0], s[1]))
    return module if score >= DETECT_THRESHOLD else generic


def _open(data: bytes | str | Path, filename: str | None) -> tuple[RawFile, Sample]:
    raw = RawFile.of(data, filename)
    if check_kind(raw) == "xlsx":
        raw = xlsx_to_csv(raw)
    sample = Sample.of(raw)
    if sample.header_line is None:
        raise UnrecognisedExportError("import.error.unreadable", file=raw.name,
                                      first_line=first_line(sample))
    if len(sample.header) > MAX_COLUMNS:
        raise DataFileError("import.error.too_many_columns", file=raw.name,
                            count=len(sample.header), limit=MAX_COLUMNS)
    return raw, sample


def _guarded(raw_name: str, fn, data: bytes | str | Path | None = None,
             filename: str | None = None):
    """Run ``fn`` and turn anything unexpected from pandas/openpyxl/codecs into a
    DataFileError, so callers (and the CLI) never see a traceback for a bad file."""
    try:
        # Corrupt cells (1e308) may overflow a sum on the way: the totals drop them with a
        # warning (see _result.finish); numpy's own warning would only be noise.
        with np.errstate(over="ignore", invalid="ignore"):
            return fn()
    except SmartkitError:
        raise
    except MemoryError:
        raise DataFileError("error.data.too_big", file=raw_name) from None
    except RecursionError:
        raise DataFileError("import.error.unexpected", file=raw_name, first_line="—") from None
    except Exception as exc:  # noqa: BLE001 - the importer boundary: see docstring
        # A bug of ours or a parser refusal we did not foresee: the marketer gets what to do,
        # never the internal exception's text (it stays in ``__cause__`` for us).
        raise DataFileError("import.error.unexpected", file=raw_name,
                            first_line=_first_line(data, filename)) from exc


def _first_line(data: bytes | str | Path | None, filename: str | None) -> str:
    """The first line of the file being read, for a refusal ("what was seen")."""
    try:
        head = RawFile.of(data, filename).head[:400] if data is not None else b""
        text = decode(head, detect_encoding(head))
        line = next((ln for ln in text.splitlines() if ln.strip()), "")
        return "".join(c if c.isprintable() else "�" for c in line.strip()[:60]) or "—"
    except Exception:  # noqa: BLE001 - only a courtesy for the message
        return "—"


def read_export(data: bytes | str | Path, filename: str | None = None,
                mapping: ColumnMapping | None = None) -> ImportResult:
    """Read one export (CSV or XLSX; bytes, a path, or the text itself) into an
    :class:`ImportResult`. With a ``mapping``, the file is read as a generic table with the
    user's columns, whatever its source."""
    name = filename or (Path(data).name if isinstance(data, Path) else None) or "file"

    def run() -> ImportResult:
        raw, sample = _open(data, filename)
        if mapping is not None:
            extract: Extract = generic.parse_generic(raw, sample, mapping)
        else:
            extract = detect_source(sample).parse(raw, sample)
        return finish(extract, raw.name)

    return _guarded(name, run, data, filename)


def candidate_columns(data: bytes | str | Path,
                      filename: str | None = None) -> tuple[list[str], pd.DataFrame]:
    """The headers of a file and a preview of its first rows (all text), for the wizard's
    column-mapping form."""
    name = filename or "file"

    def run() -> tuple[list[str], pd.DataFrame]:
        _, sample = _open(data, filename)
        preview = block_frame(sample.header, sample.data_rows(20))
        preview.columns = sample.header
        return list(sample.header), preview

    return _guarded(name, run, data, filename)


def _owner(metric: str, sources: set[str]) -> str | None:
    authority = _AUTHORITY.get(catalogue().kpi(metric).source) if metric in catalogue() else None
    if authority in sources:
        return authority
    return next((s for s in _PRECEDENCE if s in sources), None)


MERGE_WARNING = "import.warning.merge_duplicate_metric"  # the key of :func:`merge_warning`


def merge_warning(metric: str, kept: str, dropped: str) -> Message:
    """"“Purchases” is in more than one file: Shopify kept, Meta Ads Manager ignored", with
    the metric and the tools named in the user's language when rendered."""
    return Message(MERGE_WARNING,
                   {"metric": Message(f"kpi.{metric}.name", {}),
                    "kept": Message(f"import.source.{kept}", {}),
                    "dropped": Message(f"import.source.{dropped}", {}),
                    "metric_id": metric, "kept_id": kept, "dropped_id": dropped})


def merge_notes(warnings: list, files: list[tuple[str, str]]) -> list[list[dict[str, str]]]:
    """Which file each merge warning belongs to (the warnings name the tools, not the files).

    ``files``: (file name, source id) per imported file, in upload order. Returns, per file, one
    note for each metric whose figures were left out of that file: ``{"metric", "kept_file",
    "kept", "dropped"}`` (metric id, the file whose figures are used instead, both source ids).
    With two files of the kept tool, the first one is named; a warning whose kept tool is in
    no file, or that is not a merge warning (no ``kept_id``), gives no note."""
    notes: list[list[dict[str, str]]] = [[] for _ in files]
    for warning in warnings:
        params = getattr(warning, "params", None) or {}
        if "kept_id" not in params:
            continue
        kept = [name for name, source in files if source == params["kept_id"]]
        if not kept:
            continue
        for position, (_, source) in enumerate(files):
            if source == params["dropped_id"]:
                notes[position].append({"metric": params["metric_id"], "kept_file": kept[0],
                                        "kept": params["kept_id"], "dropped": params["dropped_id"]})
    return notes


def besides_merge_notes(warnings: list, notes: list) -> list:
    """A file's warnings to show or store beside its merge notes: without its merge warnings
    when it has notes (they say the same with the file names), else all of them."""
    if not notes:
        return list(warnings)
    return [w for w in warnings if getattr(w, "key", None) != MERGE_WARNING]


def read_exports(paths: list[str | Path]) -> pd.DataFrame | None:
    """Several export files read and merged into one daily table (None when there are none):
    what ``--data FILE ...`` means on every command."""
    if not paths:
        return None
    return merge([read_export(path) for path in paths])


def merge(results: list[ImportResult]) -> pd.DataFrame:
    """Several files (e.g. Meta + GA4 + Shopify) as one table by date (outer join).

    When files from *different* sources carry the same metric, only the source that measures
    it best is kept (the catalogue's ``source``; else Ads Manager, GA4, Shopify, Google Ads,
    Business Suite, TikTok, generic): adding GA4 and Shopify sessions would double-count, and
    splicing them would mix two definitions in one series. Files from the *same* source are
    combined date by date (January's export then February's), the earlier file winning where
    they overlap. The table's ``attrs`` hold ``warnings`` (list of Message) and ``sources``
    (metric → source kept); each "duplicate metric dropped" warning is also appended to the
    ``warnings`` of the result whose figures were ignored, so the page that lists a file's
    warnings shows it, rendered in the user's language like any other.
    """
    warnings: list[Message] = []
    chosen: dict[str, str] = {}
    columns: dict[str, pd.Series] = {}
    metrics = sorted({m for r in results for m in r.daily.columns if r.daily[m].notna().any()})
    for metric in metrics:
        having = [r for r in results if metric in r.daily.columns and r.daily[metric].notna().any()]
        owner = _owner(metric, {r.source for r in having}) or having[0].source
        for other in sorted({r.source for r in having} - {owner}):
            message = merge_warning(metric, owner, other)
            warnings.append(message)
            for r in having:  # the dropped file's own warnings say it too (the page lists them)
                if r.source == other and message not in r.warnings:
                    r.warnings.append(message)
        series = None
        for r in having:
            if r.source == owner:
                series = r.daily[metric] if series is None else series.combine_first(r.daily[metric])
        columns[metric] = series
        chosen[metric] = owner
    if columns:
        table = pd.concat(columns, axis=1).sort_index()
    else:
        table = pd.DataFrame(index=pd.DatetimeIndex([], name="date"))
    table.index.name = "date"
    table = table.astype("float64")
    table.attrs["warnings"] = warnings
    table.attrs["sources"] = chosen
    return table

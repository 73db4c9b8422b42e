"""Any CSV/XLSX with a date column and numeric columns (a spreadsheet kept by hand, a CRM or
email tool export...).

Without a mapping, columns are guessed: a header that is a catalogue id (``link_clicks``), a
catalogue name (``Link clicks``) or an alias any other source knows (``Impr.``, ``Alcance``)
maps to that metric, and the date is the column named like a date or whose cells read as dates.
When nothing maps, :class:`UnrecognisedExportError` asks the user to map columns; the wizard
turns the answer into a :class:`~smartkit.importers.ColumnMapping` that can be saved and reused.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from smartkit.catalogue import catalogue
from smartkit.errors import ColumnMappingError, DataFileError
from smartkit.i18n import t
from smartkit.importers import business_suite, ga4, google_ads, meta_ads, shopify, tiktok
from smartkit.importers._result import ColumnMapping, Extract
from smartkit.importers._single import columns_found, no_metrics, parse_single
from smartkit.importers._tables import ColumnSpec, Resolved, metric_ids, norm_header, to_dates
from smartkit.importers._text import RawFile, Sample

SOURCE = "generic"
_SPECIFIC = (meta_ads, ga4, tiktok, google_ads, shopify)


@lru_cache(maxsize=1)
def column_map() -> dict[str, tuple[str, ...]]:
    """Every alias any source knows, plus the catalogue ids and their English names."""
    merged: dict[str, list[str]] = {m: [m, t(f"kpi.{m}.name", "en")] for m in sorted(metric_ids())}
    for module in _SPECIFIC:
        for metric, aliases in module.COLUMN_MAP.items():
            merged[metric].extend(aliases)
    return {m: tuple(a) for m, a in merged.items()}


@lru_cache(maxsize=1)
def spec() -> ColumnSpec:
    dates = {a for m in _SPECIFIC for a in m.SPEC.date} | set(business_suite.DATE_HEADERS)
    return ColumnSpec(metrics=column_map(), date=("date", "day", *sorted(dates)),
                      campaign=meta_ads.SPEC.campaign + google_ads.SPEC.campaign + ("campaign",),
                      currency=meta_ads.SPEC.currency + google_ads.SPEC.currency)


COLUMN_MAP: dict[str, tuple[str, ...]] = column_map()


def detect(sample: Sample) -> float:
    """The fallback: a small score whenever the header maps at least one metric."""
    return 0.2 if spec().resolve(sample.header).metrics else 0.0


# The date column of a hand-kept sheet is among its first columns: looking further only
# costs time on a broken file with thousands of columns.
GUESS_COLUMNS = 200


def guess(sample: Sample) -> Resolved:
    """The automatic mapping: aliases, then a column whose cells read as dates."""
    resolved = spec().resolve(sample.header)
    if "date" not in resolved.roles:
        rows = sample.data_rows(50)
        for pos in range(min(len(sample.header), GUESS_COLUMNS)):
            cells = pd.Series([r[pos] for r in rows if pos < len(r)], dtype="str")
            if len(cells) and to_dates(cells).notna().mean() >= 0.8:
                resolved.roles["date"] = pos
                break
    return resolved


def from_mapping(sample: Sample, mapping: ColumnMapping, name: str) -> Resolved:
    """Check a user mapping against the file and turn it into column positions."""
    header = [h.strip() for h in sample.header]

    def position(column: str) -> int:
        wanted = column.strip()
        if wanted in header:
            return header.index(wanted)
        folded = [norm_header(h)[0] for h in header]
        if norm_header(wanted)[0] in folded:
            return folded.index(norm_header(wanted)[0])
        raise ColumnMappingError("error.data.mapping_missing_column", file=name, column=column)

    allowed = metric_ids()
    metrics: dict[str, int] = {}
    for column, metric in mapping.columns.items():
        if metric not in allowed:
            if metric in catalogue():
                raise ColumnMappingError("error.data.mapping_ratio", file=name, metric=metric)
            raise ColumnMappingError("error.data.mapping_unknown_metric", file=name, metric=metric)
        metrics.setdefault(metric, position(column))
    if not metrics:
        raise ColumnMappingError("error.data.mapping_empty", file=name)
    roles = {"date": position(mapping.date_column)}
    if mapping.campaign_column:
        roles["campaign"] = position(mapping.campaign_column)
    return Resolved(header=sample.header, metrics=metrics, roles=roles)


def parse_generic(raw: RawFile, sample: Sample, mapping: ColumnMapping | None = None) -> Extract:
    """Read with the user's mapping, or with the automatic guess; empty cells stay missing
    (a hand-kept sheet may leave a day blank because nobody filled it in)."""
    if mapping is not None:
        resolved = from_mapping(sample, mapping, raw.name)
        return parse_single(raw, sample, spec(), SOURCE, resolved=resolved, blank_is_zero=False,
                            date_format=mapping.date_format, currency=mapping.currency)
    resolved = guess(sample)
    if not resolved.metrics:
        raise no_metrics(raw, sample)
    if "date" not in resolved.roles:
        raise DataFileError("import.error.no_date_column", file=raw.name,
                            columns=columns_found(sample.header))
    return parse_single(raw, sample, spec(), SOURCE, resolved=resolved, blank_is_zero=False)


parse = parse_generic

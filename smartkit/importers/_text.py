"""Bytes to lines: what kind of file this is, its encoding, its separator, where its tables sit.

Marketers' exports arrive re-saved by Excel, in UTF-16 from Business Suite, in cp1252 from an
old Windows machine, with CR-only line ends from a Mac, with a ``sep=`` line, title lines, ``#``
comment preambles and several tables in one file. This module turns the *first part* of a file
into a :class:`Sample` (decoded lines, separator, header position) that detectors and parsers
read, without decoding a big file in full: big single-table files are read by pandas straight
from the bytes (see :func:`smartkit.importers._tables.read_table`), which is what keeps the
importer within 2x of a bare ``pandas.read_csv``.

Encoding detection is BOM first (exact), then strict UTF-8 (the common case, and a strict
decode never lies), then ``charset-normalizer`` for the rest (cp1252, cp1258, TIS-620...).
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import BinaryIO

from smartkit.errors import DataFileError, EmptyFileError, UnsupportedFileError

SAMPLE_BYTES = 256 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEP_LINE = re.compile(r'^\W*sep=(.)\W*$', re.IGNORECASE)

# Magic numbers of files people upload by mistake: (prefix, message key).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "error.data.pdf"),
    (b"\x89PNG", "error.data.image"),
    (b"\xff\xd8\xff", "error.data.image"),
    (b"GIF8", "error.data.image"),
    (b"RIFF", "error.data.image"),
    (b"\x1f\x8b", "error.data.archive"),
    (b"Rar!", "error.data.archive"),
    (b"7z\xbc\xaf", "error.data.archive"),
    (b"\xd0\xcf\x11\xe0", "error.data.xls_legacy"),
    (b"{\\rtf", "error.data.binary"),
)


@dataclass
class RawFile:
    """The uploaded file, not yet decoded: a path on disk (read lazily, so a big export is
    never held twice in memory) or bytes already in memory."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    @classmethod
    def of(cls, data: bytes | str | Path, filename: str | None = None) -> "RawFile":
        """Accept bytes (an upload), a :class:`~pathlib.Path`, or a ``str``: the text of the
        export itself when it has several lines or separators and names no file, else a path
        (a missing path is a clear "not found" error, not an unreadable table)."""
        if isinstance(data, (bytes, bytearray, memoryview)):
            return cls(name=filename or "upload", data=bytes(data))
        if isinstance(data, str) and ("\n" in data or "\r" in data
                                      or (not _is_file(data) and any(c in data for c in ",;\t"))):
            return cls(name=filename or "text", data=data.encode("utf-8"))
        path = Path(data)
        if not path.is_file():
            raise DataFileError("error.data.not_found", file=filename or str(path))
        return cls(name=filename or path.name, path=path)

    @cached_property
    def size(self) -> int:
        return self.path.stat().st_size if self.path is not None else len(self.data or b"")

    @cached_property
    def head(self) -> bytes:
        """The first :data:`SAMPLE_BYTES` bytes: enough to detect and parse small files."""
        if self.data is not None:
            return self.data[:SAMPLE_BYTES]
        with self.path.open("rb") as f:  # type: ignore[union-attr]
            return f.read(SAMPLE_BYTES)

    @property
    def complete(self) -> bool:
        return self.size <= SAMPLE_BYTES

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        return self.path.open("rb")  # type: ignore[union-attr]

    def read_all(self) -> bytes:
        if self.data is not None:
            return self.data
        return self.path.read_bytes()  # type: ignore[union-attr]


def _is_file(text: str) -> bool:
    try:
        return len(text) < 4096 and Path(text).is_file()
    except (OSError, ValueError):
        return False


# ------------------------------------------------------------------------------ kind


def check_kind(raw: RawFile) -> str:
    """``"xlsx"`` or ``"text"``; raise a clear error for empty files and for PDFs, images,
    archives, legacy .xls and other binaries, so the marketer knows what to export instead."""
    head = raw.head
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFileError(file=raw.name)
    if head.startswith(b"PK\x03\x04"):
        if _is_xlsx(raw):
            return "xlsx"
        raise UnsupportedFileError("error.data.archive", file=raw.name)
    for magic, key in _MAGIC:
        if head.startswith(magic):
            raise UnsupportedFileError(key, file=raw.name)
    return "text"


def _is_xlsx(raw: RawFile) -> bool:
    try:
        with zipfile.ZipFile(raw.open()) as z:
            return any(n.startswith("xl/") for n in z.namelist())
    except Exception:  # noqa: BLE001 - zipfile raises many kinds (NotImplementedError...) for a damaged zip
        return False


def xlsx_to_csv(raw: RawFile) -> RawFile:
    """The first non-empty sheet of a workbook as UTF-8 CSV bytes, so a re-saved XLSX goes
    through exactly the same detection and parsing as its CSV twin. Excel dates become ISO
    timestamps; numbers keep a ``.`` decimal mark."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(raw.open(), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        raise DataFileError("import.error.xlsx_damaged", file=raw.name) from None
    try:
        for sheet in book.worksheets:
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            rows = 0
            for row in sheet.iter_rows(values_only=True):
                cells = ["" if v is None else _cell_text(v) for v in row]
                while cells and cells[-1] == "":
                    cells.pop()
                writer.writerow(cells)
                rows += bool(cells)
            if rows:
                return RawFile(name=raw.name, data=out.getvalue().encode("utf-8"))
    except (DataFileError, MemoryError):
        raise
    except Exception:  # noqa: BLE001 - a sheet that cannot be read past its start
        raise DataFileError("import.error.xlsx_damaged", file=raw.name) from None
    finally:
        book.close()
    raise EmptyFileError(file=raw.name)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return, attr-defined]
    return str(value)


# ------------------------------------------------------------------------------ encoding


def detect_encoding(head: bytes) -> str:
    """A Python codec name for the file. BOMs are exact; UTF-16 without a BOM shows as NUL
    bytes in every other position; strict UTF-8 is tried before guessing, because
    charset-normalizer can mistake short UTF-8 text for a legacy code page."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) * 0.3 and even == 0:
            return "utf-16-le"
        if even > len(sample) * 0.3 and odd == 0:
            return "utf-16-be"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.start >= len(head) - 3 and len(head) >= SAMPLE_BYTES:  # cut mid-character
            return "utf-8"
    from charset_normalizer import from_bytes

    best = from_bytes(head).best()
    name = best.encoding if best is not None else "cp1252"
    # Outside the code pages of the languages exports come in (Vietnamese, Thai, Persian,
    # Cyrillic, East Asian), a guess on a few accented letters is usually wrong (cp1125,
    # mac_roman...): Excel on a Western Windows writes cp1252, so prefer it when it decodes.
    if name not in _REGIONAL_CODEPAGES:
        try:
            head.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    return name


_REGIONAL_CODEPAGES = frozenset({
    "cp1258", "cp874", "tis_620", "iso8859_11", "cp1256", "iso8859_6", "cp1251", "koi8_r",
    "gb18030", "gb2312", "big5", "shift_jis", "cp932", "euc_jp", "euc_kr", "cp949",
})


def decode(data: bytes, encoding: str) -> str:
    """Decode, tolerating a character cut at the end of a sample."""
    text = data.decode(encoding, errors="replace")
    return text.lstrip("\ufeff")


def split_lines(text: str) -> list[str]:
    """Lines split on LF, CRLF or CR alone: exactly the line ends pandas' parser knows (not
    :meth:`str.splitlines`, which also splits on form feeds and Unicode separators)."""
    lines = _LINE_BREAK.split(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# ------------------------------------------------------------------------------ layout


def is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def is_blank(line: str, sep: str = ",") -> bool:
    return not line.strip().strip(sep + '"').strip()


def split_row(line: str, sep: str) -> list[str]:
    """One CSV line split into fields (quotes removed, ``""`` unescaped)."""
    try:
        return next(csv.reader([line], delimiter=sep, quotechar='"'), [])
    except csv.Error:
        return line.split(sep)


def sniff_separator(lines: list[str]) -> str:
    """The separator that splits the data lines into the most consistent number (>1) of
    fields. A ``sep=`` line wins; title and comment lines are ignored. Ties favour tab, then
    ``;``: a comma inside numbers (``"1,5"``) is more common than a tab or ``;`` inside text."""
    for line in lines[:3]:
        m = _SEP_LINE.match(line.strip().strip('"'))
        if m:
            return "\t" if m.group(1) == "\\" else m.group(1)
    body = [ln for ln in lines if not is_comment(ln) and ln.strip()][:60]
    best, best_score = ",", 0
    for sep in ("\t", ";", ","):
        counts = Counter(len(split_row(ln, sep)) for ln in body)
        width, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=(1, 0))
        score = n * (width > 1) * (1 + 0.01 * width)
        if score > best_score:
            best, best_score = sep, score
    return best


@dataclass
class Block:
    """One table in the file: the lines before its header (titles, ``#`` comments), its
    header fields and its data rows (as split fields)."""

    preamble: list[str]
    header: list[str]
    rows: list[list[str]]
    header_line: int  # index of the header in the file's lines


@dataclass
class Sample:
    """The decoded start of a file (all of it when the file is small) and its layout."""

    name: str
    encoding: str
    lines: list[str]
    complete: bool
    sep: str = ","
    header_line: int | None = None
    header: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, raw: RawFile) -> "Sample":
        encoding = detect_encoding(raw.head)
        text = decode(raw.head, encoding)
        if "\x00" in text or _control_share(text) > 0.05:
            raise UnsupportedFileError("error.data.binary", file=raw.name)
        lines = split_lines(text)
        if not raw.complete and len(lines) > 1:
            lines.pop()  # the last line of a sample may be cut
        if not any(ln.strip().strip(",;\t\"") for ln in lines):
            raise EmptyFileError(file=raw.name)
        sample = cls(name=raw.name, encoding=encoding, lines=lines, complete=raw.complete)
        sample.sep = sniff_separator(lines)
        sample.header_line = find_header(lines, sample.sep)
        if sample.header_line is not None:
            sample.header = [h.strip() for h in split_row(lines[sample.header_line], sample.sep)]
        return sample

    def whole(self, raw: RawFile) -> "Sample":
        """The same file decoded in full (for sources read section by section, which are
        small): ``self`` when the sample already holds all of it."""
        if self.complete:
            return self
        text = decode(raw.read_all(), self.encoding)
        return Sample(name=self.name, encoding=self.encoding, lines=split_lines(text),
                      complete=True, sep=self.sep, header_line=self.header_line,
                      header=self.header)

    @cached_property
    def preamble(self) -> list[str]:
        """Lines before the (first) header: ``sep=``, titles, date ranges, comments."""
        return self.lines[: self.header_line or 0]

    def data_rows(self, limit: int = 200) -> list[list[str]]:
        """The first data rows under the header (for detection and number-locale sniffing)."""
        if self.header_line is None:
            return []
        out = []
        for line in self.lines[self.header_line + 1:]:
            if is_blank(line, self.sep):
                break
            out.append(split_row(line, self.sep))
            if len(out) >= limit:
                break
        return out

    def blocks(self) -> list[Block]:
        """Every table in the file, split at blank lines: GA4 "Reports snapshot" and Business
        Suite files hold several. Within a block, the header is the first line that is not a
        comment, not the ``sep=`` line and not a one-field title."""
        blocks: list[Block] = []
        current: list[tuple[int, str]] = []
        carry: list[str] = []  # a title-only chunk introduces the next table
        for i, line in enumerate([*self.lines, ""]):
            if current and is_comment(line) and not is_comment(current[-1][1]) and \
                    _has_header(current, self.sep):
                line_after_table = line  # a "#" block right under a table starts the next one
                current, done = [(i, line_after_table)], current
                block = _block(done, self.sep)
                if block is not None:
                    block.preamble = carry + block.preamble
                    blocks.append(block)
                    carry = []
                continue
            if not is_blank(line, self.sep):
                current.append((i, line))
                continue
            if current:
                block = _block(current, self.sep)
                if block is None:
                    carry += [ln for _, ln in current]
                else:
                    block.preamble = carry + block.preamble
                    blocks.append(block)
                    carry = []
                current = []
        return blocks


def filled_width(fields: list[str]) -> int:
    """Fields up to the last non-empty one: a title re-saved by Excel in a ``;`` locale
    (``Facebook visits;``) has one field, not two."""
    width = len(fields)
    while width and not fields[width - 1].strip():
        width -= 1
    return width


def _has_header(numbered: list[tuple[int, str]], sep: str) -> bool:
    """Whether a chunk of lines holds a table's header (a line that is neither a comment nor
    a title)."""
    return any(not is_comment(ln) and filled_width(split_row(ln, sep)) >= 2 for _, ln in numbered)


def _block(numbered: list[tuple[int, str]], sep: str) -> Block | None:
    preamble: list[str] = []
    for k, (i, line) in enumerate(numbered):
        fields = split_row(line, sep)
        if is_comment(line) or _SEP_LINE.match(line.strip().strip('"')) or filled_width(fields) < 2:
            preamble.append(line)
            continue
        rows = [split_row(ln, sep) for _, ln in numbered[k + 1:] if not is_comment(ln)]
        return Block(preamble=preamble, header=[h.strip() for h in fields], rows=rows,
                     header_line=i)
    return None


def find_header(lines: list[str], sep: str) -> int | None:
    """The index of the header line: the first line, after comments and the ``sep=`` line,
    with as many fields as most lines below it (title and date-range lines have fewer)."""
    widths = [(i, filled_width(split_row(ln, sep))) for i, ln in enumerate(lines[:400])
              if not is_comment(ln) and not is_blank(ln, sep)
              and not _SEP_LINE.match(ln.strip().strip('"'))]
    wide = [w for _, w in widths if w > 1]
    if not wide:
        return None
    modal = Counter(wide).most_common(1)[0][0]
    for i, w in widths:
        if w >= 2 and w >= modal - 1:
            return i
    return None


# Control characters other than tab, LF and CR, and the replacement character.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd]")


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)

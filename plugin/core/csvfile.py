"""Read a delimited text export in blocks, whatever its encoding, line ends and quoting.

``read_table`` gives the columns a loader asks for as text (repeated columns
as categories) and counts every row it had to leave out, by reason. It never
holds the whole file: the file is read in blocks of ``BLOCK`` bytes, each cut
at the last line end outside quotes and parsed on its own, so memory follows
the block and the columns kept, and a cancel request is honoured between
blocks. What it copes with:

* encodings: UTF-8 with or without BOM, UTF-16 (BOM or NUL pattern), and
  Windows-1252 / Latin-1 when no byte sequence of the file is UTF-8. A file
  that mixes UTF-8 with other bytes keeps its UTF-8 rows; rows with other
  bytes in a column the loader reads are skipped and counted;
* line ends LF, CRLF, CR only (old Mac files); a carriage return inside a
  line of an LF/CRLF file is read as a space (pandas would start a new row);
* NUL bytes: rows holding one in a column read are skipped and counted
  (pandas would cut the cell at the NUL: ``14.\\0 9`` read as ``14.``);
* cells longer than ``CELL_LIMIT`` characters in a column read: row skipped
  and counted (a long cell costs its own size, never more); free text the
  loaders only search (``FREE_TEXT_COLUMNS``: ACLED's notes) is kept whatever its
  length, NUL or stray bytes (a bad byte in the notes does not lose the event);
* lines with more fields than the header: skipped and counted; a quote never
  closed: an error naming the line;
* compressed files, spreadsheets and databases given as CSV: an error saying
  what the file is.

Each block is first checked by a numpy pre-scan (``_records_simple``); only
blocks it vouches for are parsed with the columns selected (fast). Anything
else sends the whole file through pandas' tolerant parse, which reports each
bad line.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..definitions import N_
from .errors import Message, TranslatableError

BLOCK = 1 << 24  # bytes read and parsed at a time (~40,000 ACLED rows)
CELL_LIMIT = 100_000  # characters; longer cells in a column read skip their row
MAX_RECORD = 1 << 26  # a record longer than this is an unclosed quote, not data
TOLERANT_CHUNK = 50_000  # rows per chunk of the tolerant parse

# Columns with (nearly) one value per row stay plain text; the others are parsed
# as categories: one string per distinct value instead of one per row.
UNIQUE_COLUMNS = {"event_id_cnty", "id", "latitude", "longitude", "data_id", "notes"}
# Free text the loaders only search for words (core.joint): never a reason to skip a row.
FREE_TEXT_COLUMNS = {"notes"}

# Skip reasons, worded for the algorithm log.
R_UTF8 = N_("text is not valid UTF-8")
R_NUL = N_("a cell holds a NUL byte")
R_LONG = f"a cell longer than {CELL_LIMIT // 1000} KB (in a column read, notes aside)"
R_BADLINE = N_("line with the wrong number of fields")

MARK_BAD = "\ufffd"  # what bytes invalid in the file's encoding become
MARK_NUL = "\ufffe"  # what a NUL byte becomes (a noncharacter: never in real text)
_MARK_NUL_BYTES = MARK_NUL.encode()

# A valid UTF-8 multibyte sequence (2 to 4 bytes).
_UTF8_MB = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
# What a file that is not text starts with.
_MAGIC = [
    (b"\x1f\x8b", N_("a gzip-compressed file: decompress it first (e.g. with 7-Zip or gunzip)")),
    (
        b"PK\x03\x04",
        N_("a ZIP archive or an Excel .xlsx workbook: unzip it, or save the sheet as CSV"),
    ),
    (b"SQLite format 3\x00", N_("an SQLite database or GeoPackage, not delimited text")),
    (b"%PDF", N_("a PDF document, not delimited text")),
    (b"\xd0\xcf\x11\xe0", N_("an old Excel .xls workbook: save the sheet as CSV (UTF-8)")),
    (b"BZh", N_("a bzip2-compressed file: decompress it first")),
    (b"\xfd7zXZ\x00", N_("an xz-compressed file: decompress it first")),
    (b"7z\xbc\xaf\x27\x1c", N_("a 7-Zip archive: extract it first")),
]
RESAVE = N_(
    "re-save it as 'CSV UTF-8' (Excel: Save As > CSV UTF-8; LibreOffice: Character set "
    "Unicode (UTF-8))"
)


class IncidentFormatError(TranslatableError, ValueError):
    """The input cannot be read as incidents; the message says why (in English;
    ``translated(tr)`` in the user's language)."""


class Canceled(Exception):
    """The caller asked to stop (``is_canceled`` returned True)."""


def _never() -> bool:
    return False


@dataclass
class FileKind:
    """How the bytes of a file are to be read."""

    encoding: str = "utf-8"  # a Python codec name
    bom: int = 0  # bytes to skip at the start
    transcode: bool = False  # decode with ``encoding`` (errors marked) and re-encode as UTF-8
    cr_only: bool = False  # old Mac line ends: CR is the line end
    notes: list[str] = field(default_factory=list)  # said once in the log


def _open(path: Path):
    try:
        return open(path, "rb")
    except PermissionError as err:
        raise IncidentFormatError(
            N_("{name} cannot be read: permission denied"), name=path.name
        ) from err
    except OSError as err:
        raise IncidentFormatError(
            N_("{name} cannot be read: {why}"), name=path.name, why=err.strerror or err
        ) from err


def _check_file(path: str | Path) -> Path:
    path = Path(path)
    if not path.exists():
        raise IncidentFormatError(N_("file not found: {path}"), path=path)
    if path.is_dir():
        raise IncidentFormatError(N_("{path} is a folder, not a file"), path=path)
    if not path.is_file():
        raise IncidentFormatError(N_("{path} is not a regular file"), path=path)
    if path.stat().st_size == 0:
        raise IncidentFormatError(N_("{name} is empty (0 bytes)"), name=path.name)
    return path


def _sniff_kind(path: Path, head: bytes) -> FileKind:
    """Encoding and line ends from the first bytes (the UTF-8 check of the rest is
    ``inspect``'s)."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise IncidentFormatError(N_("{name} is {what}"), name=path.name, what=Message(what))
    kind = FileKind()
    if head.startswith(codecs.BOM_UTF8):
        kind.bom = 3
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        kind.encoding = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        kind.bom, kind.transcode = 2, True
    else:
        sample = head[:4096]
        half = max(len(sample) // 2, 1)
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > 0.3 * half and even < 0.05 * half:
            kind.encoding, kind.transcode = "utf-16-le", True
        elif even > 0.3 * half and odd < 0.05 * half:
            kind.encoding, kind.transcode = "utf-16-be", True
    if kind.transcode:
        kind.notes.append(f"read as {kind.encoding.upper()[:6]} text (converted to UTF-8)")
        text = head[kind.bom :].decode(kind.encoding, "replace")
        if "\n" not in text and "\r" in text:
            kind.cr_only = True
        return kind
    body = head[kind.bom :]
    if not body.strip() and len(head) < (1 << 16):
        raise IncidentFormatError(N_("{name} is empty (blank lines only)"), name=path.name)
    if body.count(0) > 0.1 * max(len(body), 1):
        raise IncidentFormatError(
            N_(
                "{name} is a binary file, not delimited text (CSV); "
                "if it is a spreadsheet, save it as CSV UTF-8"
            ),
            name=path.name,
        )
    if b"\n" not in body and b"\r" in body:
        kind.cr_only = True
    return kind


def inspect(path: str | Path, is_canceled: Callable[[], bool] = _never, full=True) -> FileKind:
    """Check that ``path`` is a readable text file and find how to decode it.

    ``full``: check the whole file for UTF-8 to choose between UTF-8, UTF-8 with
    stray bytes and Windows-1252 (else only the first 64 KB are looked at, for
    what the file is, its BOM, UTF-16 and line ends: the reader asks for the
    full check when pandas finds bytes that are not UTF-8). Raises
    IncidentFormatError naming the problem.
    """
    path = _check_file(path)
    with _open(path) as fh:
        head = fh.read(1 << 16)
        kind = _sniff_kind(path, head)
        if kind.transcode or not full:
            return kind
        fh.seek(kind.bom)
        decoder = codecs.getincrementaldecoder("utf-8")("strict")
        multibyte = invalid = False
        while True:
            block = fh.read(BLOCK)
            if is_canceled():
                raise Canceled()
            if not invalid:
                try:
                    decoder.decode(block, final=not block)
                    multibyte = multibyte or not block.isascii()
                except UnicodeDecodeError:
                    invalid = True
            if invalid and not multibyte and block:
                multibyte = _UTF8_MB.search(block) is not None
            if not block or (invalid and multibyte):
                break
    if invalid and not multibyte:
        kind.encoding, kind.transcode = "cp1252", True
        kind.notes.append(
            "the file is not UTF-8: read as Windows-1252 / Latin-1 (check accented names; "
            f"to be sure, {RESAVE})"
        )
    elif invalid:
        kind.encoding, kind.transcode = "utf-8", True
        kind.notes.append(
            "the file mixes UTF-8 with other bytes: rows holding such bytes in a column read "
            f"are skipped; {RESAVE}"
        )
    return kind


def text_blocks(
    path: str | Path, kind: FileKind, is_canceled: Callable[[], bool] = _never, stats=None
) -> Iterator[bytes]:
    """The file as UTF-8 bytes in blocks: transcoded if needed, NUL bytes marked,
    line ends made LF or CRLF. ``stats`` (a Counter) gets 'bare_cr', 'nul', 'bad'."""
    stats = stats if stats is not None else Counter()
    decoder = codecs.getincrementaldecoder(kind.encoding)("replace") if kind.transcode else None
    held = b""  # a CR at the end of a block: its LF may start the next one
    with _open(Path(path)) as fh:
        fh.seek(kind.bom)
        done = False
        while not done:
            raw = fh.read(BLOCK)
            if is_canceled():
                raise Canceled()
            done = not raw
            if decoder is not None:
                text = decoder.decode(raw, final=done)
                if MARK_BAD in text:
                    stats["bad"] += text.count(MARK_BAD)
                if "\0" in text:
                    stats["nul"] += text.count("\0")
                    text = text.replace("\0", MARK_NUL)
                data = text.encode("utf-8")
            else:
                data = raw
                if b"\0" in data:
                    stats["nul"] += data.count(b"\0")
                    data = data.replace(b"\0", _MARK_NUL_BYTES)
            data = held + data
            held = b""
            if done and data.endswith(b"\r"):  # a CR closing the file ends its last line
                data = data[:-1] + b"\n"
            if kind.cr_only:
                data = data.replace(b"\r", b"\n")
            elif b"\r" in data:
                if data.endswith(b"\r") and not done:
                    data, held = data[:-1], b"\r"
                data = _bare_cr_to_space(data, stats)
            if data:
                yield data


def _bare_cr_to_space(data: bytes, stats: Counter) -> bytes:
    buf = np.frombuffer(data, dtype=np.uint8)
    cr = np.flatnonzero(buf == 13)
    nxt = cr + 1
    bare = cr[(nxt >= len(buf)) | (buf[np.minimum(nxt, len(buf) - 1)] != 10)]
    if not len(bare):
        return data
    stats["bare_cr"] += len(bare)
    out = buf.copy()
    out[bare] = 32
    return out.tobytes()


def _last_record_end(data: bytes, odd: int) -> int:
    """Index of the last LF outside quotes in ``data`` (-1: none), the quote parity at
    its start being ``odd``. Walks back from the last LF, counting quotes between
    LFs (linear, whatever the quoting)."""
    pos = data.rfind(b"\n")
    if pos < 0:
        return -1
    quotes = odd + data.count(b'"', 0, pos)
    while quotes & 1:
        prev = data.rfind(b"\n", 0, pos)
        if prev < 0:
            return -1
        quotes -= data.count(b'"', prev, pos)
        pos = prev
    return pos


def _records(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """Whole records: each piece ends after the last line end outside quotes.

    Quotes are tracked by parity, right for files whose quotes are where RFC
    4180 puts them (``_records_simple`` checks that for every piece; any
    other piece sends the file to the tolerant parse).
    """
    rest = b""
    for data in blocks:
        odd = rest.count(b'"') & 1
        end = _last_record_end(data, odd)
        if end >= 0:
            yield rest + data[: end + 1]
            rest = data[end + 1 :]
        else:
            rest += data
            if len(rest) > MAX_RECORD:
                raise _NotSimple("a record longer than 64 MB")
    if rest:
        yield rest


class _NotSimple(Exception):
    """The fast read cannot vouch for this file; the tolerant parse must judge it."""


def _sniff_delimiter(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    return max(counts, key=counts.get) if max(counts.values()) > 0 else ","


def _header(first: bytes) -> tuple[str, list[str], int]:
    """(delimiter, column names as written, header length in bytes) of a file's first
    piece; names are stripped of spaces and quotes."""
    end = first.find(b"\n")
    line = first[: end + 1] if end >= 0 else first
    text = line.decode("utf-8", "replace").rstrip("\r\n")
    sep = _sniff_delimiter(text)
    try:
        # As pandas reads it: enclosing quotes removed, a stray quote kept as text (a
        # name stripped of it would be "in the file" yet never among pandas' columns).
        names = [h.strip() for h in next(csv.reader([text], delimiter=sep), [])]
    except csv.Error:
        names = [h.strip().strip('"').strip() for h in text.split(sep)]
    return sep, names, len(line)


def _dedupe(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n}.{seen[n]}")
        seen[n] += 1
    return out


def read_header(path: str | Path) -> list[str]:
    """The column names of a delimited text file (first line), stripped, lower case."""
    path = _check_file(path)
    kind = inspect(path, full=False)
    with _open(path) as fh:
        head = fh.read(1 << 16)
    if kind.transcode:
        head = head[kind.bom :].decode(kind.encoding, "replace").encode("utf-8")
    else:
        head = head[kind.bom :]
    if kind.cr_only:
        head = head.replace(b"\r", b"\n")
    _sep, names, _n = _header(head)
    return [n.casefold() for n in names]


def _records_simple(
    data: bytes, sep: str, n_fields: int, step: int = 1 << 24, longest: list | None = None
) -> int | None:
    """Number of non-blank records if no record has more than ``n_fields`` fields
    and every quote sits where RFC 4180 puts it; None otherwise.

    Quotes are tracked by parity (a doubled quote toggles twice), which is what
    pandas does for well-formed files only: any quote not at a field's edge
    (``ab"cd``) or any record longer than the header sends the caller to the
    full parse, where pandas itself counts the bad lines. Works on slices of
    the data without listing every separator (30 million in a 1M-row ACLED
    export): separators are summed between consecutive quotes and line ends.
    ``longest``: a list that gets the length in bytes of the longest record
    (an upper bound on the longest cell).
    """
    buf = np.frombuffer(data, dtype=np.uint8)
    quote, nl, cr, delim = ord('"'), ord("\n"), ord("\r"), ord(sep)
    records = 0
    last_end = -1  # where the last record ended (for the record lengths)
    top = 0
    pending = 0  # separators outside quotes since the last record end
    inside = 0  # quote parity carried over from the previous slice
    for start in range(0, len(buf), step):
        c = buf[start : start + step]
        # Cut the slice before each quote and line end; piece i starts at cut i-1.
        cuts = np.flatnonzero((c == quote) | (c == nl))
        is_quote = c[cuts] == quote
        piece_inside = (np.cumsum(np.r_[False, is_quote]) + inside) & 1
        inside = int(piece_inside[-1])
        if is_quote.any():
            # A quote that opens a field must start it (or reopen after a quote: ""),
            # one that closes it must end it; pandas reads any other quote as text.
            g = start + cuts[is_quote]
            opens = piece_inside[1:][is_quote] == 1
            prev = np.where(g > 0, buf[np.maximum(g - 1, 0)], nl)
            nxt = np.where(g + 1 < len(buf), buf[np.minimum(g + 1, len(buf) - 1)], nl)
            edge = np.where(
                opens, np.isin(prev, [delim, nl, quote]), np.isin(nxt, [delim, nl, cr, quote])
            )
            if not edge.all():
                return None
        # Separators per piece (a cut byte is never a separator, so reduceat's
        # value for an empty piece at 0 is 0 too).
        counts = np.add.reduceat((c == delim).view(np.uint8), np.r_[0, cuts], dtype=np.int32)
        counts[piece_inside == 1] = 0
        # A line end outside quotes ends a record; its separators are in pieces 0..j.
        ends_record = ~is_quote & (piece_inside[1:] == 0)
        cum = np.cumsum(counts, dtype=np.int64)
        if ends_record.any():
            at_end = cum[:-1][ends_record]
            fields = np.diff(np.r_[0, at_end]) + 1
            fields[0] += pending
            if (fields > n_fields).any():
                return None
            # Line ends in file positions: a line that began in an earlier slice (a
            # "\r" there, its "\n" here) is measured whole.
            ends = start + cuts[ends_record]
            length = np.diff(np.r_[last_end, ends]) - 1
            top = max(top, int(length.max()) + 1)
            last_end = int(ends[-1])
            blank = (length == 0) | ((length == 1) & (buf[np.maximum(ends - 1, 0)] == cr))
            records += int((~blank).sum())
            pending = int(cum[-1] - at_end[-1])
        else:
            pending += int(cum[-1])
    if inside:
        return None
    if buf.size and buf[-1] != nl:
        if pending + 1 > n_fields:
            return None
        records += 1
    if longest is not None:
        longest.append(max(top, len(buf) - 1 - last_end))
    return records


# --- rows that cannot be kept ---------------------------------------------------------


def _drop_bad_cells(
    frame: pd.DataFrame, skipped: Counter, marks: tuple[str, ...], longest: int | None = None
) -> pd.DataFrame:
    """Leave out rows with a NUL byte, a byte not valid in the encoding (``marks``) or
    a cell longer than CELL_LIMIT; count each row once, under the first reason.
    ``longest``: the longest record in bytes, when known (no cell can be longer)."""
    n = len(frame)
    if not n or (not marks and longest is not None and longest <= CELL_LIMIT):
        return frame
    reasons = {R_NUL: np.zeros(n, bool), R_UTF8: np.zeros(n, bool), R_LONG: np.zeros(n, bool)}
    for col in frame.columns:
        if str(col).strip().casefold() in FREE_TEXT_COLUMNS:
            continue
        s = frame[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = pd.Series(s.cat.categories.to_numpy(dtype=object))
            codes = s.cat.codes.to_numpy()
            if not len(cats):
                continue
            lens = cats.str.len().fillna(0).to_numpy()
            for reason, mask in _cell_flags(cats, lens, marks).items():
                if mask.any():
                    reasons[reason] |= np.append(mask, False)[codes]
        else:
            values = s.astype(object)
            lens = values.str.len().fillna(0).to_numpy()
            for reason, mask in _cell_flags(values, lens, marks).items():
                reasons[reason] |= mask
    bad = np.zeros(n, bool)
    for reason, mask in reasons.items():
        hit = mask & ~bad
        if hit.any():
            skipped[reason] += int(hit.sum())
            bad |= hit
    if not bad.any():
        return frame
    out = frame.loc[~bad].reset_index(drop=True)
    for col in out.columns:  # free the long strings the dropped rows held
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].cat.remove_unused_categories()
    return out


def _cell_flags(values: pd.Series, lens: np.ndarray, marks: tuple[str, ...]) -> dict:
    flags = {R_LONG: lens > CELL_LIMIT}
    for mark in marks:
        reason = R_NUL if mark == MARK_NUL else R_UTF8
        flags[reason] = values.str.contains(mark, regex=False, na=False).to_numpy(dtype=bool)
    return flags


# --- the two parses ------------------------------------------------------------------


def _dtypes(names: list[str], wanted: set[str] | None) -> dict:
    chosen = [c for c in names if wanted is None or c in wanted] or names[:1]
    return {c: (str if c in UNIQUE_COLUMNS else "category") for c in chosen}


def _object_categories(s: pd.Series) -> pd.Series:
    """A category column whose categories are text (an all-empty one has float ones)."""
    if s.cat.categories.dtype != object:
        return s.cat.set_categories(s.cat.categories.astype(object))
    return s


def _concat(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    parts = [p for p in parts if len(p)]
    if not parts:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    out = {}
    for c in columns:
        pieces = [p[c] for p in parts]
        if all(isinstance(s.dtype, pd.CategoricalDtype) for s in pieces):
            pieces = [_object_categories(s) for s in pieces]
            out[c] = pd.Series(union_categoricals(pieces, ignore_order=True))
        else:
            out[c] = pd.Series(
                np.concatenate([s.astype(object).to_numpy() for s in pieces]), dtype=object
            )
    return pd.DataFrame(out)


def _fast(path, kind, wanted, is_canceled, progress, size, marks):
    """Parse block by block with the columns selected; raises _NotSimple when a block
    is not one the pre-scan can vouch for.

    The next block is read and pre-scanned in a second thread while pandas parses
    this one (both release the GIL for most of their work).
    """
    stats: Counter = Counter()
    pieces = _records(text_blocks(path, kind, is_canceled, stats))
    first = next(pieces, b"")
    sep, written, n_head = _header(first)
    names = _dedupe([n.casefold() for n in written])
    dtypes = _dtypes(names, wanted)
    skipped: Counter = Counter()
    parts = []
    done = 0

    def scanned(piece):
        if piece is None:
            piece = next(pieces, None)
        if piece is None:
            return None
        longest: list = []
        return piece, _records_simple(piece, sep, len(names), longest=longest), longest

    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(scanned, first[n_head:])
        while True:
            item = job.result()
            if item is None:
                break
            job = pool.submit(scanned, None)
            piece, records, longest = item
            if piece and not piece.isspace():
                if records is None:
                    raise _NotSimple("quotes or fields the pre-scan cannot judge")
                try:
                    frame = pd.read_csv(
                        io.BytesIO(piece),
                        sep=sep,
                        header=None,
                        names=names,
                        dtype=dtypes,
                        usecols=list(dtypes),
                        keep_default_na=False,
                        na_filter=False,  # no value is missing: skip the per-cell NA lookup
                        index_col=False,
                        skipinitialspace=False,
                    )
                except UnicodeDecodeError:
                    raise
                except (pd.errors.ParserError, ValueError) as err:
                    raise _NotSimple(str(err)) from err
                if len(frame) != records:
                    raise _NotSimple("pandas and the pre-scan disagree")
                longest_record = longest[0] if longest else None
                parts.append(_drop_bad_cells(frame, skipped, marks(stats), longest_record))
            done += len(piece)
            if progress is not None:
                progress(min(1.0, done / size))
            if is_canceled():
                raise Canceled()
    return _concat(parts, list(dtypes)), skipped, sep, written, names, stats


class _Stream(io.RawIOBase):
    """A file object over ``text_blocks`` for pandas' reader."""

    def __init__(self, blocks: Iterator[bytes]):
        self._blocks = blocks
        self._view = memoryview(b"")
        self.consumed = 0

    def readable(self):
        return True

    def readinto(self, b):
        while not len(self._view):
            nxt = next(self._blocks, None)
            if nxt is None:
                return 0
            self._view = memoryview(nxt)
        n = min(len(b), len(self._view))
        b[:n] = self._view[:n]
        self._view = self._view[n:]
        self.consumed += n
        return n


_EOF_IN_STRING = re.compile(r"EOF inside string starting at row (\d+)")


def _tolerant(path, kind, wanted, is_canceled, progress, size, marks):
    """pandas' parse of every column, chunk by chunk, each bad line reported and counted."""
    stats: Counter = Counter()
    head = b""
    for block in text_blocks(path, kind, is_canceled, stats):
        head = block[: 1 << 16]
        break
    sep, written, _n = _header(head)
    skipped: Counter = Counter()
    parts = []
    columns: list[str] = []
    for engine in ("c", "python"):
        stats = Counter()
        stream = _Stream(text_blocks(path, kind, is_canceled, stats))
        err = io.StringIO()
        parts, skipped, columns = [], Counter(), []
        try:
            with contextlib.redirect_stderr(err), warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                reader = pd.read_csv(
                    io.BufferedReader(stream, 1 << 20),
                    sep=sep,
                    dtype=str,
                    keep_default_na=False,
                    on_bad_lines="warn",
                    skipinitialspace=False,
                    chunksize=TOLERANT_CHUNK,
                    engine=engine,
                )
                with reader:
                    for chunk in reader:
                        chunk.columns = _dedupe([str(c).strip().casefold() for c in chunk.columns])
                        keep = [c for c in chunk.columns if wanted is None or c in wanted]
                        columns = keep
                        chunk = chunk[keep]
                        for c in keep:
                            if c not in UNIQUE_COLUMNS:
                                chunk[c] = chunk[c].astype("category")
                        parts.append(_drop_bad_cells(chunk, skipped, marks(stats)))
                        if progress is not None:
                            progress(min(1.0, stream.consumed / size))
                        if is_canceled():
                            raise Canceled()
        except pd.errors.ParserError as error:
            m = _EOF_IN_STRING.search(str(error))
            if m:
                raise IncidentFormatError(
                    N_(
                        'a quote (") opened on line {line} is never closed: the '
                        "rest of the file would be one cell. Close or remove that quote."
                    ),
                    line=int(m.group(1)) + 1,
                ) from error
            if engine == "python":
                raise IncidentFormatError(
                    N_("{name} cannot be read as delimited text: {error}"),
                    name=Path(path).name,
                    error=error,
                ) from error
            continue  # the C parser gives up on some broken line ends; Python's may not
        except csv.Error as error:
            raise IncidentFormatError(
                N_("{name} cannot be read as delimited text: {error}"),
                name=Path(path).name,
                error=error,
            ) from error
        # pandas 1.5 writes "Skipping line N" to stderr, pandas 2 emits ParserWarnings.
        bad = err.getvalue().count("Skipping line") + sum(
            str(w.message).count("Skipping line") for w in caught
        )
        if bad:
            skipped[R_BADLINE] += bad
        break
    return _concat(parts, columns), skipped, sep, written, None, stats


def _parse(path, kind, wanted, is_canceled, progress, size):
    def marks(stats):
        found = []
        if stats["nul"]:
            found.append(MARK_NUL)
        if kind.transcode and stats["bad"]:
            found.append(MARK_BAD)
        return tuple(found)

    try:
        return (*_fast(path, kind, wanted, is_canceled, progress, size, marks), "fast")
    except _NotSimple:
        return (*_tolerant(path, kind, wanted, is_canceled, progress, size, marks), "tolerant")


def read_table(
    path: str | Path,
    columns=None,
    is_canceled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
) -> tuple[pd.DataFrame, Counter]:
    """Read a delimited text file as strings; count rows that had to be skipped.

    ``columns``: names to read, matched without regard to case (others are
    not parsed; names missing from the file are ignored), or None for all.
    Column names come out stripped and in lower case; ``attrs['header']``
    lists all of them, ``attrs['header_written']`` as the file spells them,
    ``attrs['notes']`` what the log should say about the file (encoding,
    line ends). Values are str, or categories of str for the columns that
    repeat (``incidents._col`` turns either into plain text).
    ``is_canceled`` is polled between blocks (raises ``Canceled``);
    ``progress`` gets the fraction of the file read.
    """
    is_canceled = is_canceled or _never
    path = _check_file(path)
    size = max(path.stat().st_size, 1)
    wanted = None if columns is None else {str(c).strip().casefold() for c in columns}
    # pandas decodes every byte of a file as UTF-8, strictly: a file that is not
    # UTF-8 fails there, and only then is it checked whole to find its encoding.
    kind = inspect(path, is_canceled, full=False)
    try:
        result = _parse(path, kind, wanted, is_canceled, progress, size)
    except UnicodeDecodeError:
        kind = inspect(path, is_canceled, full=True)
        if not kind.transcode:  # pragma: no cover - pandas and Python disagree on UTF-8
            raise IncidentFormatError(
                N_("{name} is not valid UTF-8; {resave}"), name=path.name, resave=Message(RESAVE)
            ) from None
        result = _parse(path, kind, wanted, is_canceled, progress, size)
    frame, skipped, sep, written, names, stats, mode = result
    header = _dedupe([n.casefold() for n in written]) if names is None else names
    if not any(header):
        raise IncidentFormatError(N_("{name} has no header line"), name=path.name)
    notes = list(kind.notes)
    if stats["bare_cr"]:
        notes.append(
            f"{stats['bare_cr']} carriage returns (CR) inside lines were read as spaces "
            "(the file mixes line ends)"
        )
    frame.attrs.update(
        header=header,
        header_written=written,
        notes=notes,
        read_mode=mode,
        utf8_clean=True,  # rows with invalid bytes in a column read are already left out
        delimiter=sep,
    )
    return frame, skipped

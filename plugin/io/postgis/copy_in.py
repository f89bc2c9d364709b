"""Binary ``COPY ... FROM STDIN`` of an incident frame, encoded with numpy (no
Python work per row).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ... import definitions as d
from .connection import _PG_EPOCH_DAYS, GEOM, SRID, sql

# --- binary COPY in ------------------------------------------------------------------

_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_COPY_TRAILER = struct.pack("!h", -1)
_NULL = struct.pack("!i", -1)


@dataclass
class _Tokens:
    """One column as a table of encoded values (4-byte length + bytes, zero-padded to the
    widest), the length of each, and the value of each row."""

    table: np.ndarray  # (values, width) uint8
    length: np.ndarray  # (values,) int64
    code: np.ndarray  # (rows,) int32 index into table


def _from_values(encoded: list[bytes], codes: np.ndarray) -> _Tokens:
    """Tokens of the distinct values, each already with its 4-byte length prefix."""
    length = np.fromiter((len(b) for b in encoded), dtype=np.int64, count=len(encoded))
    width = int(length.max()) if len(length) else 4
    table = np.array(encoded, dtype=f"S{width}").view(np.uint8).reshape(len(encoded), width)
    return _Tokens(table, length, codes.astype(np.int32))


def _from_payloads(payloads: list[bytes], codes: np.ndarray) -> _Tokens:
    """Tokens of the distinct values' bytes and a NULL token last (code ``len(payloads)``);
    the length prefixes are written as one array, not one ``struct.pack`` per value."""
    n = len(payloads)
    size = np.fromiter(map(len, payloads), dtype=np.int64, count=n)
    widest = int(size.max()) if n else 0
    table = np.zeros((n + 1, 4 + widest), dtype=np.uint8)
    table[:n, :4] = size.astype(">i4").view(np.uint8).reshape(n, 4)
    table[n, :4] = np.frombuffer(_NULL, dtype=np.uint8)
    if widest:
        table[:n, 4:] = np.array(payloads, dtype=f"S{widest}").view(np.uint8).reshape(n, widest)
    return _Tokens(table, np.append(size + 4, 4), codes.astype(np.int32))


def _field(data: bytes) -> bytes:
    return struct.pack("!i", len(data)) + data


def _text_tokens(values) -> _Tokens:
    """A text column: each distinct value encoded once (UTF-8); None/NaN as NULL."""
    values = np.asarray(values, dtype=object)
    listed = values.tolist()
    if len(set(listed)) == len(listed) and not pd.isna(values).any():
        # Every value distinct (event ids): hashing them in pandas costs more than
        # encoding each once (~3 s at 5,000,000; Python's set is ~5x cheaper).
        payloads = [str(u).encode("utf-8") for u in listed]
        return _from_payloads(payloads, np.arange(len(listed)))
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    payloads = [str(u).encode("utf-8") for u in uniques]
    return _from_payloads(payloads, np.where(codes < 0, len(uniques), codes))


def _per_row(rec: np.ndarray, ok: np.ndarray) -> _Tokens:
    """A fixed-width column, one table row per row (``rec``: length + value records),
    rows where ``ok`` is False as NULL."""
    n, width = len(rec), rec.dtype.itemsize
    table = rec.view(np.uint8).reshape(n, width)
    length = np.full(n + 1, width, dtype=np.int64)
    length[n] = 4
    null = np.zeros((1, width), dtype=np.uint8)
    null[0, :4] = np.frombuffer(_NULL, dtype=np.uint8)
    code = np.where(ok, np.arange(n, dtype=np.int32), np.int32(n))
    return _Tokens(np.concatenate([table, null]), length, code)


def _fixed_tokens(values: np.ndarray, fmt: str, null: np.ndarray | None = None) -> _Tokens:
    """A fixed-width column: 4-byte length + big-endian value per row."""
    rec = np.empty(len(values), dtype=[("len", ">i4"), ("v", fmt)])
    rec["len"] = np.dtype(fmt).itemsize
    rec["v"] = values
    return _per_row(rec, np.ones(len(values), dtype=bool) if null is None else ~null)


def _point_tokens(lon: np.ndarray, lat: np.ndarray) -> _Tokens:
    """EWKB points with SRID 4326 (25 bytes); rows without a point are NULL."""
    n = len(lon)
    rec = np.empty(n, dtype=[("len", ">i4"), ("order", "u1"), ("kind", "<u4"), ("srid", "<u4"),
                             ("x", "<f8"), ("y", "<f8")])  # fmt: skip
    rec["len"], rec["order"], rec["kind"], rec["srid"] = 25, 1, 0x20000001, SRID
    rec["x"], rec["y"] = lon, lat
    return _per_row(rec, np.isfinite(lon) & np.isfinite(lat))


def _day_tokens(values) -> _Tokens:
    """Days as timestamps at midnight (microseconds since 2000-01-01), few distinct."""
    days = pd.to_datetime(pd.Series(values)).dt.normalize()
    codes, uniques = pd.factorize(days, use_na_sentinel=True)
    micros = (uniques.asi8 // 1000) - _PG_EPOCH_DAYS * 86_400_000_000
    encoded = [_field(struct.pack("!q", int(m))) for m in micros] + [_NULL]
    return _from_values(encoded, np.where(codes < 0, len(uniques), codes))


def _int_tokens(values) -> _Tokens:
    num = pd.to_numeric(pd.Series(values), errors="coerce")
    codes, uniques = pd.factorize(num, use_na_sentinel=True)
    encoded = [_field(struct.pack("!i", int(u))) for u in uniques] + [_NULL]
    return _from_values(encoded, np.where(codes < 0, len(uniques), codes))


def column_tokens(frame: pd.DataFrame, name: str, kind: str) -> _Tokens:
    s = frame[name]
    if kind == "date":
        return _day_tokens(s)
    if kind == "int":
        return _int_tokens(s)
    if kind == "float":
        v = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
        return _fixed_tokens(v, ">f8", ~np.isfinite(v))
    return _text_tokens(s.to_numpy(dtype=object))


def copy_chunks(columns: list[_Tokens], n: int, chunk_bytes: int = 48 << 20):
    """Binary COPY data of ``n`` rows of the token columns, in chunks of rows.

    A chunk is one matrix of rows (the field count, then each column's token padded to
    its widest) gathered with one index per column, and the padding dropped with one
    boolean mask: no Python work per row.
    """
    header = np.frombuffer(struct.pack("!h", len(columns)), dtype=np.uint8)
    width = 2 + sum(c.table.shape[1] for c in columns)
    step = max(1024, chunk_bytes // width)
    yield _COPY_HEADER
    for lo in range(0, n, step):
        hi = min(n, lo + step)
        m = hi - lo
        blocks = [np.broadcast_to(header, (m, 2))]
        keep = [np.ones((m, 2), dtype=bool)]
        for col in columns:
            code = col.code[lo:hi]
            blocks.append(col.table[code])
            keep.append(np.arange(col.table.shape[1]) < col.length[code][:, None])
        yield np.hstack(blocks)[np.hstack(keep)].tobytes()
    yield _COPY_TRAILER


class _ChunkReader:
    """A file-like over the chunks, for psycopg2's copy_expert (reads whole chunks)."""

    def __init__(self, chunks, feedback=None, total: int = 0):
        from concurrent.futures import ThreadPoolExecutor

        self.chunks = iter(chunks)
        self.buffer = b""
        self.feedback = feedback
        # The next chunk is encoded while the server parses this one.
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.next = self.pool.submit(next, self.chunks, b"")

    def read(self, size: int = -1) -> bytes:
        if self.feedback is not None and self.feedback.isCanceled():
            self.pool.shutdown(wait=True)
            raise WriteCanceledError()
        if not self.buffer:
            self.buffer = self.next.result()
            if self.buffer:
                self.next = self.pool.submit(next, self.chunks, b"")
            else:
                self.pool.shutdown(wait=False)
        if size is None or size < 0 or size >= len(self.buffer):
            out, self.buffer = self.buffer, b""
        else:
            out, self.buffer = self.buffer[:size], self.buffer[size:]
        return out

    readline = read


class WriteCanceledError(Exception):
    """The import was canceled during the COPY; the transaction is rolled back."""


def _copy_frame(cur, target, frame: pd.DataFrame, feedback=None) -> None:
    """COPY the frame (standard schema) into ``target`` (a table identifier)."""
    names = [n for n, _ in d.INCIDENT_FIELDS]
    columns = [column_tokens(frame, n, k) for n, k in d.INCIDENT_FIELDS]
    columns.append(
        _point_tokens(frame[d.F_LON].to_numpy(dtype=float), frame[d.F_LAT].to_numpy(dtype=float))
    )
    listed = sql.SQL(", ").join(sql.Identifier(c) for c in [*names, GEOM])
    statement = sql.SQL("COPY {} ({}) FROM STDIN WITH (FORMAT binary)").format(target, listed)
    cur.copy_expert(statement, _ChunkReader(copy_chunks(columns, len(frame)), feedback),
                    size=1 << 20)  # fmt: skip

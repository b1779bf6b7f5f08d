"""Scratch space of one import on disk, so its memory stays flat however long the workbook is.

An import must remember something about every row it has read: which keys it already saw (a
duplicate row is an error), which node or indicator a later row refers to, and what it will write.
Held in Python dicts that grows with the file; here it lives in a private temporary SQLite database
(``sqlite3.connect("")``: on disk, deleted when closed) whose page cache is capped at
``CACHE_KIB``. Only the last ``BATAS_TUNDA`` writes of each table are kept in memory, as a buffer
and a cache of the most recent keys (rows of one node or indicator follow each other in a template).

- ``Peta``: a dict (get / ``in`` / ``[]`` / setdefault / values in insertion order). Keys are
  ints, strings, None or tuples of them; values anything picklable, pickled when set. A value read
  back is always a copy: change it by assigning it again.
- ``Daftar``: an append-only list of records, read back in order (optionally grouped by an integer
  ``kelompok`` first: the nodes are written level by level).
"""

from __future__ import annotations

import pickle
import sqlite3

CACHE_KIB = 2048
BATAS_TUNDA = 500
_KOSONG = object()


class Gudang:
    def __init__(self):
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in (f"cache_size=-{CACHE_KIB}", "journal_mode=OFF", "synchronous=OFF", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")  # one transaction for the life of the scratch database: nothing to sync
        self._nama = set()

    def _tabel(self, nama, kolom):
        if nama in self._nama:
            raise ValueError(f"tabel {nama} sudah ada")
        self._nama.add(nama)
        self.db.execute(f"CREATE TABLE {nama} ({kolom})")
        return nama

    def peta(self, nama) -> Peta:
        return Peta(self.db, self._tabel(nama, "k TEXT PRIMARY KEY, v BLOB"))

    def daftar(self, nama) -> Daftar:
        return Daftar(self.db, self._tabel(nama, "kelompok INTEGER, v BLOB"))

    def tutup(self):
        if self.db is not None:
            self.db.close()
            self.db = None


class Peta:
    __slots__ = ("db", "nama", "tunda", "kosong", "_sql_ambil", "_sql_simpan")

    def __init__(self, db, nama):
        self.db, self.nama = db, nama
        self.tunda = {}  # repr(key) -> pickled value, not yet in SQLite
        self.kosong = True  # nothing in SQLite yet: a key not in the buffer is not there at all
        self._sql_ambil = f"SELECT v FROM {nama} WHERE k = ?"
        self._sql_simpan = f"INSERT INTO {nama} (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v"

    def simpan(self):
        """Move the buffered writes to SQLite."""
        if self.tunda:
            self.db.executemany(self._sql_simpan, self.tunda.items())
            self.tunda.clear()
            self.kosong = False

    def __setitem__(self, kunci, nilai):
        self.tunda[repr(kunci)] = pickle.dumps(nilai, 5)  # pickled now: later changes to ``nilai`` do not count
        if len(self.tunda) >= BATAS_TUNDA:
            self.simpan()

    def _bytes(self, kunci):
        k = repr(kunci)
        b = self.tunda.get(k)
        if b is not None or self.kosong:
            return b
        baris = self.db.execute(self._sql_ambil, (k,)).fetchone()
        return None if baris is None else baris[0]

    def get(self, kunci, bawaan=None):
        b = self._bytes(kunci)
        return bawaan if b is None else pickle.loads(b)

    def __getitem__(self, kunci):
        b = self._bytes(kunci)
        if b is None:
            raise KeyError(kunci)
        return pickle.loads(b)

    def __contains__(self, kunci):
        return self._bytes(kunci) is not None

    def setdefault(self, kunci, nilai):
        b = self._bytes(kunci)
        if b is None:
            self[kunci] = nilai
            return self[kunci]
        return pickle.loads(b)

    def values(self):
        """Every value in the order its key was first set (do not set keys while iterating)."""
        self.simpan()
        for (v,) in self.db.execute(f"SELECT v FROM {self.nama} ORDER BY rowid"):
            yield pickle.loads(v)

    def __len__(self):
        self.simpan()
        return self.db.execute(f"SELECT count(*) FROM {self.nama}").fetchone()[0]


class Daftar:
    __slots__ = ("db", "nama", "tunda", "_sql")

    def __init__(self, db, nama):
        self.db, self.nama, self.tunda = db, nama, []
        self._sql = f"INSERT INTO {nama} (kelompok, v) VALUES (?, ?)"

    def tambah(self, nilai, kelompok=0):
        self.tunda.append((kelompok, pickle.dumps(nilai, 5)))
        if len(self.tunda) >= BATAS_TUNDA:
            self.simpan()

    def simpan(self):
        if self.tunda:
            self.db.executemany(self._sql, self.tunda)
            self.tunda.clear()

    def _baca(self):
        self.simpan()
        for kelompok, v in self.db.execute(f"SELECT kelompok, v FROM {self.nama} ORDER BY kelompok, rowid"):
            yield kelompok, pickle.loads(v)

    def __iter__(self):
        """The records by kelompok, then in the order they were added."""
        for _, nilai in self._baca():
            yield nilai

    def per_batch(self, ukuran):
        """The records in lists of at most ``ukuran`` (the unit of one bulk write), one kelompok per list."""
        batch, sekarang = [], None
        for kelompok, nilai in self._baca():
            if batch and (len(batch) >= ukuran or kelompok != sekarang):
                yield batch
                batch = []
            batch.append(nilai)
            sekarang = kelompok
        if batch:
            yield batch

    def __len__(self):
        self.simpan()
        return self.db.execute(f"SELECT count(*) FROM {self.nama}").fetchone()[0]

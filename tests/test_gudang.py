"""The scratch store of an import (evaluasi/impor/gudang.py) and the capped error list (DaftarGalat).

Pure tests, no database: ``BATAS_TUNDA`` is set to 3 so that values cross the boundary between the
in-memory write buffer and the SQLite table after a few writes.
"""

import pytest

from evaluasi.impor import gudang, terapkan
from evaluasi.impor.baca import Galat
from evaluasi.impor.gudang import Gudang
from evaluasi.impor.terapkan import DaftarGalat


@pytest.fixture(autouse=True)
def tunda_kecil(monkeypatch):
    monkeypatch.setattr(gudang, "BATAS_TUNDA", 3)


@pytest.fixture
def g():
    gd = Gudang()
    yield gd
    gd.tutup()


def test_peta_dasar(g):
    p = g.peta("p")
    assert len(p) == 0 and list(p.values()) == []
    p["a"] = 1
    assert p["a"] == 1 and p.get("a") == 1 and "a" in p
    assert p.get("b") is None and p.get("b", 7) == 7 and "b" not in p
    with pytest.raises(KeyError):
        p["b"]
    assert p.setdefault("b", [2]) == [2]
    assert p.setdefault("b", [99]) == [2]  # already there: the old value, nothing set
    assert p["b"] == [2] and len(p) == 2


def test_peta_melewati_tunda(g):
    """Values flushed to SQLite read back the same; overwriting keeps the first-insert order."""
    p = g.peta("p")
    for i in range(7):
        p[f"k{i}"] = {"i": i}
    assert p.tunda and len(p.tunda) < 3  # the first writes went to SQLite already
    assert [p[f"k{i}"] for i in range(7)] == [{"i": i} for i in range(7)]
    assert "k0" in p and p.get("k0") == {"i": 0}  # read back from SQLite
    p["k0"] = "baru"  # overwrite of a flushed key
    p["k5"] = "juga"  # overwrite of a (possibly) buffered key
    for i in range(7, 10):
        p[f"k{i}"] = i  # pushes the overwrites to SQLite
    assert not p.tunda or "'k0'" not in p.tunda
    assert p["k0"] == "baru" and p["k5"] == "juga"
    assert list(p.values()) == ["baru", {"i": 1}, {"i": 2}, {"i": 3}, {"i": 4}, "juga", {"i": 6}, 7, 8, 9]
    assert len(p) == 10
    assert p.setdefault("k0", "lain") == "baru"  # setdefault sees a flushed key
    p["k1"] = "lagi"  # overwrite after values() flushed everything
    assert list(p.values())[:2] == ["baru", "lagi"] and len(p) == 10


def test_peta_kunci_tuple_dan_jenis(g):
    p = g.peta("p")
    kunci = [("sub_kegiatan", "22", 1, None), ("sub_kegiatan", "22", 1, 2), (None,), ("x", None), 1, "1", None, (1,)]
    for i, k in enumerate(kunci):
        p[k] = i
    assert len(p) == len(kunci)  # 1 and "1", None and (None,), (1,) and 1 are different keys
    assert [p[k] for k in kunci] == list(range(len(kunci)))
    assert p[1] == 4 and p["1"] == 5 and p[None] == 6
    assert ("sub_kegiatan", "22", 1, 3) not in p and ("sub_kegiatan", "22", "1", None) not in p
    assert p.get(2) is None and "2" not in p
    p["1"] = "teks"
    assert (p[1], p["1"]) == (4, "teks")
    assert list(p.values()) == [0, 1, 2, 3, 4, "teks", 6, 7]


def test_peta_nilai_dari_sqlite_salinan(g):
    """A value read back from SQLite is a copy: changing it does not change the store."""
    p = g.peta("p")
    p["a"] = {"nilai": [1]}
    for i in range(5):
        p[i] = i  # "a" is flushed
    assert "'a'" not in p.tunda
    v = p["a"]
    v["nilai"].append(2)
    v["baru"] = True
    assert p["a"] == {"nilai": [1]}
    assert p.get("a") is not p.get("a")


def test_peta_nilai_dari_tunda_salinan(g):
    """The same promise for a value still in the write buffer (and for what setdefault returns)."""
    p = g.peta("p")
    asli = {"nilai": [1]}
    p["a"] = asli
    asli["nilai"].append("sesudah disimpan")
    v = p["a"]
    v["nilai"].append(2)
    p.setdefault("b", []).append("x")
    assert (p["a"], p["b"]) == ({"nilai": [1]}, [])


def test_daftar_urut_kelompok_lalu_tambah(g):
    d = g.daftar("d")
    for nilai, kelompok in [("a", 2), ("b", 0), ("c", 1), ("d", 2), ("e", 0), ("f", 1), ("g", 0)]:
        d.tambah({"n": nilai}, kelompok)
    assert len(d) == 7
    assert [x["n"] for x in d] == ["b", "e", "g", "c", "f", "a", "d"]
    d.tambah({"n": "h"})  # kelompok 0 by default, after the earlier ones of kelompok 0
    assert [x["n"] for x in d] == ["b", "e", "g", "h", "c", "f", "a", "d"] and len(d) == 8


def test_daftar_per_batch(g):
    d = g.daftar("d")
    for i in range(5):
        d.tambah(("satu", i), 1)
    for i in range(2):
        d.tambah(("nol", i), 0)
    for i in range(4):
        d.tambah(("dua", i), 2)
    batch = list(d.per_batch(2))
    assert [len(b) for b in batch] == [2, 2, 2, 1, 2, 2]
    for b in batch:
        assert len({x[0] for x in b}) == 1  # never two kelompok in one batch
    assert [x for b in batch for x in b] == list(d)
    assert [len(b) for b in d.per_batch(10)] == [2, 5, 4]
    assert [len(b) for b in d.per_batch(1)] == [1] * 11
    assert list(g.daftar("kosong").per_batch(3)) == []


def test_gudang_tutup_dua_kali_dan_nama_ganda():
    gd = Gudang()
    gd.peta("sama")
    with pytest.raises(ValueError, match="sama"):
        gd.peta("sama")
    with pytest.raises(ValueError, match="sama"):
        gd.daftar("sama")
    gd.daftar("d")
    with pytest.raises(ValueError, match="d"):
        gd.daftar("d")
    gd.tutup()
    assert gd.db is None
    gd.tutup()  # harmless
    assert gd.db is None


def test_dua_gudang_terpisah():
    a, b = Gudang(), Gudang()
    try:
        pa, pb = a.peta("p"), b.peta("p")  # the same name in two scratch databases
        for i in range(4):
            pa[i] = "a"
        pb[0] = "b"
        assert (pa[0], pb[0], len(pa), len(pb)) == ("a", "b", 4, 1)
    finally:
        a.tutup()
        b.tutup()


@pytest.fixture
def maks3(monkeypatch):
    monkeypatch.setattr(terapkan, "MAKS_GALAT", 3)


def _galat(n, awal=0):
    return [Galat(f"galat {i}") for i in range(awal, awal + n)]


def test_daftar_galat_append(maks3):
    d = DaftarGalat()
    assert (len(d), d.jumlah, bool(d)) == (0, 0, False)
    for x in _galat(5):
        d.append(x)
    assert [x.pesan for x in d] == ["galat 0", "galat 1", "galat 2"]
    assert (len(d), d.jumlah) == (3, 5)
    assert isinstance(d, list) and d


def test_daftar_galat_extend(maks3):
    d = DaftarGalat(_galat(2))
    assert (len(d), d.jumlah) == (2, 2)
    lain = DaftarGalat(_galat(4, awal=10))
    assert (len(lain), lain.jumlah) == (3, 4)
    d.extend(lain)  # one of lain's kept fits; its uncounted one and the two that do not fit are counted
    assert [x.pesan for x in d] == ["galat 0", "galat 1", "galat 10"]
    assert d.jumlah == 6
    d.extend(_galat(2, awal=20))  # a plain list: every item counted
    assert (len(d), d.jumlah) == (3, 8)
    kosong = DaftarGalat()
    kosong.extend(DaftarGalat(_galat(7)))
    assert (len(kosong), kosong.jumlah) == (3, 7)
    assert DaftarGalat(DaftarGalat(_galat(9))).jumlah == 9  # the constructor extends too

"""Plausibility of entered and printed figures: warnings a person must confirm, never silent corrections.

Every check is a pure function (Decimal only, no ORM, no settings): the entry form, the import
preview and the data-quality view call the same functions, so they cannot disagree. Thresholds are
parameters with the defaults of DESIGN.md ("Plausibility"). Each check returns a list of
``Peringatan``: a stable ``kode`` (kept with a confirmation, used to match it later) and an
Indonesian message that says what looks wrong and what to check.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from evaluasi import capaian

# Stable codes (stored with each confirmation; never rename one).
DIISI_KUMULATIF = "diisi_kumulatif"
CAPAIAN_TINGGI = "capaian_tinggi"
CAPAIAN_RENDAH = "capaian_rendah"
PAGU_SENTINEL = "pagu_sentinel"
PAGU_NOL = "pagu_nol"
PAGU_DI_BAWAH_REALISASI = "pagu_di_bawah_realisasi"
PAGU_PERUBAHAN_JAUH = "pagu_perubahan_jauh"
PERSEN_LEBIH_100 = "persen_lebih_100"
FORMULA_SAMA = "formula_sama"
SATUAN_TIDAK_COCOK = "satuan_tidak_cocok"
PEMISAH_AMBIGU = "pemisah_ambigu"

LABEL = {
    DIISI_KUMULATIF: "Tampaknya diisi kumulatif",
    CAPAIAN_TINGGI: "Capaian sangat tinggi",
    CAPAIAN_RENDAH: "Capaian sangat rendah",
    PAGU_SENTINEL: "Pagu mencurigakan",
    PAGU_NOL: "Pagu 0 dengan realisasi",
    PAGU_DI_BAWAH_REALISASI: "Pagu di bawah realisasi",
    PAGU_PERUBAHAN_JAUH: "Pagu perubahan jauh dari murni",
    PERSEN_LEBIH_100: "Persentase di atas 100",
    FORMULA_SAMA: "Formula: pembilang = penyebut",
    SATUAN_TIDAK_COCOK: "Satuan tidak sesuai",
    PEMISAH_AMBIGU: "Pemisah angka ambigu",
}

BATAS_KUMULATIF = Decimal("0.3")  # sum over target by more than 30 %, latest within 30 % of it
BATAS_CAPAIAN_ATAS = Decimal(300)
BATAS_CAPAIAN_BAWAH = Decimal(10)  # at TW IV
# Values a spreadsheet or a database column produces when something overflowed or was a placeholder.
PAGU_SENTINEL_NILAI = (2_147_483_647, 4_294_967_295, 999_999_999_999)
SERATUS = Decimal(100)
_ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Peringatan:
    """One plausibility warning: a stable code and the message shown to the person who must confirm."""

    kode: str
    pesan: str

    @property
    def label(self):
        return LABEL.get(self.kode, self.kode)


def _d(x):
    return None if x is None else Decimal(x)


def _fmt(x):
    return capaian.format_angka(x, 4, buang_nol=True)


# --- Triwulan values -----------------------------------------------------------------------


def cek_kumulatif(
    per_triwulan: Mapping[int, object], target, agregasi=capaian.KUMULATIF, batas=BATAS_KUMULATIF
) -> list[Peringatan]:
    """A kumulatif indicator whose values look typed "s.d. triwulan" instead of "in the triwulan".

    Fires when TW I and the triwulan after it (at least two, none skipped) are entered, each higher
    than the one before, their sum overshoots the target by more than ``batas`` and the latest
    value alone is within ``batas`` of the target: the habit "TW II = everything so far",
    which silently doubles the annual figure.
    """
    target = _d(target)
    if agregasi != capaian.KUMULATIF or target is None or target <= 0:
        return []
    nilai = [(tw, _d(v)) for tw, v in sorted(per_triwulan.items()) if v is not None]
    # "every triwulan": TW I up to the latest, none skipped (year-end figures alone say nothing).
    if len(nilai) < 2 or [tw for tw, _ in nilai] != list(range(1, len(nilai) + 1)):
        return []
    if any(b <= a for (_, a), (_, b) in zip(nilai, nilai[1:], strict=False)):
        return []
    jumlah = sum((v for _, v in nilai), Decimal(0))
    terakhir = nilai[-1][1]
    if jumlah <= target * (1 + batas) or abs(terakhir - target) > target * batas:
        return []
    urutan = ", ".join(f"TW {_ROMAWI[tw]} {_fmt(v)}" for tw, v in nilai)
    return [
        Peringatan(
            DIISI_KUMULATIF,
            f"Nilai triwulan tampaknya diisi kumulatif (s.d. triwulan), bukan per triwulan: {urutan} "
            f"berjumlah {_fmt(jumlah)}, padahal target {_fmt(target)} dan nilai terakhir saja sudah "
            f"{_fmt(terakhir)}. Untuk indikator kumulatif isilah yang dicapai DI triwulan itu saja.",
        )
    ]


def cek_capaian(
    nilai_capaian, triwulan=4, batas_atas=BATAS_CAPAIAN_ATAS, batas_bawah=BATAS_CAPAIAN_BAWAH
) -> list[Peringatan]:
    """Capaian far outside the target: above ``batas_atas`` %, or below ``batas_bawah`` % at TW IV."""
    c = _d(nilai_capaian)
    if c is None:
        return []
    if c > batas_atas:
        return [
            Peringatan(
                CAPAIAN_TINGGI,
                f"Capaian {capaian.format_persen(c)} jauh di atas target (lebih dari "
                f"{capaian.format_persen(batas_atas)}). Periksa realisasi, target dan satuannya.",
            )
        ]
    if triwulan == 4 and c < batas_bawah:
        return [
            Peringatan(
                CAPAIAN_RENDAH,
                f"Capaian akhir tahun {capaian.format_persen(c)}, di bawah {capaian.format_persen(batas_bawah)}. "
                "Periksa apakah realisasi sudah lengkap dan targetnya benar.",
            )
        ]
    return []


# --- Budgets -------------------------------------------------------------------------------


def cek_pagu(pagu_murni, pagu_perubahan=None, realisasi_sd=None, sentinel=PAGU_SENTINEL_NILAI) -> list[Peringatan]:
    """A suspicious pagu: a sentinel value, 0 with spending, perubahan below spending or far from murni."""
    hasil = []
    for nama, nilai in (("murni", pagu_murni), ("perubahan", pagu_perubahan)):
        if nilai is not None and int(nilai) in sentinel:
            hasil.append(
                Peringatan(
                    PAGU_SENTINEL,
                    f"Pagu {nama} Rp {capaian.format_rupiah(int(nilai))} adalah angka batas/pengganti yang biasa "
                    "muncul dari kesalahan salin atau luapan, bukan pagu yang sebenarnya.",
                )
            )
    berlaku = pagu_perubahan if pagu_perubahan is not None else pagu_murni
    realisasi = int(realisasi_sd) if realisasi_sd is not None else 0
    if berlaku is not None and int(berlaku) == 0 and realisasi > 0:
        hasil.append(
            Peringatan(
                PAGU_NOL,
                f"Pagu 0 tetapi realisasi anggaran Rp {capaian.format_rupiah(realisasi)}: pagunya belum diisi?",
            )
        )
    elif pagu_perubahan is not None and int(pagu_perubahan) < realisasi:
        hasil.append(
            Peringatan(
                PAGU_DI_BAWAH_REALISASI,
                f"Pagu perubahan Rp {capaian.format_rupiah(int(pagu_perubahan))} lebih kecil dari realisasi "
                f"anggaran sampai saat ini Rp {capaian.format_rupiah(realisasi)}.",
            )
        )
    if pagu_murni is not None and pagu_perubahan is not None and int(pagu_murni) > 0:
        murni, ubah = int(pagu_murni), int(pagu_perubahan)
        if ubah * 2 < murni or ubah > murni * 2:
            hasil.append(
                Peringatan(
                    PAGU_PERUBAHAN_JAUH,
                    f"Pagu perubahan Rp {capaian.format_rupiah(ubah)} "
                    f"{'kurang dari separuh' if ubah * 2 < murni else 'lebih dari dua kali'} pagu murni "
                    f"Rp {capaian.format_rupiah(murni)}. Periksa angka nol yang hilang atau berlebih.",
                )
            )
    return hasil


# --- What an indicator measures ------------------------------------------------------------

_AWALAN_BAGIAN = ("persentase", "persentasi", "prosentase", "proporsi")
_SATUAN_PERSEN = ("%", "persen", "prosen")
# A "Persentase …" of a change is not a share of a whole: it may pass 100.
_KATA_PERUBAHAN = re.compile(r"\b(peningkatan|penurunan|pertumbuhan|kenaikan|perubahan|laju|selisih)\b", re.I)


def _kata(teks):
    return re.sub(r"\s+", " ", (teks or "").strip().lower())


def satuan_persen(satuan) -> bool:
    """Whether a satuan is a percentage ('%', 'persen')."""
    return _kata(satuan) in _SATUAN_PERSEN


def adalah_bagian(nama, satuan) -> bool:
    """Whether the indicator is a share of a whole (so it cannot pass 100): '%'/'persen' or 'Persentase…'.

    A percentage of change ("Persentase Penurunan TPT", "Pertumbuhan …") is not a share and may pass 100.
    """
    n = _kata(nama)
    if _KATA_PERUBAHAN.search(n):
        return False
    return satuan_persen(satuan) or n.startswith(_AWALAN_BAGIAN)


def cek_persen(nilai, nama, satuan, besaran="Realisasi") -> list[Peringatan]:
    """A share of a whole above 100 (a percentage of people, companies… cannot exceed the whole)."""
    v = _d(nilai)
    if v is None or v <= SERATUS or not adalah_bagian(nama, satuan):
        return []
    return [
        Peringatan(
            PERSEN_LEBIH_100,
            f"{besaran} {_fmt(v)} melebihi 100, padahal indikator ini persentase dari suatu keseluruhan. "
            "Apakah yang diisi jumlahnya, bukan persentasenya?",
        )
    ]


_FRAC = re.compile(r"\\frac\s*")
_LATEX_BUANG = re.compile(r"\\(text|mathrm|mbox|textrm|left|right)\b")


def _kurung(s: str, i: int):
    """(content, index after) of the {...} group at s[i] == '{', or of the single character there."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] != "{":
        return s[i], i + 1
    tingkat = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            tingkat += 1
        elif s[j] == "}":
            tingkat -= 1
            if tingkat == 0:
                return s[i + 1 : j], j + 1
    return s[i + 1 :], len(s)


def _normal(ekspresi: str) -> str:
    s = _LATEX_BUANG.sub("", ekspresi)
    s = re.sub(r"[{}()\[\]$\\]", " ", s)
    return re.sub(r"\s+", " ", s).strip().lower()


_KALI_SERATUS = re.compile(r"\s*(\\times|×|x|\*)\s*100\s*%?\s*$", re.I)


def pecahan_formula(formula) -> tuple[str, str] | None:
    """(numerator, denominator) of a formula `\\frac{A}{B} × 100` or 'A / B x 100'; None if not a fraction."""
    s = (formula or "").strip().strip("$").strip()
    if not s:
        return None
    m = _FRAC.search(s)
    if m:
        atas, i = _kurung(s, m.end())
        bawah, _ = _kurung(s, i)
        return atas, bawah
    s = _KALI_SERATUS.sub("", s)
    bagian = re.split(r"\s/\s|:", s) if re.search(r"\s/\s", s) else s.split("/")
    if len(bagian) != 2:
        return None
    return bagian[0], bagian[1]


def cek_formula(formula) -> list[Peringatan]:
    """A formula whose numerator and denominator are the same expression (always 100 %)."""
    pecahan = pecahan_formula(formula)
    if pecahan is None:
        return []
    atas, bawah = (_normal(x) for x in pecahan)
    if not atas or atas != bawah:
        return []
    return [
        Peringatan(
            FORMULA_SAMA,
            f"Pembilang dan penyebut formula sama (“{atas}”): hasilnya selalu 100%. Periksa definisi operasionalnya.",
        )
    ]


# What a nama counts → the satuan words that fit it. The first of these nouns after "Jumlah" decides.
KELAS_SATUAN = {
    "orang": {
        "kata": (
            "pencari kerja",
            "pencaker",
            "peserta",
            "lulusan",
            "tenaga kerja",
            "pekerja",
            "pegawai",
            "asn",
            "calon",
            "transmigran",
            "penduduk",
            "orang",
            "sdm",
            "tkm",
            "cpmi",
            "pmi",
            "tki",
            "penerima",
            "siswa",
        ),
        "satuan": ("orang", "jiwa", "peserta", "pencaker", "pencari kerja", "kk", "pekerja", "lulusan", "pegawai"),
    },
    "perusahaan": {
        "kata": ("perusahaan", "badan usaha", "umkm", "koperasi"),
        "satuan": ("perusahaan", "badan usaha", "usaha", "umkm", "koperasi", "pt", "unit"),
    },
    "lembaga": {
        "kata": ("lembaga", "lpk", "blk", "bkk"),
        "satuan": ("lembaga", "lpk", "blk", "bkk", "unit", "instansi"),
    },
    "dokumen": {
        "kata": ("dokumen", "laporan", "raperda", "perda", "database"),
        "satuan": ("dokumen", "laporan", "buku", "berkas", "eksemplar", "naskah", "paket", "raperda", "perda"),
    },
    "barang": {
        "kata": ("pakaian", "seragam", "kendaraan", "komputer", "laptop", "printer", "mebeleur", "peralatan"),
        "satuan": ("stel", "setel", "potong", "pasang", "buah", "unit", "lembar", "set", "paket", "kendaraan"),
    },
    "kegiatan": {
        "kata": ("sosialisasi", "monitoring", "rapat", "bimtek", "kunjungan", "iklan"),
        "satuan": ("kali", "kegiatan", "paket", "angkatan", "lokasi", "dokumen", "laporan"),
    },
}


def _cocok(satuan, kata):
    s = _kata(satuan)
    return any(re.search(rf"\b{re.escape(k)}\b", s) for k in kata)


def _kelas_satuan(satuan: str):
    s = _kata(satuan)
    if satuan_persen(s):
        return "persen"
    for kelas, isi in KELAS_SATUAN.items():
        if _cocok(s, isi["satuan"]):
            return kelas
    return None


def _kelas_nama(nama: str):
    """The class of the first counted noun after 'Jumlah' (None if the nama does not start with it)."""
    n = _kata(nama)
    if not n.startswith("jumlah "):
        return None, None
    n = n[len("jumlah ") :]
    terbaik = None
    for kelas, isi in KELAS_SATUAN.items():
        for k in isi["kata"]:
            m = re.search(rf"\b{re.escape(k)}\b", n)
            if m and (terbaik is None or m.start() < terbaik[0]):
                terbaik = (m.start(), kelas, k)
    return (terbaik[1], terbaik[2]) if terbaik else (None, None)


def cek_satuan(nama, satuan) -> list[Peringatan]:
    """A satuan that does not fit what the nama counts ("Jumlah perusahaan …" in "orang"; "Jumlah …" in %)."""
    satuan = (satuan or "").strip()
    if not satuan:
        return []
    kelas_s = _kelas_satuan(satuan)
    if kelas_s is None:
        return []
    kelas_n, kata = _kelas_nama(nama)
    if kelas_s == "persen":
        if _kata(nama).startswith("jumlah "):
            return [
                Peringatan(
                    SATUAN_TIDAK_COCOK,
                    f"Indikator menghitung jumlah, tetapi satuannya “{satuan}”. Jumlah diberi satuan benda yang "
                    "dihitung; persentase diberi nama “Persentase …”.",
                )
            ]
        return []
    if kelas_n is None and adalah_bagian(nama, "") and kelas_s in ("orang", "perusahaan", "lembaga", "dokumen"):
        return [
            Peringatan(
                SATUAN_TIDAK_COCOK,
                f"Indikator persentase, tetapi satuannya “{satuan}”. Persentase diberi satuan %.",
            )
        ]
    if kelas_n is None or kelas_n == kelas_s or _cocok(satuan, KELAS_SATUAN[kelas_n]["satuan"]):
        return []
    return [
        Peringatan(
            SATUAN_TIDAK_COCOK,
            f"Indikator menghitung “{kata}”, tetapi satuannya “{satuan}”. Periksa satuan atau nama indikatornya.",
        )
    ]


# --- Separators ----------------------------------------------------------------------------

PERSEN = "persen"
INDEKS = "indeks"
BULAT = "bulat"
_SATU_TITIK_RIBUAN = re.compile(r"^\s*(\d{1,3})\.(\d{3})\s*%?\s*$")
_KOMA_RIBUAN = re.compile(r"^\s*(\d{1,3})((?:,\d{3})+)\s*$")


def jenis_angka(nama, satuan) -> str | None:
    """What kind of number a field of this indicator expects: persen, indeks (small decimals), else None."""
    s = _kata(satuan)
    if satuan_persen(s) or adalah_bagian(nama, satuan):
        return PERSEN
    n = _kata(nama)
    if s in ("indeks", "nilai", "rasio", "skor", "poin") or n.startswith(("indeks", "nilai", "rasio", "gini")):
        return INDEKS
    return None


def cek_pemisah(teks, jenis) -> list[Peringatan]:
    """A number whose separators are ambiguous for its field: ask which was meant.

    "44.267" where a percentage or an index is expected is 44267 by the Indonesian rule (dot =
    thousands) but almost surely 44,267 typed the English way. "1,500" where a whole count is
    expected is 1,5 by the rule, which cannot be a count.
    """
    if teks is None or not isinstance(teks, str):
        return []
    m = _SATU_TITIK_RIBUAN.match(teks)
    if m and jenis in (PERSEN, INDEKS):
        a, b = m.groups()
        return [
            Peringatan(
                PEMISAH_AMBIGU,
                f"“{teks.strip()}” ambigu: maksudnya {a},{b} (desimal) atau {a}{b} (ribuan)? Titik adalah pemisah "
                f"ribuan, koma pemisah desimal; untuk {'persentase' if jenis == PERSEN else 'indeks/nilai'} tulis "
                f"{a},{b}.",
            )
        ]
    m = _KOMA_RIBUAN.match(teks)
    if m and jenis == BULAT:
        a, b = m.groups()
        return [
            Peringatan(
                PEMISAH_AMBIGU,
                f"“{teks.strip()}” ambigu: maksudnya {a},{b[1:]} (desimal) atau {a}{b.replace(',', '')} (ribuan)? "
                f"Untuk jumlah utuh tulis {a}{b.replace(',', '.')}.",
            )
        ]
    return []


def cek_pemisah_teks(teks, nama, satuan) -> list[Peringatan]:
    """``cek_pemisah`` on every number of a text (a printed target like '44.267 %')."""
    jenis = jenis_angka(nama, satuan)
    if not teks or jenis is None:
        return []
    hasil = []
    for potong in re.findall(r"\d[\d.,]*\s*%?", str(teks)):
        hasil.extend(cek_pemisah(potong.strip(), jenis))
    return hasil


def cek_indikator(nama, satuan, formula) -> list[Peringatan]:
    """The checks of an indicator's definition (independent of its values): formula and satuan."""
    return cek_formula(formula) + cek_satuan(nama, satuan)

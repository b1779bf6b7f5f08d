"""The audit trail of one OPD and year: who changed which target, realisasi, pagu or status, when, old → new.

Sources, merged into one list newest first:

- django-simple-history on Target, KomponenTarget, Realisasi, NilaiRealisasi, Anggaran,
  AnggaranTriwulan and KunciPeriode. Old → new comes from diffing each history record with
  the previous record of the same object (all records of the scope are read in one query per
  model, ordered by object and time, so the diff never needs a query per row);
- the app's own logs: PeristiwaVerifikasi (each verification step with its note), DataDukung
  (evidence uploaded) and Impor (workbooks uploaded and applied).

Every query is scoped to the OPD and year through the current parent rows (indikator → unsur,
anggaran → unsur, the OPD of a lock or an import), with subqueries or joins, so the number of
queries is fixed whatever the size of the data. A consequence worth knowing: the history of an
object whose parent has since been deleted (e.g. the targets of a deleted indicator) is no
longer in scope and is not listed; deleting through the admin is rare and itself recorded.

A status change that PeristiwaVerifikasi records (same realisasi, same from → to, within
``SELANG_PADAN``) is listed once, from the log, because the log carries the action and the
note; status changes without such a step (e.g. the entry form putting a returned realisasi back
to draf) come from the history.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from evaluasi import capaian
from evaluasi.akses import BAPPEDA, INSPEKTORAT, KEPALA_DINAS, VERIFIKATOR, peran
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    DataDukung,
    Impor,
    Indikator,
    KomponenTarget,
    KunciPeriode,
    NilaiRealisasi,
    PeristiwaVerifikasi,
    Realisasi,
    Target,
    Unsur,
)

# Kinds of item (the "Jenis" column and filter).
TARGET = "Target"
REALISASI = "Realisasi"
STATUS = "Status"
PAGU = "Pagu"
ANGGARAN_TW = "Anggaran triwulan"
KUNCI = "Kunci periode"
DATA_DUKUNG = "Data dukung"
IMPOR = "Impor"
JENIS = (TARGET, REALISASI, STATUS, PAGU, ANGGARAN_TW, KUNCI, DATA_DUKUNG, IMPOR)

# Kinds of change.
DIBUAT = "dibuat"
DIUBAH = "diubah"
DIHAPUS = "dihapus"
TIPE = {"+": DIBUAT, "~": DIUBAH, "-": DIHAPUS}

KOSONG = "-"  # an empty value, as the report prints a missing figure
SISTEM = ":sistem"  # filter value for changes without a user (seed, commands); a colon is no username
LABEL_SISTEM = "(sistem)"
SELANG_PADAN = timedelta(seconds=60)
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}

LABEL_STATUS = dict(Realisasi.Status.choices)


def boleh_lihat_audit(user) -> bool:
    """Who reads the audit trail: Inspektorat and Bappeda/admin (every OPD), Kepala Dinas and Verifikator.

    The OPD itself is scoped by ``akses.ambil_opd`` (Kepala Dinas and Verifikator: their own OPD only).
    Operators enter data; they do not read everyone's trail.
    """
    if not user.is_authenticated:
        return False
    return user.is_superuser or bool(peran(user) & {BAPPEDA, INSPEKTORAT, KEPALA_DINAS, VERIFIKATOR})


@dataclass(eq=False)
class Perubahan:
    """One line of the trail: one field of one item changed (or created/deleted) by someone at a moment."""

    pada: datetime
    pengguna_id: int | None
    jenis: str
    unsur: str  # the cascade node ("Sub Kegiatan 22. …"), "" for OPD-wide items (locks, imports)
    item: str  # indicator name, "Pagu sub kegiatan", "TW II 2022", an evidence file…
    kolom: str
    lama: str
    baru: str
    tipe: str  # DIBUAT / DIUBAH / DIHAPUS
    triwulan: int | None = None
    indikator_id: int | None = None
    catatan: str = ""
    username: str = ""
    nama_lengkap: str = ""

    @property
    def pengguna(self) -> str:
        """'op_pelatihan (Nama Lengkap)', or '(sistem)' for changes made without a logged-in user."""
        if not self.username:
            return LABEL_SISTEM
        return f"{self.username} ({self.nama_lengkap})" if self.nama_lengkap else self.username

    @property
    def triwulan_romawi(self) -> str:
        return ROMAWI.get(self.triwulan, "")

    @property
    def waktu_lokal(self) -> datetime:
        return timezone.localtime(self.pada)


@dataclass
class Saringan:
    """The list's filters; empty values filter nothing. ``pengguna`` is a username or ``SISTEM``."""

    dari: date | None = None
    sampai: date | None = None
    pengguna: str = ""
    jenis: str = ""
    triwulan: int | None = None
    teks: str = ""


# --- Formatting values ----------------------------------------------------------------------------------------


def _teks(v):
    return KOSONG if v in (None, "") else str(v)


def _rupiah(v):
    return KOSONG if v is None else f"Rp {capaian.format_rupiah(v)}"


def _status(v):
    return KOSONG if not v else LABEL_STATUS.get(v, v)


def _ukuran(bita):
    """A file size as people say it: 820 KB, 1,5 MB."""
    if bita is None:
        return ""
    if bita < 1024 * 1024:
        return f"{capaian.format_angka(max(1, round(bita / 1024)), 0)} KB"
    return f"{capaian.format_angka(Decimal(bita) / Decimal(1024 * 1024), 1)} MB"


# --- The diff of consecutive history records ------------------------------------------------------------------


def _per_objek(baris):
    """History rows (ordered by object id, then time) grouped as [(previous row or None, row), …]."""
    sebelumnya = {}
    for b in baris:
        yield sebelumnya.get(b["id"]), b
        sebelumnya[b["id"]] = b


def _beda(lama, baru, kolom):
    """[(label, old text, new text)] of the tracked ``kolom`` [(label, function row -> text)] that differ.

    ``lama`` None = the object was created (every non-empty value is new); for a deletion the caller
    passes the deleted row as ``lama`` and None as ``baru``.
    """
    hasil = []
    for label, fungsi in kolom:
        a = fungsi(lama) if lama is not None else KOSONG
        b = fungsi(baru) if baru is not None else KOSONG
        if a != b:
            hasil.append((label, a, b))
    return hasil


def _dari_riwayat(baris, kolom, buat):
    """Diff every history row against the previous one of the same object and make the entries.

    ``kolom(row)`` gives the tracked [(label, function)] for that row (labels may depend on the row);
    ``buat(row, label, old, new, type)`` makes one Perubahan (or None to skip). A creation or deletion
    whose tracked values are all empty still gives one entry, so no record is hidden.
    """
    hasil = []
    for lama, b in _per_objek(baris):
        tipe = TIPE.get(b["history_type"], DIUBAH)
        kk = kolom(b)
        if tipe == DIHAPUS:
            beda = _beda(b, None, kk) or [(kk[0][0], kk[0][1](b), KOSONG)]
        elif tipe == DIBUAT or lama is None:
            beda = _beda(None, b, kk) or [(kk[0][0], KOSONG, kk[0][1](b))]
        else:
            beda = _beda(lama, b, kk)
        for label, a, c in beda:
            p = buat(b, label, a, c, tipe)
            if p is not None:
                hasil.append(p)
    return hasil


NILAI_RIWAYAT = ("id", "history_id", "history_date", "history_type", "history_user_id", "history_change_reason")


def _riwayat(model, filter_, *kolom):
    """The history rows of ``model`` in scope, as dicts ordered by object and time (one query)."""
    return list(
        model.history.filter(filter_).order_by("id", "history_date", "history_id").values(*NILAI_RIWAYAT, *kolom)
    )


# --- Collecting the trail -------------------------------------------------------------------------------------


def _label_unsur(level, nomor, nama):
    return f"{Unsur.Level(level).label} {nomor}. {nama}"


def riwayat(opd, tahun, indikator=None) -> list[Perubahan]:
    """Every change of the OPD's plan and realisasi for ``tahun``, newest first, in a fixed number of queries.

    With ``indikator`` only what happened to that indicator: its targets and components, its
    realisasi per triwulan (values, notes, status and verification steps) and the evidence of its
    sub kegiatan. Users are resolved in one query at the end.
    """
    unsur_qs = Unsur.objects.filter(opd=opd, tahun=tahun)
    ind_qs = Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
    if indikator is not None:
        ind_qs = ind_qs.filter(pk=indikator.pk)
        unsur_qs = unsur_qs.filter(pk=indikator.unsur_id)

    unsur = {u: _label_unsur(lv, no, nama) for u, lv, no, nama in unsur_qs.values_list("id", "level", "nomor", "nama")}
    ind = {i: (nama, u) for i, nama, u in ind_qs.values_list("id", "nama", "unsur_id")}
    hasil = []

    def baris_indikator(iid):
        nama, uid = ind.get(iid, ("(indikator terhapus)", None))
        return unsur.get(uid, ""), nama

    # Targets and their components.
    def buat_target(b, label, a, c, tipe):
        u, nama = baris_indikator(b["indikator_id"])
        return Perubahan(
            b["history_date"], b["history_user_id"], TARGET, u, nama, label, a, c, tipe,
            indikator_id=b["indikator_id"], catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    def kolom_target(b):
        return [(f"Target {b['tahun']}" if b["tahun"] != tahun else "Target (teks)", lambda r: _teks(r["teks"]))]

    hasil += _dari_riwayat(
        _riwayat(Target, Q(indikator_id__in=ind_qs.values("id")), "indikator_id", "tahun", "teks"),
        kolom_target,
        buat_target,
    )

    target_scope = Target.objects.filter(indikator__in=ind_qs.values("id"))
    komponen_rows = _riwayat(
        KomponenTarget,
        Q(target_id__in=target_scope.values("id")),
        "target_id",
        "urutan",
        "jumlah",
        "satuan",
        "target__indikator_id",
        "target__tahun",
    )

    def buat_komponen(b, label, a, c, tipe):
        u, nama = baris_indikator(b["target__indikator_id"])
        return Perubahan(
            b["history_date"], b["history_user_id"], TARGET, u, nama, label, a, c, tipe,
            indikator_id=b["target__indikator_id"], catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    def kolom_komponen(b):
        akhiran = f" (target {b['target__tahun']})" if b["target__tahun"] != tahun else ""
        return [
            (f"Komponen {b['urutan']}{akhiran}", lambda r: capaian.format_jumlah(r["jumlah"], r["satuan"])),
        ]

    hasil += _dari_riwayat(komponen_rows, kolom_komponen, buat_komponen)

    # Component labels for the realisasi values: current components, and the history for deleted ones.
    komponen = {k: (urutan, satuan) for k, urutan, satuan in _komponen_sekarang(target_scope)}
    for b in komponen_rows:
        komponen.setdefault(b["id"], (b["urutan"], b["satuan"]))

    # Realisasi: notes (kind Realisasi) and status (kind Status); verification steps from the log.
    peristiwa = list(
        PeristiwaVerifikasi.objects.filter(realisasi__indikator__in=ind_qs.values("id"))
        .order_by("pada", "id")
        .values(
            "id", "realisasi_id", "aksi", "dari_status", "ke_status", "catatan", "oleh_id", "pada",
            "realisasi__indikator_id", "realisasi__triwulan",
        )
    )  # fmt: skip
    belum_padan = {}
    for p in peristiwa:
        belum_padan.setdefault(p["realisasi_id"], []).append(p)
    label_aksi = dict(PeristiwaVerifikasi.Aksi.choices)
    for p in peristiwa:
        u, nama = baris_indikator(p["realisasi__indikator_id"])
        hasil.append(
            Perubahan(
                p["pada"], p["oleh_id"], STATUS, u, nama, f"Status ({label_aksi.get(p['aksi'], p['aksi'])})",
                _status(p["dari_status"]), _status(p["ke_status"]), DIUBAH,
                triwulan=p["realisasi__triwulan"], indikator_id=p["realisasi__indikator_id"], catatan=p["catatan"],
            )
        )  # fmt: skip

    def sudah_dicatat(b, a, c):
        """Whether a verification step already lists this status change (it is then not listed twice)."""
        for i, p in enumerate(belum_padan.get(b["id"], ())):
            if (
                _status(p["dari_status"]) == a
                and _status(p["ke_status"]) == c
                and abs(p["pada"] - b["history_date"]) <= SELANG_PADAN
            ):
                del belum_padan[b["id"]][i]
                padan.add(b["history_id"])
                return True
        return False

    padan = set()  # history records whose status change a verification step lists (with its note)

    def buat_realisasi(b, label, a, c, tipe):
        if label == "Status" and tipe == DIUBAH and sudah_dicatat(b, a, c):
            return None
        if label == "Catatan verifikator" and b["history_id"] in padan:
            return None  # the step's note, already on the step's line
        u, nama = baris_indikator(b["indikator_id"])
        return Perubahan(
            b["history_date"], b["history_user_id"] or b["diubah_oleh_id"], STATUS if label == "Status" else REALISASI,
            u, nama, label, a, c, tipe, triwulan=b["triwulan"], indikator_id=b["indikator_id"],
            catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    kolom_realisasi = [
        ("Status", lambda r: _status(r["status"])),
        ("Faktor pendorong", lambda r: _teks(r["faktor_pendorong"])),
        ("Faktor penghambat", lambda r: _teks(r["faktor_penghambat"])),
        ("Tindak lanjut", lambda r: _teks(r["tindak_lanjut"])),
        ("Keterangan", lambda r: _teks(r["keterangan"])),
        ("Catatan verifikator", lambda r: _teks(r["catatan_verifikator"])),
    ]
    hasil += _dari_riwayat(
        _riwayat(
            Realisasi,
            Q(indikator_id__in=ind_qs.values("id")),
            "indikator_id",
            "triwulan",
            "status",
            "faktor_pendorong",
            "faktor_penghambat",
            "tindak_lanjut",
            "keterangan",
            "catatan_verifikator",
            "diubah_oleh_id",
        ),  # fmt: skip
        lambda b: kolom_realisasi,
        buat_realisasi,
    )

    # Realisasi values per target component.
    def kolom_nilai(b):
        urutan, satuan = komponen.get(b["komponen_id"], ("?", ""))
        return [(f"Realisasi komponen {urutan}", lambda r: capaian.format_jumlah(r["nilai"], satuan))]

    def buat_nilai(b, label, a, c, tipe):
        u, nama = baris_indikator(b["realisasi__indikator_id"])
        return Perubahan(
            b["history_date"], b["history_user_id"], REALISASI, u, nama, label, a, c, tipe,
            triwulan=b["realisasi__triwulan"], indikator_id=b["realisasi__indikator_id"],
            catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    hasil += _dari_riwayat(
        _riwayat(
            NilaiRealisasi,
            Q(realisasi__indikator__in=ind_qs.values("id")),
            "realisasi_id",
            "komponen_id",
            "nilai",
            "realisasi__indikator_id",
            "realisasi__triwulan",
        ),  # fmt: skip
        kolom_nilai,
        buat_nilai,
    )

    # Evidence of the sub kegiatan (kept rows: a file's removal is not recorded by the model).
    for d in (
        DataDukung.objects.filter(unsur__in=unsur_qs.values("id"))
        .order_by("diunggah_pada", "id")
        .values("unsur_id", "triwulan", "nama_asli", "ukuran", "keterangan", "diunggah_oleh_id", "diunggah_pada")
    ):
        hasil.append(
            Perubahan(
                d["diunggah_pada"], d["diunggah_oleh_id"], DATA_DUKUNG, unsur.get(d["unsur_id"], ""),
                "Data dukung", "Berkas", KOSONG, f"{d['nama_asli']} ({_ukuran(d['ukuran'])})", DIBUAT,
                triwulan=d["triwulan"], catatan=d["keterangan"],
            )
        )  # fmt: skip

    if indikator is None:
        hasil += _anggaran(opd, tahun, unsur, unsur_qs)
        hasil += _kunci(opd, tahun)
        hasil += _impor(opd, tahun)

    _isi_pengguna(hasil)
    hasil.sort(key=lambda p: p.pada, reverse=True)  # stable: the fields of one record keep their order
    return hasil


def _komponen_sekarang(target_scope):
    return KomponenTarget.objects.filter(target__in=target_scope.values("id")).values_list("id", "urutan", "satuan")


def _anggaran(opd, tahun, unsur, unsur_qs):
    """Pagu (murni, perubahan) and the per-triwulan rencana penarikan and realisasi anggaran."""

    def buat_pagu(b, label, a, c, tipe):
        return Perubahan(
            b["history_date"], b["history_user_id"], PAGU, unsur.get(b["unsur_id"], ""), "Pagu sub kegiatan",
            label, a, c, tipe, catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    kolom_pagu = [
        ("Pagu murni", lambda r: _rupiah(r["pagu_murni"])),
        ("Pagu perubahan", lambda r: _rupiah(r["pagu_perubahan"])),
    ]
    hasil = _dari_riwayat(
        _riwayat(Anggaran, Q(unsur_id__in=unsur_qs.values("id")), "unsur_id", "pagu_murni", "pagu_perubahan"),
        lambda b: kolom_pagu,
        buat_pagu,
    )

    def buat_tw(b, label, a, c, tipe):
        return Perubahan(
            b["history_date"], b["history_user_id"], ANGGARAN_TW, unsur.get(b["anggaran__unsur_id"], ""),
            "Anggaran sub kegiatan", label, a, c, tipe, triwulan=b["triwulan"],
            catatan=b["history_change_reason"] or "",
        )  # fmt: skip

    kolom_tw = [
        ("Realisasi anggaran", lambda r: _rupiah(r["realisasi"])),
        ("Rencana penarikan", lambda r: _rupiah(r["rencana_penarikan"])),
    ]
    hasil += _dari_riwayat(
        _riwayat(
            AnggaranTriwulan,
            Q(anggaran__unsur__in=unsur_qs.values("id")),
            "triwulan",
            "rencana_penarikan",
            "realisasi",
            "anggaran__unsur_id",
        ),  # fmt: skip
        lambda b: kolom_tw,
        buat_tw,
    )
    return hasil


def _kunci(opd, tahun):
    """Locks and reopenings of the OPD's triwulan (the reason of a reopening as the note)."""

    def keadaan(r):
        return "Terkunci" if r["dibuka_pada"] is None else "Dibuka"

    def buat(b, label, a, c, tipe):
        oleh = b["history_user_id"] or (b["dikunci_oleh_id"] if b["dibuka_pada"] is None else b["dibuka_oleh_id"])
        catatan = b["alasan_buka"] if c == "Dibuka" else ""
        return Perubahan(
            b["history_date"], oleh, KUNCI, "", f"TW {ROMAWI.get(b['triwulan'], b['triwulan'])} {tahun}", label,
            a, c, tipe, triwulan=b["triwulan"], catatan=catatan or b["history_change_reason"] or "",
        )  # fmt: skip

    kolom = [("Kunci periode", keadaan)]
    return _dari_riwayat(
        _riwayat(
            KunciPeriode,
            Q(opd_id=opd.pk, tahun=tahun),
            "triwulan",
            "dikunci_oleh_id",
            "dibuka_oleh_id",
            "dibuka_pada",
            "alasan_buka",
        ),  # fmt: skip
        lambda b: kolom,
        buat,
    )


def _ringkasan_impor(ringkasan):
    """The import's summary as one line ('dibuat: 3, diubah: 12'): the numbers it holds, in its order."""
    if not isinstance(ringkasan, dict):
        return ""
    return ", ".join(
        f"{k}: {capaian.format_angka(v, 0)}"
        for k, v in ringkasan.items()
        if isinstance(v, int) and not isinstance(v, bool)
    )


def _impor(opd, tahun):
    """Each uploaded workbook, and its application when it was applied."""
    hasil = []
    label_jenis = dict(Impor.Jenis.choices)
    label_status = dict(Impor.Status.choices)
    for i in (
        Impor.objects.filter(opd=opd, tahun=tahun)
        .order_by("dibuat_pada", "id")
        .values("jenis", "status", "nama_asli", "ringkasan", "dibuat_oleh_id", "dibuat_pada", "diterapkan_pada",
                "triwulan")
    ):  # fmt: skip
        item = f"{label_jenis.get(i['jenis'], i['jenis'])}: {i['nama_asli']}"
        status = label_status.get(i["status"], i["status"])
        ringkas = _ringkasan_impor(i["ringkasan"])
        hasil.append(
            Perubahan(
                i["dibuat_pada"], i["dibuat_oleh_id"], IMPOR, "", item, "Berkas", KOSONG, i["nama_asli"], DIBUAT,
                triwulan=i["triwulan"], catatan=f"Status: {status}" if i["diterapkan_pada"] is None else "",
            )
        )  # fmt: skip
        if i["diterapkan_pada"] is not None:
            hasil.append(
                Perubahan(
                    i["diterapkan_pada"], i["dibuat_oleh_id"], IMPOR, "", item, "Status",
                    label_status[Impor.Status.PRATINJAU], status, DIUBAH, triwulan=i["triwulan"], catatan=ringkas,
                )
            )  # fmt: skip
    return hasil


def _isi_pengguna(daftar):
    """Username and full name of every entry's user, in one query."""
    ids = {p.pengguna_id for p in daftar if p.pengguna_id is not None}
    User = get_user_model()
    # Always one query, also when no change has a user (pk 0 never exists): the page's count stays fixed.
    orang = {
        u.pk: u for u in User.objects.filter(pk__in=list(ids) or [0]).only("id", "username", "first_name", "last_name")
    }
    for p in daftar:
        u = orang.get(p.pengguna_id)
        if u is not None:
            p.username, p.nama_lengkap = u.get_username(), u.get_full_name()
        elif p.pengguna_id is not None:
            p.username = f"(pengguna #{p.pengguna_id} terhapus)"


# --- Filtering ------------------------------------------------------------------------------------------------


def pilihan_pengguna(daftar) -> list[tuple[str, str]]:
    """(value, label) of the users that appear in the list, for the filter (no query)."""
    ada = {}
    for p in daftar:
        ada.setdefault(p.username or SISTEM, p.pengguna)
    return sorted(ada.items(), key=lambda kv: (kv[0] == SISTEM, kv[0]))


def saring(daftar, s: Saringan) -> list[Perubahan]:
    """The entries matching every filter of ``s`` (dates are local days, inclusive; text is case-insensitive)."""
    teks = (s.teks or "").strip().casefold()
    hasil = []
    for p in daftar:
        if s.dari or s.sampai:
            hari = p.waktu_lokal.date()
            if (s.dari and hari < s.dari) or (s.sampai and hari > s.sampai):
                continue
        if s.pengguna and (p.username or SISTEM) != s.pengguna:
            continue
        if s.jenis and p.jenis != s.jenis:
            continue
        if s.triwulan and p.triwulan != s.triwulan:
            continue
        if teks and teks not in p.item.casefold() and teks not in p.unsur.casefold():
            continue
        hasil.append(p)
    return hasil


# --- XLSX -----------------------------------------------------------------------------------------------------

# (header, width, value of an entry); the time is written as a real date-time cell.
KOLOM_XLSX = (
    ("Waktu", 19, None),
    ("Pengguna", 16, lambda p: p.username or LABEL_SISTEM),
    ("Nama lengkap", 20, lambda p: p.nama_lengkap),
    ("Jenis", 16, lambda p: p.jenis),
    ("Unsur rencana", 40, lambda p: p.unsur),
    ("Item", 40, lambda p: p.item),
    ("TW", 5, lambda p: p.triwulan_romawi),
    ("Kolom", 22, lambda p: p.kolom),
    ("Nilai lama", 24, lambda p: p.lama),
    ("Nilai baru", 24, lambda p: p.baru),
    ("Perubahan", 10, lambda p: p.tipe),
    ("Catatan", 36, lambda p: p.catatan),
)
FORMAT_WAKTU = "dd/mm/yyyy hh:mm:ss"


def xlsx_audit(daftar, judul, keterangan=()) -> bytes:
    """The entries as one write-only sheet: times as real (local, Asia/Jakarta) date-times, text always text.

    Text cells go through ``ekspor.xlsx.sel``, so a name or note beginning with ``=`` stays text
    (never a formula), whatever a user typed.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from evaluasi.ekspor import xlsx

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Jejak Audit")
    baris_judul = [judul, *keterangan]
    for i, (_, lebar, _) in enumerate(KOLOM_XLSX, 1):
        ws.column_dimensions[get_column_letter(i)].width = lebar
    ws.freeze_panes = f"A{len(baris_judul) + 2}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    gaya = {}
    for i, teks in enumerate(baris_judul):
        huruf = xlsx.HURUF_JUDUL if i == 0 else None
        ws.append([xlsx.sel(ws, teks, xlsx.TEKS, font=huruf, alignment=xlsx.RATA_BIASA, bingkai=False, gaya=gaya)])
    ws.append(
        [
            xlsx.sel(ws, k, xlsx.TEKS, font=xlsx.HURUF_TEBAL, fill=xlsx.ISI_JUDUL_KOLOM, gaya=gaya)
            for k, _, _ in KOLOM_XLSX
        ]
    )
    gaya_waktu = None
    for p in daftar:
        waktu = WriteOnlyCell(ws, value=timezone.localtime(p.pada).replace(tzinfo=None))
        if gaya_waktu is None:
            waktu.number_format = FORMAT_WAKTU
            waktu.border = xlsx.BINGKAI
            waktu.alignment = xlsx.RATA_TEKS
            gaya_waktu = copy(waktu._style)
        else:
            waktu._style = copy(gaya_waktu)
        ws.append([waktu, *(xlsx.sel(ws, f(p) or None, xlsx.TEKS, gaya=gaya) for _, _, f in KOLOM_XLSX[1:])])
    if not daftar:
        ws.append([xlsx.sel(ws, "Tidak ada perubahan yang cocok.", xlsx.TEKS, font=xlsx.HURUF_MIRING, gaya=gaya)])
    return xlsx.ke_bytes(wb)

"""Load the Lamongan 2022 evaluation document (fixtures/lamongan_2022.yaml) and the demo users.

The YAML is the source a person reads and corrects; this module maps it onto the
model. Loading is idempotent: every row is found by its natural key and written
only when a value differs, so a second run writes nothing (not even history).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from evaluasi import capaian
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    AngkaTercetak,
    Bidang,
    Dokumentasi,
    Indikator,
    Inovasi,
    IsuStrategis,
    KegiatanPrioritas,
    KomponenTarget,
    NilaiRealisasi,
    Opd,
    PemantauanPengendalian,
    Pengguna,
    ProgramPrioritas,
    ProsesBisnis,
    Realisasi,
    RencanaAksi,
    Risiko,
    SasaranKinerja,
    Target,
    Unsur,
)

BERKAS_CONTOH = Path(settings.BASE_DIR) / "fixtures" / "lamongan_2022.yaml"
KATA_SANDI_DEMO = "lamongan2022"
CATATAN_TW4 = "Dokumen sumber hanya memuat angka akhir tahun; dicatat pada TW IV, TW I–III belum diisi."

# Django groups (roles of DESIGN.md) and what each may do in the admin.
GRUP = {
    "Operator Bidang": ("view", {"change": ["realisasi", "nilairealisasi", "anggarantriwulan"]}),
    "Verifikator": ("view", {"change": ["realisasi", "nilairealisasi", "anggarantriwulan"]}),
    "Kepala Dinas": ("view", {}),
    "Inspektorat": ("view", {}),
    "Bappeda/Admin": ("all", {}),
}

# username, groups, bidang kode (None = whole OPD; "-" = no OPD, every OPD), staff, jabatan
PENGGUNA_DEMO = [
    ("admin", [], "-", True, "Administrator sistem"),
    ("bappeda", ["Bappeda/Admin"], "-", True, "Admin Kabupaten (Bappeda)"),
    ("kadis", ["Kepala Dinas"], None, False, "Kepala Dinas Tenaga Kerja"),
    ("verifikator", ["Verifikator"], None, False, "Subbag Perencanaan"),
    ("op_sekretariat", ["Operator Bidang"], "sekretariat", False, "Operator Sekretariat"),
    ("op_pelatihan", ["Operator Bidang"], "pelatihan", False, "Operator Bidang Pelatihan Kerja"),
    (
        "op_ipk",
        ["Operator Bidang"],
        "ipk",
        False,
        "Operator Bidang Informasi Pasar Kerja dan Peningkatan Produktivitas",
    ),
    ("op_penempatan", ["Operator Bidang"], "penempatan", False, "Operator Bidang Penempatan Tenaga Kerja"),
    ("op_hi", ["Operator Bidang"], "hi", False, "Operator Bidang Hubungan Industrial dan Jaminan Sosial"),
    ("inspektorat", ["Inspektorat"], "-", False, "Inspektorat Kabupaten"),
]


class Pencatat:
    """Writes rows only when something differs, and counts what it did."""

    def __init__(self):
        self.dibuat = 0
        self.diubah = 0

    def simpan(self, model, kunci: dict, nilai: dict | None = None):
        nilai = nilai or {}
        obj = model.objects.filter(**kunci).first()
        if obj is None:
            obj = model(**kunci, **nilai)
            obj.full_clean()
            obj.save()
            self.dibuat += 1
            return obj
        beda = {k: v for k, v in nilai.items() if _nilai_field(obj, k) != _pembanding(obj, k, v)}
        if beda:
            for k, v in beda.items():
                setattr(obj, k, v)
            obj.full_clean()
            obj.save()
            self.diubah += 1
        return obj

    def hapus_sisa(self, queryset):
        jumlah, _ = queryset.delete()
        self.diubah += jumlah


def _nilai_field(obj, nama):
    """Current value of a field; a foreign key by its id, so comparing costs no query."""
    return getattr(obj, obj._meta.get_field(nama).attname)


def _pembanding(obj, nama, nilai):
    """The value to compare with ``_nilai_field``: a related object by its id."""
    if obj._meta.get_field(nama).is_relation:
        return None if nilai is None else nilai.pk
    return nilai


def desimal(x):
    """A YAML number as Decimal ('94.87' or 94 -> Decimal); floats are refused."""
    if x is None:
        return None
    if isinstance(x, float):
        raise TypeError(f"Tulis angka desimal sebagai teks di YAML, bukan float: {x!r}")
    return Decimal(str(x))


def _agregasi_bawaan(satuan):
    return capaian.POSISI_AKHIR if (satuan or "").strip().lower() in ("%", "nilai", "indeks") else capaian.KUMULATIF


@transaction.atomic
def muat_contoh(berkas=BERKAS_CONTOH, dengan_pengguna=True):
    """Load the seed document and the demo users; return the Pencatat with its counts."""
    with open(berkas, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    p = Pencatat()
    tahun = data["tahun"]
    o = data["opd"]
    # The urusan is printed in the RTP header of the document.
    urusan = o.get("urusan") or (data.get("pemantauan_pengendalian") or {}).get("header", {}).get("urusan", "")
    opd = p.simpan(Opd, {"slug": o["slug"]}, {"nama": o["nama"], "kabupaten": o["kabupaten"], "urusan": urusan})
    bidang = {}
    for i, b in enumerate(o["bidang"], 1):
        bidang[b["kode"]] = p.simpan(Bidang, {"opd": opd, "kode": b["kode"]}, {"nama": b["nama"], "urutan": i})

    renstra = data["renstra"]
    for i, uraian in enumerate(data["isu_strategis"], 1):
        p.simpan(
            IsuStrategis,
            {"opd": opd, "tahun": renstra["awal"], "urutan": i},
            {"tahun_akhir": renstra["akhir"], "uraian": uraian},
        )

    pemuat = _PemuatRencana(p, opd, tahun, bidang)
    for simpul in data["rencana"]:
        pemuat.unsur(simpul, None)
    pemuat.hubungkan_rincian()
    if "jumlah_tercetak" in data:
        pemuat.tercetak(data["jumlah_tercetak"], unsur=None)

    _muat_bagian(p, data, opd, tahun, bidang, pemuat)
    if dengan_pengguna:
        muat_pengguna(p, opd, bidang)
    return p


class _PemuatRencana:
    """Walks the YAML cascade tree in document order."""

    def __init__(self, p: Pencatat, opd, tahun, bidang):
        self.p, self.opd, self.tahun, self.bidang = p, opd, tahun, bidang
        self.urutan = 0
        self.indikator_ref = {}
        self.rincian = {}

    def unsur(self, s, induk):
        self.urutan += 1
        u = self.p.simpan(
            Unsur,
            {"opd": self.opd, "tahun": self.tahun, "level": s["level"], "nomor": str(s.get("nomor", "1"))},
            {
                "induk": induk,
                "urutan": self.urutan,
                "kode": s.get("kode", ""),
                "nama": s["nama"],
                "sasaran": s.get("sasaran", ""),
                "bidang": self.bidang[s["bidang"]] if s.get("bidang") else None,
            },
        )
        for i, ind in enumerate(s.get("indikator", []), 1):
            self.indikator(u, i, ind, s.get("bidang"))
        if "pagu" in s:
            ang = self.p.simpan(
                Anggaran, {"unsur": u}, {"pagu_murni": s["pagu"], "pagu_perubahan": s.get("pagu_perubahan")}
            )
            self.p.simpan(
                AnggaranTriwulan, {"anggaran": ang, "triwulan": 4}, {"realisasi": s.get("realisasi_anggaran")}
            )
        if s.get("tercetak"):
            self.tercetak(s["tercetak"], unsur=u)
        for anak in s.get("anak", []):
            self.unsur(anak, u)
        return u

    def indikator(self, u, urutan, d, bidang_unsur):
        satuan = d.get("satuan", "")
        bidang = d.get("bidang")
        ind = self.p.simpan(
            Indikator,
            {"unsur": u, "urutan": urutan},
            {
                "kunci": d.get("ref", ""),
                "nama": d["nama"],
                "definisi": d.get("definisi", ""),
                "formula": d.get("formula", ""),
                "satuan": satuan,
                "polaritas": d.get("polaritas", capaian.POSITIF),
                "metode_negatif": d.get("metode_negatif", capaian.SELISIH),
                "agregasi": d.get("agregasi", _agregasi_bawaan(satuan)),
                "iku": bool(d.get("iku", False)),
                "level_pk": d.get("level_pk", ""),
                "bidang": self.bidang[bidang] if bidang and bidang != bidang_unsur else None,
                "catatan": d.get("catatan", ""),
            },
        )
        if d.get("ref"):
            self.indikator_ref[d["ref"]] = ind
        if d.get("rincian"):
            self.rincian[ind] = d["rincian"]
        tercetak = d.get("tercetak") or {}
        komponen = self.target(ind, self.tahun, d["target"], tercetak.get("target", ""))
        if "target_2023" in d:
            self.target(ind, self.tahun + 1, d["target_2023"], d.get("tercetak_2023", ""))
        realisasi = d.get("realisasi") or []
        if len(realisasi) > len(komponen):
            raise ValueError(f"{d.get('ref')}: realisasi punya komponen yang tidak ada pada target.")
        # The document's year-end figures are verified (the report was signed); an indicator the document
        # gives no realisasi for gets no Realisasi at all: a "diverifikasi" status without a value is impossible.
        if any(nilai is not None for nilai in realisasi):
            r = self.p.simpan(
                Realisasi,
                {"indikator": ind, "triwulan": 4},
                {"status": Realisasi.Status.DIVERIFIKASI, "ada_nilai": True, "keterangan": CATATAN_TW4},
            )
            # Values first, then the components left empty (a verified realisasi never goes without a value).
            pasangan = sorted(zip(komponen, realisasi, strict=False), key=lambda kn: kn[1] is None)
            for k, nilai in pasangan:
                self.p.simpan(NilaiRealisasi, {"realisasi": r, "komponen": k}, {"nilai": desimal(nilai)})
            segarkan_ada_nilai([r.pk])  # refuses (constraint) a corrected YAML that leaves it without a value
        for besaran in ("target", "realisasi", "capaian"):
            if tercetak.get(besaran) is not None:
                self.p.simpan(
                    AngkaTercetak,
                    self._kunci_tercetak(None, ind, besaran),
                    {"teks": str(tercetak[besaran]), "sumber": "Laporan evaluasi Semester II"},
                )
        return ind

    def target(self, ind, tahun, komponen, teks):
        t = self.p.simpan(Target, {"indikator": ind, "tahun": tahun}, {"teks": teks or ""})
        hasil = [
            self.p.simpan(KomponenTarget, {"target": t, "urutan": i}, {"jumlah": desimal(jumlah), "satuan": satuan})
            for i, (jumlah, satuan) in enumerate(komponen, 1)
        ]
        self.p.hapus_sisa(KomponenTarget.objects.filter(target=t, urutan__gt=len(komponen)))
        return hasil

    def _kunci_tercetak(self, unsur, indikator, besaran):
        return {
            "opd": self.opd,
            "tahun": self.tahun,
            "semester": 2,
            "unsur": unsur,
            "indikator": indikator,
            "besaran": besaran,
        }

    def tercetak(self, angka: dict, unsur):
        for besaran, teks in angka.items():
            if teks is None:
                continue
            if isinstance(teks, int):
                teks = capaian.format_rupiah(teks)
            self.p.simpan(
                AngkaTercetak,
                self._kunci_tercetak(unsur, None, besaran),
                {"teks": str(teks), "sumber": "Laporan evaluasi Semester II"},
            )

    def hubungkan_rincian(self):
        for ind, refs in self.rincian.items():
            tujuan = {self.indikator_ref[r].id for r in refs}
            sekarang = set(ind.rincian.values_list("id", flat=True))
            if tujuan != sekarang:
                ind.rincian.set(tujuan)
                self.p.diubah += 1


def _muat_bagian(p: Pencatat, data, opd, tahun, bidang, pemuat: _PemuatRencana):
    """The sections outside the cascade: kinerja, proses bisnis, risiko, RTP, prioritas, inovasi, dokumentasi."""
    urutan = iter(range(1, 10_000))

    def kinerja(d, induk):
        sk = p.simpan(
            SasaranKinerja,
            {"opd": opd, "tahun": tahun, "urutan": next(urutan)},
            {
                "level": d["level"],
                "induk": induk,
                "jabatan": d.get("jabatan", ""),
                "bidang": bidang[d["bidang"]] if d.get("bidang") else None,
                "sasaran": d["sasaran"],
                "indikator_nama": d.get("indikator", ""),
                "indikator": pemuat.indikator_ref.get(d.get("indikator_ref")),
            },
        )
        for anak in d.get("anak", []):
            kinerja(anak, sk)

    for d in data.get("kinerja", []):
        kinerja(d, None)

    urutan_pb = iter(range(1, 10_000))

    def proses(d, induk):
        pb = p.simpan(
            ProsesBisnis,
            {"opd": opd, "tahun": tahun, "kode": d["kode"]},
            {"induk": induk, "nama": d["nama"], "urutan": next(urutan_pb)},
        )
        for anak in d.get("anak", []):
            proses(anak, pb)

    for d in data.get("proses_bisnis", []):
        proses(d, None)

    program_per_nomor = {u.nomor: u for u in Unsur.objects.filter(opd=opd, tahun=tahun, level=Unsur.Level.PROGRAM)}
    for d in data.get("risiko", []):
        p.simpan(
            Risiko,
            {"opd": opd, "tahun": tahun, "urutan": d["nomor"]},
            {
                "kelompok": d.get("kelompok", ""),
                "sasaran_strategis": d.get("sasaran_strategis", ""),
                "indikator_sasaran": d.get("indikator_sasaran", ""),
                "program": program_per_nomor.get(str(d.get("program_ref"))),
                "program_teks": d.get("program", ""),
                "indikator_kinerja": d.get("indikator_kinerja", ""),
                "uraian": d["uraian"],
                "kode": d["kode"],
                "pemilik": d["pemilik"],
                "sebab": d["sebab"],
                "sumber": d["sumber"],
                "kendali": d["c_uc"],
                "dampak": d["dampak"],
                "pihak_terkena": d["pihak_terkena"],
                "skala_dampak": d["skala_dampak"],
                "skala_kemungkinan": d["skala_kemungkinan"],
                "rencana_tindak_pengendalian": d["rencana_tindak_pengendalian"],
            },
        )

    rtp = data.get("pemantauan_pengendalian") or {}
    kepala = rtp.get("header", {})
    for d in rtp.get("baris", []):
        p.simpan(
            PemantauanPengendalian,
            {"opd": opd, "tahun": kepala.get("tahun_penilaian", tahun), "urutan": d["nomor"]},
            {
                "tujuan_strategis": kepala.get("tujuan_strategis", ""),
                "kegiatan": d["kegiatan"],
                "metode": d["metode"],
                "penanggung_jawab": d["penanggung_jawab"],
                "rencana_waktu": d["rencana_waktu"],
                "realisasi_waktu": d.get("realisasi_waktu", ""),
                "keterangan": d.get("keterangan") or "",
            },
        )

    pp = data.get("program_prioritas") or {}
    for jenis, kunci in (
        (ProgramPrioritas.Jenis.TAHUN_LALU, "program_tahun_lalu"),
        (ProgramPrioritas.Jenis.TAHUN_INI, "program_tahun_ini"),
        (ProgramPrioritas.Jenis.PRIORITAS, "prioritas"),
    ):
        for i, nama in enumerate(pp.get(kunci, []), 1):
            p.simpan(ProgramPrioritas, {"opd": opd, "tahun": pp["tahun"], "jenis": jenis, "urutan": i}, {"nama": nama})

    tahun_depan = pp.get("tahun", tahun + 1)
    for i, d in enumerate(data.get("kegiatan_prioritas", []), 1):
        p.simpan(
            KegiatanPrioritas,
            {"opd": opd, "tahun": tahun_depan, "urutan": i},
            {k: d[k] for k in ("program", "kegiatan", "sub_kegiatan", "indikator")},
        )
    for i, d in enumerate(data.get("rencana_aksi", []), 1):
        p.simpan(
            RencanaAksi,
            {"opd": opd, "tahun": tahun_depan, "urutan": i},
            {k: str(d[k]) for k in ("sub_kegiatan", "aksi", "target")},
        )

    inovasi = data.get("inovasi") or {}
    urutan_inovasi = iter(range(1, 10_000))

    def inov(d, induk):
        obj = p.simpan(
            Inovasi,
            {"opd": opd, "tahun": inovasi["tahun"], "urutan": next(urutan_inovasi)},
            {"induk": induk, "nama": d["nama"]},
        )
        for anak in d.get("anak", []):
            inov(anak, obj)

    for d in inovasi.get("daftar", []):
        inov(d, None)

    for i, d in enumerate(data.get("dokumentasi", []), 1):
        p.simpan(
            Dokumentasi,
            {"opd": opd, "tahun": tahun, "urutan": i},
            {"semester": 2, "judul": d["judul"], "isi": d["isi"]},
        )


def muat_pengguna(p: Pencatat, opd, bidang):
    """The demo groups and users (password lamongan2022, set only when a user is created)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    grup = {}
    for nama, (dasar, tambahan) in GRUP.items():
        g, dibuat = Group.objects.get_or_create(name=nama)
        p.dibuat += int(dibuat)
        izin = Permission.objects.filter(content_type__app_label="evaluasi")
        if dasar == "view":
            izin = izin.filter(codename__startswith="view_")
            for aksi, models in tambahan.items():
                izin = izin | Permission.objects.filter(
                    content_type__app_label="evaluasi", codename__in=[f"{aksi}_{m}" for m in models]
                )
        kurang = set(izin.values_list("id", flat=True)) - set(g.permissions.values_list("id", flat=True))
        if kurang:
            g.permissions.add(*kurang)
            p.diubah += 1
        grup[nama] = g

    for username, nama_grup, kode_bidang, staff, jabatan in PENGGUNA_DEMO:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_staff=staff, is_superuser=username == "admin")
            user.set_password(KATA_SANDI_DEMO)
            user.save()
            p.dibuat += 1
        sekarang = set(user.groups.values_list("name", flat=True))
        if sekarang != set(nama_grup):
            user.groups.set([grup[n] for n in nama_grup])
            p.diubah += 1
        p.simpan(
            Pengguna,
            {"user": user},
            {
                "opd": None if kode_bidang == "-" else opd,
                "bidang": bidang[kode_bidang] if kode_bidang not in (None, "-") else None,
                "jabatan": jabatan,
            },
        )

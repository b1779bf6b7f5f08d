"""Deterministic synthetic plans, for scale tests and benchmarks; never mixed with real data.

Every OPD made here has a slug starting with ``sintetis-`` and the name says
"(data sintetis)", so it cannot be mistaken for a real agency.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from evaluasi import capaian
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Bidang,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Opd,
    Realisasi,
    Target,
    Unsur,
)
from evaluasi.versi import naikkan_versi

Level = Unsur.Level


@transaction.atomic
def buat_opd_sintetis(nomor: int, tahun: int, program=6, kegiatan=3, sub=2, indikator=2, seed=1) -> Opd:
    """Make one synthetic OPD with a full cascade for ``tahun`` and realisasi in every triwulan.

    ``program`` x ``kegiatan`` x ``sub`` sub kegiatan, each with ``indikator``
    indicators (every third one with two target components).
    """
    rng = random.Random(f"{seed}-{nomor}-{tahun}")
    opd, _ = Opd.objects.get_or_create(
        slug=f"sintetis-{nomor}",
        defaults={"nama": f"Dinas Sintetis {nomor} (data sintetis)", "kabupaten": "Sintetis"},
    )
    bidang = [
        Bidang.objects.get_or_create(opd=opd, kode=f"bidang-{i}", defaults={"nama": f"Bidang {i}", "urutan": i})[0]
        for i in range(1, 5)
    ]
    urutan = iter(range(1, 1_000_000))

    def simpul(level, induk, nomor, nama, bid=None):
        return Unsur(
            opd=opd, tahun=tahun, level=level, induk=induk, urutan=next(urutan), nomor=nomor, nama=nama, bidang=bid
        )

    tujuan = simpul(Level.TUJUAN_PD, None, "1", "Tujuan sintetis")
    tujuan.save()
    sasaran = simpul(Level.SASARAN_PD, tujuan, "1", "Sasaran sintetis")
    sasaran.save()
    programs = Unsur.objects.bulk_create(
        [simpul(Level.PROGRAM, sasaran, str(p), f"Program {p}", bidang[p % 4]) for p in range(1, program + 1)]
    )
    kegiatans = Unsur.objects.bulk_create(
        [
            simpul(Level.KEGIATAN, pr, f"{pr.nomor}.{k}", f"Kegiatan {pr.nomor}.{k}", pr.bidang)
            for pr in programs
            for k in range(1, kegiatan + 1)
        ]
    )
    subs = Unsur.objects.bulk_create(
        [
            simpul(Level.SUB_KEGIATAN, kg, f"{kg.nomor}.{s}", f"Sub kegiatan {kg.nomor}.{s}", kg.bidang)
            for kg in kegiatans
            for s in range(1, sub + 1)
        ]
    )
    pemilik_indikator = [sasaran, *programs, *kegiatans, *subs]
    inds = Indikator.objects.bulk_create(
        [
            Indikator(
                unsur=u,
                urutan=i,
                nama=f"Indikator {u.nomor}.{i}",
                satuan="%" if u.level != Level.SUB_KEGIATAN else "orang",
                agregasi=capaian.POSISI_AKHIR if u.level != Level.SUB_KEGIATAN else capaian.KUMULATIF,
                polaritas=capaian.NEGATIF if rng.random() < 0.1 else capaian.POSITIF,
                iku=u.level in (Level.SASARAN_PD, Level.PROGRAM),
            )
            for u in pemilik_indikator
            for i in range(1, indikator + 1)
        ]
    )
    targets = Target.objects.bulk_create([Target(indikator=ind, tahun=tahun) for ind in inds])
    komponen = KomponenTarget.objects.bulk_create(
        [
            KomponenTarget(target=t, urutan=c, jumlah=Decimal(rng.randint(1, 200)), satuan="orang")
            for n, t in enumerate(targets)
            for c in range(1, (3 if n % 3 == 0 else 2))
        ]
    )
    realisasi = Realisasi.objects.bulk_create(
        [Realisasi(indikator=ind, triwulan=tw, status=Realisasi.Status.DRAF) for ind in inds for tw in (1, 2, 3, 4)]
    )
    realisasi_per = {(r.indikator_id, r.triwulan): r for r in realisasi}
    target_indikator = {t.id: t.indikator_id for t in targets}
    NilaiRealisasi.objects.bulk_create(
        [
            NilaiRealisasi(
                realisasi=realisasi_per[(target_indikator[k.target_id], tw)],
                komponen=k,
                nilai=None if rng.random() < 0.05 else Decimal(rng.randint(0, 60)),
            )
            for k in komponen
            for tw in (1, 2, 3, 4)
        ]
    )
    berisi = Realisasi.objects.filter(indikator__unsur__opd=opd)
    segarkan_ada_nilai(berisi)
    berisi.filter(ada_nilai=True).update(status=Realisasi.Status.DIVERIFIKASI)
    anggaran = Anggaran.objects.bulk_create(
        [Anggaran(unsur=s, pagu_murni=rng.randint(10, 500) * 1_000_000) for s in subs]
    )
    AnggaranTriwulan.objects.bulk_create(
        [
            AnggaranTriwulan(anggaran=a, triwulan=tw, realisasi=a.pagu_murni * rng.randint(5, 24) // 100)
            for a in anggaran
            for tw in (1, 2, 3, 4)
        ]
    )
    naikkan_versi(opd)  # bulk_create sends no signals: cached reports of this OPD must not survive
    return opd


# --- A synthetic kabupaten (manage.py buat_data_sintetis) -----------------------------------------

AWALAN_KABUPATEN = "sintetis-kab-"
PENANDA = "(data sintetis)"
KABUPATEN = "Kabupaten Sintetis"
BIDANG_SINTETIS = ["Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pengendalian"]
URUSAN = ["Tenaga Kerja", "Kesehatan", "Pendidikan", "Pekerjaan Umum", "Perhubungan", "Pertanian", "Sosial"]
SATUAN_KUMULATIF = ["orang", "dokumen", "kegiatan", "unit", "paket", "laporan"]
PENYEBAB = ["Keterbatasan anggaran", "Perubahan regulasi", "Keterlambatan pengadaan", "Kurangnya SDM"]


def _beri_status(realisasi):
    """Move each Realisasi from draf to the status drawn for it (kept in ``catatan_verifikator`` meanwhile).

    Only those holding a value may be diajukan or diverifikasi; the others stay draf.
    """
    segarkan_ada_nilai(realisasi)
    for status in (Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIAJUKAN):
        realisasi.filter(catatan_verifikator=status, ada_nilai=True).update(status=status)
    realisasi.update(catatan_verifikator="")


def adalah_sintetis(opd) -> bool:
    """A synthetic OPD: its slug starts with ``sintetis-`` and its name says so (both, never just one)."""
    return opd.slug.startswith("sintetis-") and PENANDA in opd.nama


def slug_kabupaten(nomor: int) -> str:
    return f"{AWALAN_KABUPATEN}{nomor:02d}"


def _pecah(total: int, bagian: int, rng) -> list[int]:
    """``total`` split into ``bagian`` non-negative integers that add up exactly (no float)."""
    bobot = [rng.randint(1, 10) for _ in range(bagian)]
    hasil = [total * b // sum(bobot) for b in bobot]
    hasil[-1] += total - sum(hasil)
    return hasil


class _Kabupaten:
    """Builds one OPD's plans for several years with bulk inserts; every value from a seeded RNG."""

    def __init__(self, nomor, tahun_list, seed, program_maks, sampai_triwulan):
        self.nomor, self.tahun_list, self.seed = nomor, tahun_list, seed
        self.program_maks, self.sampai_triwulan = program_maks, sampai_triwulan
        self.rng = random.Random(f"kabupaten-{seed}-{nomor}")
        urusan = URUSAN[(nomor - 1) % len(URUSAN)]
        self.opd = Opd.objects.create(
            slug=slug_kabupaten(nomor),
            nama=f"Dinas {urusan} Sintetis {nomor:02d} {PENANDA}",
            singkatan=f"DS{nomor:02d}",
            kabupaten=KABUPATEN,
            urusan=urusan,
        )
        self.bidang = Bidang.objects.bulk_create(
            [
                Bidang(opd=self.opd, kode=f"bidang-{i}", nama=f"{nama} {PENANDA}", urutan=i)
                for i, nama in enumerate(BIDANG_SINTETIS, start=1)
            ]
        )

    def tahun(self, tahun):
        """The cascade, indicators, targets, realisasi, budget and risks of one year."""
        from evaluasi.models import Risiko

        rng = random.Random(f"kabupaten-{self.seed}-{self.nomor}-{tahun}")
        opd, bidang = self.opd, self.bidang
        terakhir = self.sampai_triwulan if tahun == self.tahun_list[-1] else 4
        urutan = iter(range(1, 1_000_000))

        def simpul(level, induk, nomor, nama, bid=None):
            return Unsur(
                opd=opd,
                tahun=tahun,
                level=level,
                induk=induk,
                urutan=next(urutan),
                nomor=nomor,
                nama=nama,
                bidang=bid,
                sasaran=f"Meningkatnya kinerja {nama.lower()}",
            )

        tujuan = simpul(Level.TUJUAN_PD, None, "1", f"Meningkatkan kualitas layanan {opd.urusan.lower()}")
        tujuan.save()
        sasaran = Unsur.objects.bulk_create(
            [simpul(Level.SASARAN_PD, tujuan, str(i), f"Sasaran strategis {i} {opd.urusan}") for i in (1, 2)]
        )
        programs = Unsur.objects.bulk_create(
            [
                simpul(Level.PROGRAM, sasaran[p % 2], str(p), f"Program sintetis {p}", bidang[p % 4])
                for p in range(1, rng.randint(max(1, self.program_maks - 3), self.program_maks) + 1)
            ]
        )
        kegiatans = Unsur.objects.bulk_create(
            [
                simpul(Level.KEGIATAN, pr, f"{pr.nomor}.{k}", f"Kegiatan sintetis {pr.nomor}.{k}", pr.bidang)
                for pr in programs
                for k in range(1, rng.randint(2, 4) + 1)
            ]
        )
        subs = Unsur.objects.bulk_create(
            [
                simpul(Level.SUB_KEGIATAN, kg, f"{kg.nomor}.{s}", f"Sub kegiatan sintetis {kg.nomor}.{s}", kg.bidang)
                for kg in kegiatans
                for s in range(1, rng.randint(1, 4) + 1)
            ]
        )

        # Indicators of every kind: posisi akhir percentages (IKU), kumulatif counts, composite
        # targets (2–3 components), negative polarity by both formulas, and an occasional target 0.
        spesifikasi = []  # (indikator, [component amounts])
        for u in [tujuan, *sasaran, *programs, *kegiatans, *subs]:
            n = rng.randint(1, 3) if u.level == Level.SUB_KEGIATAN else 1
            for i in range(1, n + 1):
                negatif = rng.random() < 0.12
                if u.level == Level.SUB_KEGIATAN and not negatif:
                    jenis = "komposit" if rng.random() < 0.2 else "kumulatif"
                else:
                    jenis = "persen"
                satuan = "%" if jenis == "persen" else rng.choice(SATUAN_KUMULATIF)
                ind = Indikator(
                    unsur=u,
                    urutan=i,
                    kunci=f"{u.level[:3]}-{u.nomor}-{i}",
                    nama=f"{'Persentase' if jenis == 'persen' else 'Jumlah'} capaian {u.nama.lower()} ({i})",
                    definisi="Indikator sintetis untuk uji skala.",
                    formula="$\\frac{A}{B} \\times 100$" if jenis == "persen" else "",
                    satuan=satuan,
                    polaritas=capaian.NEGATIF if negatif else capaian.POSITIF,
                    metode_negatif=capaian.RASIO if negatif and rng.random() < 0.3 else capaian.SELISIH,
                    agregasi=capaian.POSISI_AKHIR if jenis == "persen" else capaian.KUMULATIF,
                    iku=u.level in (Level.TUJUAN_PD, Level.SASARAN_PD, Level.PROGRAM),
                    level_pk=Indikator.LevelPK.KADIS if u.level == Level.SASARAN_PD else "",
                )
                if jenis == "komposit":
                    jumlah = [Decimal(rng.randint(1, 300)) for _ in range(rng.randint(2, 3))]
                elif jenis == "persen":
                    jumlah = [Decimal(rng.randint(500, 9900)) / 100]
                else:
                    jumlah = [Decimal(0) if rng.random() < 0.01 else Decimal(rng.randint(1, 500))]
                spesifikasi.append((ind, jumlah))
        inds = Indikator.objects.bulk_create([ind for ind, _ in spesifikasi])
        targets = Target.objects.bulk_create(
            [
                Target(indikator=ind, tahun=tahun, teks=", ".join(f"{j.normalize():f} {ind.satuan}" for j in jumlah))
                for ind, (_, jumlah) in zip(inds, spesifikasi, strict=True)
            ]
        )
        komponen = KomponenTarget.objects.bulk_create(
            [
                KomponenTarget(target=t, urutan=c, jumlah=j, satuan=ind.satuan)
                for t, ind, (_, jumlah) in zip(targets, inds, spesifikasi, strict=True)
                for c, j in enumerate(jumlah, start=1)
            ]
        )
        status = [Realisasi.Status.DIVERIFIKASI] * 6 + [Realisasi.Status.DIAJUKAN, Realisasi.Status.DRAF]
        # Created as draf, then moved to their drawn status once their values exist (a status without a
        # value is refused by the database: realisasi_diajukan_berisi).
        realisasi = Realisasi.objects.bulk_create(
            [
                Realisasi(
                    indikator=ind,
                    triwulan=tw,
                    catatan_verifikator=rng.choice(status),
                    faktor_pendorong="Dukungan lintas bidang" if tw == terakhir else "",
                    faktor_penghambat=rng.choice(PENYEBAB) if tw == terakhir else "",
                    tindak_lanjut="Koordinasi dan percepatan" if tw == terakhir else "",
                )
                for ind in inds
                for tw in range(1, terakhir + 1)
            ]
        )
        per_indikator = {}
        for r in realisasi:
            per_indikator.setdefault(r.indikator_id, []).append(r)
        nilai = []
        komponen_per_target = {}
        for k in komponen:
            komponen_per_target.setdefault(k.target_id, []).append(k)
        for t, ind in zip(targets, inds, strict=True):
            for k in komponen_per_target[t.id]:
                for r in per_indikator[ind.id]:
                    if ind.agregasi == capaian.POSISI_AKHIR:
                        x = (k.jumlah * Decimal(rng.randint(60, 115)) / 100).quantize(Decimal("0.01"))
                    else:
                        x = Decimal(rng.randint(0, max(1, int(k.jumlah) // 3 + 1)))
                    nilai.append(NilaiRealisasi(realisasi=r, komponen=k, nilai=None if rng.random() < 0.04 else x))
        NilaiRealisasi.objects.bulk_create(nilai, batch_size=2000)
        _beri_status(Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun))

        anggaran = Anggaran.objects.bulk_create(
            [
                Anggaran(
                    unsur=s,
                    pagu_murni=(murni := rng.randint(20, 900) * 1_000_000),
                    pagu_perubahan=murni + rng.randint(-10, 20) * 1_000_000 if rng.random() < 0.3 else None,
                )
                for s in subs
            ]
        )
        baris_tw = []
        for a in anggaran:
            pagu = a.pagu
            rencana = _pecah(pagu, 4, rng) if rng.random() < 0.6 else [None] * 4
            serapan = pagu * rng.randint(55, 99) // 100
            realisasi_tw = _pecah(serapan, 4, rng)
            for tw in (1, 2, 3, 4):
                baris_tw.append(
                    AnggaranTriwulan(
                        anggaran=a,
                        triwulan=tw,
                        rencana_penarikan=rencana[tw - 1],
                        realisasi=realisasi_tw[tw - 1] if tw <= terakhir else None,
                    )
                )
        AnggaranTriwulan.objects.bulk_create(baris_tw, batch_size=2000)

        Risiko.objects.bulk_create(
            [
                Risiko(
                    opd=opd,
                    tahun=tahun,
                    urutan=i,
                    kelompok=str(i),
                    sasaran_strategis=sasaran[i % 2].nama,
                    program=pr,
                    program_teks=pr.nama,
                    indikator_kinerja=f"Capaian {pr.nama.lower()}",
                    uraian=f"Target {pr.nama.lower()} tidak tercapai",
                    kode=f"RSO{i}",
                    pemilik=f"Kepala {pr.bidang.nama if pr.bidang else 'Dinas'}",
                    sebab=rng.choice(PENYEBAB),
                    sumber=rng.choice(["Internal", "Eksternal"]),
                    kendali=rng.choice(["C", "UC"]),
                    dampak="Kinerja program menurun",
                    pihak_terkena="Masyarakat",
                    skala_dampak=rng.randint(1, 5),
                    skala_kemungkinan=rng.randint(1, 5),
                    rencana_tindak_pengendalian="Pemantauan bulanan dan koordinasi",
                )
                for i, pr in enumerate(programs, start=1)
            ]
        )
        return len(subs), len(inds)

    def pengguna(self, sandi_hash):
        """Kepala Dinas, verifikator and one operator per bidang, in the role groups of evaluasi/akses.py."""
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        from evaluasi import akses
        from evaluasi.models import Pengguna

        User = get_user_model()
        grup = {
            n: Group.objects.get_or_create(name=n)[0] for n in (akses.KEPALA_DINAS, akses.VERIFIKATOR, akses.OPERATOR)
        }
        awal = f"sk{self.nomor:02d}"
        akun = [(f"{awal}_kadis", akses.KEPALA_DINAS, None), (f"{awal}_verifikator", akses.VERIFIKATOR, None)]
        akun += [(f"{awal}_op{b.urutan}", akses.OPERATOR, b) for b in self.bidang]
        users = User.objects.bulk_create(
            [User(username=nama, password=sandi_hash, first_name="Sintetis", is_active=True) for nama, _, _ in akun]
        )
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.id, group_id=grup[g].id) for u, (_, g, _) in zip(users, akun, strict=True)]
        )
        Pengguna.objects.bulk_create(
            [
                Pengguna(user=u, opd=self.opd, bidang=b, jabatan=f"{g} {PENANDA}")
                for u, (_, g, b) in zip(users, akun, strict=True)
            ]
        )
        return len(users)


def hapus_kabupaten_sintetis() -> int:
    """Delete every OPD of the synthetic kabupaten, its users and its data; never a real OPD."""
    from django.contrib.auth import get_user_model
    from django.test.utils import override_settings

    from evaluasi import sinyal
    from evaluasi.models import Pengguna
    from evaluasi.models.dokumen import BagianOpd

    daftar = [o for o in Opd.objects.filter(slug__startswith=AWALAN_KABUPATEN) if adalah_sintetis(o)]
    # Synthetic rows were never in the audit trail (bulk inserts): deleting them writes no history either,
    # and the version rows go with their OPD.
    with transaction.atomic(), sinyal.tanpa_versi(), override_settings(SIMPLE_HISTORY_ENABLED=False):
        for opd in daftar:
            user_ids = list(Pengguna.objects.filter(opd=opd).values_list("user_id", flat=True))
            Pengguna.objects.filter(opd=opd).delete()
            get_user_model().objects.filter(pk__in=user_ids).delete()
            for model in BagianOpd.__subclasses__():
                model.objects.filter(opd=opd).delete()
            Unsur.objects.filter(opd=opd).order_by("-urutan").delete()
            opd.delete()
    return len(daftar)


def buat_kabupaten_sintetis(
    jumlah_opd=50, tahun=range(2021, 2027), seed=1, program_maks=8, sampai_triwulan=2, sandi=None, keluaran=None
) -> dict:
    """A deterministic synthetic kabupaten: ``jumlah_opd`` OPD × the years in ``tahun``, with users.

    Each OPD (slug ``sintetis-kab-NN``, name ending "(data sintetis)") is made in its own
    transaction, so an interrupted run leaves whole OPD only; an OPD that already exists is
    skipped (idempotent). The last year has realisasi up to ``sampai_triwulan``, the others
    up to TW IV. Users get the password ``sandi``, or none usable when it is not given.
    """
    from django.contrib.auth.hashers import make_password

    tahun = list(tahun)
    sandi_hash = make_password(sandi)  # once: hashing per user would dominate the run
    hasil = {"opd": 0, "dilewati": 0, "sub_kegiatan": 0, "indikator": 0, "pengguna": 0}
    for nomor in range(1, jumlah_opd + 1):
        ada = Opd.objects.filter(slug=slug_kabupaten(nomor)).first()
        if ada is not None:
            if not adalah_sintetis(ada):
                raise ValueError(f"{ada.slug} bukan OPD sintetis; tidak disentuh.")
            hasil["dilewati"] += 1
            continue
        with transaction.atomic():
            from evaluasi import sinyal

            with sinyal.tanpa_versi():
                k = _Kabupaten(nomor, tahun, seed, program_maks, sampai_triwulan)
                for th in tahun:
                    n_sub, n_ind = k.tahun(th)
                    hasil["sub_kegiatan"] += n_sub
                    hasil["indikator"] += n_ind
                hasil["pengguna"] += k.pengguna(sandi_hash)
            naikkan_versi(k.opd)
        hasil["opd"] += 1
        if keluaran:
            keluaran(f"{k.opd.slug}: {k.opd.nama}")
    return hasil

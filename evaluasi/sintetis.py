"""Deterministic synthetic plans, for scale tests and benchmarks; never mixed with real data.

Every OPD made here has a slug starting with ``sintetis-`` and the name says
"(data sintetis)", so it cannot be mistaken for a real agency.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction

from evaluasi import capaian
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
        [
            Realisasi(indikator=ind, triwulan=tw, status=Realisasi.Status.DIVERIFIKASI)
            for ind in inds
            for tw in (1, 2, 3, 4)
        ]
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
    return opd

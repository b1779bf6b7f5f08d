"""Plan management: copy a year's plan to the next year; who may manage plans.

The pagu perubahan (APBD-P) needs no service of its own: it is ``Anggaran.pagu_perubahan`` beside
the pagu murni, filled through the plan import (or the admin), and ``Anggaran.pagu`` — used by
every report figure — is the latest of the two.
"""

from __future__ import annotations

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from evaluasi.akses import kelola_opd
from evaluasi.models import Indikator, KomponenTarget, Target, TargetTriwulan, Unsur
from evaluasi.versi import naikkan_versi


class SalinDitolak(Exception):
    """The copy was refused; nothing was written. The message says why, in Indonesian."""


def boleh_kelola_rencana(user, opd) -> bool:
    """Bappeda/admin for every OPD, the verifikator for their own OPD (plans are not an operator's job)."""
    return kelola_opd(user, opd)


@transaction.atomic
def salin_rencana(user, opd, tahun: int) -> dict:
    """Copy the plan of ``tahun`` to ``tahun + 1``: cascade, indicators and the next year's targets.

    What is copied and why:
    - every cascade node (level, nomor, kode, nama, sasaran, bidang, order, parent) and every
      indicator with all its settings (polaritas, agregasi, IKU, level PK, definisi, formula…) and
      its ``rincian`` links;
    - as the new year's target, the Target of ``tahun + 1`` the old indicator already has (the
      perjanjian kinerja of the next year, e.g. the seed's 2023 targets), with its triwulan
      targets (rencana aksi) where planned; an indicator without
      one gets no target, to be filled by the plan import — a guessed target would be worse;
    - no realisasi, no realisasi anggaran, and NO pagu: the new year's pagu comes from the new
      APBD, and copying last year's would show last year's money as if it were planned.
    Refused when ``tahun + 1`` already has a plan, or ``tahun`` has none. Returns counts.
    """
    baru = tahun + 1
    if Unsur.objects.filter(opd=opd, tahun=baru).exists():
        raise SalinDitolak(f"Rencana {baru} sudah ada; penyalinan hanya untuk tahun yang masih kosong.")
    lama = list(Unsur.objects.filter(opd=opd, tahun=tahun).order_by("urutan", "id"))
    if not lama:
        raise SalinDitolak(f"Belum ada rencana {tahun} untuk disalin.")
    peta = {}
    kedalaman = {u.id: Unsur.kedalaman(u.level) for u in lama}
    for u in sorted(lama, key=lambda u: (kedalaman[u.id], u.urutan, u.id)):
        peta[u.id] = Unsur(
            opd=opd,
            tahun=baru,
            level=u.level,
            induk=peta.get(u.induk_id),
            urutan=u.urutan,
            nomor=u.nomor,
            kode=u.kode,
            nama=u.nama,
            sasaran=u.sasaran,
            bidang_id=u.bidang_id,
        )
    for level in Unsur.Level.values:
        batch = [b for b in peta.values() if b.level == level]
        for b in batch:
            b.induk = b.induk  # the parent made in an earlier batch now has its pk
        Unsur.objects.bulk_create(batch)

    indikator = list(Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).order_by("id"))
    peta_i = {}
    for i in indikator:
        peta_i[i.id] = Indikator(
            unsur=peta[i.unsur_id],
            **{
                f.attname: getattr(i, f.attname)
                for f in Indikator._meta.concrete_fields
                if f.attname not in ("id", "unsur_id")
            },
        )
    Indikator.objects.bulk_create(list(peta_i.values()))
    Rincian = Indikator.rincian.through
    Rincian.objects.bulk_create(
        [
            Rincian(from_indikator_id=peta_i[a].pk, to_indikator_id=peta_i[b].pk)
            for a, b in Rincian.objects.filter(from_indikator_id__in=list(peta_i)).values_list(
                "from_indikator_id", "to_indikator_id"
            )
            if b in peta_i
        ]
    )

    target_lama = {t.id: t for t in Target.objects.filter(indikator_id__in=list(peta_i), tahun=baru)}
    target_baru = {
        tid: Target(indikator=peta_i[t.indikator_id], tahun=baru, teks=t.teks) for tid, t in target_lama.items()
    }
    if target_baru:
        bulk_create_with_history(list(target_baru.values()), Target, default_user=user)
    peta_k = {
        k.id: KomponenTarget(target=target_baru[k.target_id], urutan=k.urutan, jumlah=k.jumlah, satuan=k.satuan)
        for k in KomponenTarget.objects.filter(target_id__in=list(target_lama)).order_by("target_id", "urutan")
    }
    komponen = list(peta_k.values())
    if komponen:
        bulk_create_with_history(komponen, KomponenTarget, default_user=user)
    # That target's rencana aksi (triwulan targets) belongs to the new year's plan too.
    triwulan = [
        TargetTriwulan(komponen=peta_k[t.komponen_id], triwulan=t.triwulan, jumlah=t.jumlah)
        for t in TargetTriwulan.objects.filter(komponen_id__in=list(peta_k))
    ]
    if triwulan:
        bulk_create_with_history(triwulan, TargetTriwulan, default_user=user)
    naikkan_versi(opd)
    return {"unsur": len(peta), "indikator": len(peta_i), "target": len(target_baru), "komponen": len(komponen)}

"""The verification workflow of a sub kegiatan's triwulan: draf → diajukan → diverifikasi | dikembalikan.

- *Ajukan*: the operator (of the indicator's bidang) or a whole-OPD role submits the realisasi they may
  change that are draf or dikembalikan and carry at least one value.
- *Verifikasi* / *Kembalikan* (with a required note the operator sees): the OPD's verifikator, Bappeda/Admin,
  on every realisasi that is diajukan.
- *Buka kembali* (reason required): the same roles reopen verified realisasi to draf; a verified value changes
  only this way (``simpan_realisasi`` refuses diajukan and diverifikasi).

Every step writes one PeristiwaVerifikasi per realisasi, bumps ``Realisasi.versi`` (an open form becomes
stale) and the OPD's data version; a locked period refuses every step.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max

from evaluasi.akses import INSPEKTORAT, KEPALA_DINAS, kelola_opd, peran
from evaluasi.layanan.entri import (
    PESAN_TERKUNCI,
    ROMAWI,
    boleh_mengisi,
    boleh_mengisi_indikator,
    buka_kunci,
    kunci_periode,
    periode_terkunci,
)
from evaluasi.models import Indikator, KunciPeriode, PeristiwaVerifikasi, Realisasi, Unsur
from evaluasi.versi import naikkan_versi

Aksi = PeristiwaVerifikasi.Aksi
Status = Realisasi.Status

# aksi -> (status it applies to, status it leads to)
LANGKAH = {
    Aksi.AJUKAN: ((Status.DRAF, Status.DIKEMBALIKAN), Status.DIAJUKAN),
    Aksi.VERIFIKASI: ((Status.DIAJUKAN,), Status.DIVERIFIKASI),
    Aksi.KEMBALIKAN: ((Status.DIAJUKAN,), Status.DIKEMBALIKAN),
    Aksi.BUKA: ((Status.DIVERIFIKASI,), Status.DRAF),
}
PESAN_KOSONG = {
    Aksi.AJUKAN: "Tidak ada realisasi yang dapat diajukan: isi dan simpan realisasi (draf atau dikembalikan) dulu.",
    Aksi.VERIFIKASI: "Tidak ada realisasi yang menunggu verifikasi pada triwulan ini.",
    Aksi.KEMBALIKAN: "Tidak ada realisasi yang menunggu verifikasi pada triwulan ini.",
    Aksi.BUKA: "Tidak ada realisasi terverifikasi yang dapat dibuka kembali pada triwulan ini.",
}
PESAN_SUKSES = {
    Aksi.AJUKAN: "{n} realisasi diajukan untuk verifikasi.",
    Aksi.VERIFIKASI: "{n} realisasi diverifikasi.",
    Aksi.KEMBALIKAN: "{n} realisasi dikembalikan kepada operator dengan catatan.",
    Aksi.BUKA: "{n} realisasi dibuka kembali dan dapat diubah.",
}
PESAN_CATATAN = {
    Aksi.KEMBALIKAN: "Catatan untuk operator wajib diisi saat mengembalikan realisasi.",
    Aksi.BUKA: "Alasan membuka kembali wajib diisi.",
}


class AksiDitolak(Exception):
    """The step was refused and nothing was written; the message is for the user."""


def boleh_memverifikasi(user, opd_id):
    """Verifikator of this OPD, Bappeda/Admin (and superusers) verify, return, reopen and lock."""
    return kelola_opd(user, opd_id)


def aksi_tersedia(user, entri) -> list:
    """The steps the user may take on the entry page's data (``data_entri(..., user)``), without a query."""
    if entri.terkunci:
        return []
    unsur = entri.unsur
    status = [(b, b.status) for b in entri.indikator]
    hasil = []
    if any(b.boleh and s in LANGKAH[Aksi.AJUKAN][0] and _ada_nilai(b) for b, s in status):
        hasil.append(Aksi.AJUKAN)
    if boleh_memverifikasi(user, unsur.opd_id):
        if any(s == Status.DIAJUKAN for _, s in status):
            hasil += [Aksi.VERIFIKASI, Aksi.KEMBALIKAN]
        if any(s == Status.DIVERIFIKASI for _, s in status):
            hasil.append(Aksi.BUKA)
    return hasil


def _ada_nilai(baris):
    return any(k.per_triwulan.get(baris.triwulan) is not None for k in baris.komponen)


def jalankan_aksi(user, unsur, triwulan, aksi, catatan="") -> int:
    """Take one verification step on every eligible realisasi of (sub kegiatan, triwulan); returns how many.

    Raises PermissionDenied for a role that may not take it, ``AksiDitolak`` (nothing written) for a
    locked period, a missing note or nothing to act on.
    """
    if not (boleh_mengisi(user, unsur) or boleh_memverifikasi(user, unsur.opd_id)):
        raise PermissionDenied("Anda hanya dapat melihat realisasi ini.")
    try:
        aksi = Aksi(aksi)
    except ValueError as exc:
        raise AksiDitolak("Aksi tidak dikenal.") from exc
    if aksi == Aksi.AJUKAN:
        if not boleh_mengisi(user, unsur):
            raise PermissionDenied("Anda tidak berhak mengajukan realisasi sub kegiatan ini.")
    elif not boleh_memverifikasi(user, unsur.opd_id):
        raise PermissionDenied("Hanya verifikator perangkat daerah ini yang dapat melakukan verifikasi.")
    catatan = (catatan or "").strip()
    if aksi in PESAN_CATATAN and not catatan:
        raise AksiDitolak(PESAN_CATATAN[aksi])
    dari, ke = LANGKAH[aksi]
    with transaction.atomic():
        if periode_terkunci(unsur.opd_id, unsur.tahun, triwulan):
            raise AksiDitolak(PESAN_TERKUNCI)
        indikator = {i.pk: i for i in Indikator.objects.filter(unsur=unsur)}
        calon = list(
            Realisasi.objects.select_for_update()
            .filter(indikator_id__in=list(indikator), triwulan=triwulan, status__in=dari)
            .order_by("indikator_id")
        )
        if aksi in (Aksi.AJUKAN, Aksi.VERIFIKASI):
            # A status without a value is impossible (issue 12): only realisasi holding a value move on.
            berisi = set(
                Realisasi.objects.filter(pk__in=[r.pk for r in calon], nilai__nilai__isnull=False).values_list(
                    "pk", flat=True
                )
            )
            calon = [r for r in calon if r.pk in berisi]
        if aksi == Aksi.AJUKAN:
            calon = [r for r in calon if boleh_mengisi_indikator(user, unsur, indikator[r.indikator_id])]
        if not calon:
            raise AksiDitolak(PESAN_KOSONG[aksi])
        peristiwa = []
        for r in calon:
            peristiwa.append(
                PeristiwaVerifikasi(
                    realisasi=r, aksi=aksi, dari_status=r.status, ke_status=ke, catatan=catatan, oleh=user
                )
            )
            r.status = ke
            r.versi += 1
            if aksi in (Aksi.KEMBALIKAN, Aksi.BUKA):
                r.catatan_verifikator = catatan
            elif aksi == Aksi.VERIFIKASI:
                r.catatan_verifikator = ""
            if aksi in (Aksi.AJUKAN, Aksi.VERIFIKASI):
                r.ada_nilai = True  # checked just above; the database constraint holds the service to it
            r.save(update_fields=["status", "versi", "catatan_verifikator", "ada_nilai", "diubah_pada"])
        PeristiwaVerifikasi.objects.bulk_create(peristiwa)
        naikkan_versi(unsur.opd_id)
    return len(calon)


def pesan_sukses(aksi, jumlah, triwulan):
    return PESAN_SUKSES[Aksi(aksi)].format(n=jumlah) + f" (TW {ROMAWI[triwulan]})"


def lihat_antrean(user, opd_id):
    """The queue is for who verifies, and readable by Kepala Dinas and Inspektorat; operators have their work list."""
    return boleh_memverifikasi(user, opd_id) or bool(peran(user) & {KEPALA_DINAS, INSPEKTORAT})


@dataclass(eq=False)
class BarisAntrean:
    """One sub kegiatan × triwulan with realisasi waiting for verification, and its other statuses."""

    unsur: object
    triwulan: int
    diajukan: int = 0
    dikembalikan: int = 0
    diverifikasi: int = 0
    draf: int = 0
    diajukan_pada: object = None  # the latest change among the submitted realisasi

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]


def antrean_verifikasi(opd, tahun, triwulan=None) -> list:
    """Every (sub kegiatan, triwulan) of the OPD and year with a realisasi diajukan, in two queries."""
    qs = Realisasi.objects.filter(
        indikator__unsur__opd=opd, indikator__unsur__tahun=tahun, indikator__unsur__level=Unsur.Level.SUB_KEGIATAN
    )
    if triwulan is not None:
        qs = qs.filter(triwulan=triwulan)
    hitung = {}
    for uid, tw, status, n, pada in (
        qs.values_list("indikator__unsur_id", "triwulan", "status")
        .annotate(n=Count("id"), pada=Max("diubah_pada"))
        .order_by()
    ):
        hitung.setdefault((uid, tw), {})[status] = (n, pada)
    kunci = sorted(k for k, v in hitung.items() if Status.DIAJUKAN in v)
    unsur = Unsur.objects.in_bulk([uid for uid, _ in kunci]) if kunci else {}
    baris = []
    for uid, tw in kunci:
        v = hitung[(uid, tw)]
        baris.append(
            BarisAntrean(
                unsur=unsur[uid],
                triwulan=tw,
                diajukan=v[Status.DIAJUKAN][0],
                dikembalikan=v.get(Status.DIKEMBALIKAN, (0, None))[0],
                diverifikasi=v.get(Status.DIVERIFIKASI, (0, None))[0],
                draf=v.get(Status.DRAF, (0, None))[0],
                diajukan_pada=v[Status.DIAJUKAN][1],
            )
        )
    baris.sort(key=lambda b: (b.unsur.urutan, b.unsur.pk, b.triwulan))
    return baris


# --- Period locks -----------------------------------------------------------------------------


@dataclass(eq=False)
class BarisKunci:
    triwulan: int
    kunci: KunciPeriode | None

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]

    @property
    def terkunci(self):
        return self.kunci is not None and self.kunci.terkunci


def daftar_kunci(opd, tahun) -> list:
    """TW I–IV of the OPD and year with their lock (who/when locked and reopened, why), in one query."""
    ada = {
        k.triwulan: k
        for k in KunciPeriode.objects.filter(opd=opd, tahun=tahun).select_related("dikunci_oleh", "dibuka_oleh")
    }
    return [BarisKunci(triwulan=tw, kunci=ada.get(tw)) for tw in (1, 2, 3, 4)]


def ubah_kunci(user, opd, tahun, triwulan, aksi, alasan="") -> str:
    """Lock (``kunci``) or reopen (``buka``, reason required) a triwulan; returns the message for the user."""
    if not boleh_memverifikasi(user, opd.pk):
        raise PermissionDenied("Hanya verifikator perangkat daerah ini yang dapat mengunci periode.")
    if triwulan not in (1, 2, 3, 4):
        raise AksiDitolak("Triwulan harus 1 sampai 4.")
    romawi = ROMAWI[triwulan]
    with transaction.atomic():
        terkunci = periode_terkunci(opd, tahun, triwulan)
        if aksi == "kunci":
            if terkunci:
                raise AksiDitolak(f"TW {romawi} {tahun} sudah terkunci.")
            kunci_periode(user, opd, tahun, triwulan)
            return f"TW {romawi} {tahun} dikunci: realisasi, verifikasi dan data dukung tidak dapat diubah lagi."
        if aksi == "buka":
            if not terkunci:
                raise AksiDitolak(f"TW {romawi} {tahun} tidak sedang terkunci.")
            if not (alasan or "").strip():
                raise AksiDitolak("Alasan membuka kunci wajib diisi.")
            buka_kunci(user, opd, tahun, triwulan, alasan)
            return f"Kunci TW {romawi} {tahun} dibuka."
    raise AksiDitolak("Aksi tidak dikenal.")

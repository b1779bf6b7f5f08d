"""The operator's work list: for one OPD, year and triwulan, every visible sub kegiatan and what is left to do.

Everything is computed here in a fixed number of queries, whatever the number of rows;
the template only displays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from evaluasi import capaian
from evaluasi.layanan.entri import (
    ROMAWI,
    bidang_operator,
    bidang_pemilik,
    boleh_mengisi,
    periode_terkunci,
    sub_kegiatan_terlihat,
)
from evaluasi.models import Anggaran, AnggaranTriwulan, Indikator, KunciPeriode, NilaiRealisasi, Realisasi


def triwulan_bawaan(opd, tahun) -> int:
    """The latest triwulan of the year that is not locked, else 4."""
    terkunci = set(
        KunciPeriode.objects.filter(opd=opd, tahun=tahun, dibuka_pada__isnull=True).values_list("triwulan", flat=True)
    )
    for tw in (4, 3, 2, 1):
        if tw not in terkunci:
            return tw
    return 4


@dataclass(eq=False)
class IndikatorKerja:
    indikator: Indikator
    terisi: bool  # at least one component value entered for the triwulan
    status: str | None  # Realisasi.status, None = never saved
    catatan_verifikator: str = ""

    @property
    def dikembalikan(self):
        return self.status == Realisasi.Status.DIKEMBALIKAN

    @property
    def label_status(self):
        if self.status is None:
            return "Belum diisi"
        return Realisasi.Status(self.status).label


@dataclass(eq=False)
class BarisKerja:
    unsur: object
    indikator: list = field(default_factory=list)
    ada_anggaran: bool = False  # the sub kegiatan has a pagu
    anggaran_terisi: bool = False  # realisasi anggaran of the triwulan entered
    boleh_mengisi: bool = False

    @property
    def kosong(self):
        return sum(1 for i in self.indikator if not i.terisi)

    def _hitung(self, status):
        return sum(1 for i in self.indikator if i.status == status)

    @property
    def dikembalikan(self):
        return self._hitung(Realisasi.Status.DIKEMBALIKAN)

    @property
    def diajukan(self):
        return self._hitung(Realisasi.Status.DIAJUKAN)

    @property
    def diverifikasi(self):
        return self._hitung(Realisasi.Status.DIVERIFIKASI)


@dataclass(eq=False)
class DaftarKerja:
    tahun: int
    triwulan: int
    terkunci: bool
    baris: list
    terisi: int
    jumlah_indikator: int

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]

    @property
    def kemajuan(self):
        return f"{self.terisi} dari {self.jumlah_indikator} indikator terisi"


def daftar_kerja(user, opd, tahun, triwulan) -> DaftarKerja:
    """The work list of (opd, tahun, triwulan) for the user, in a fixed number of queries.

    An operator's list holds the indicators of their bidang only: those of their sub kegiatan that
    belong to no other bidang, and those of other sub kegiatan that ``Indikator.bidang`` gives them.
    """
    capaian.cek_triwulan(triwulan)
    unsur = list(sub_kegiatan_terlihat(user, opd, tahun).select_related("anggaran", "bidang").order_by("urutan", "id"))
    ids = [u.pk for u in unsur]
    indikator = list(Indikator.objects.filter(unsur_id__in=ids).order_by("urutan", "id"))
    terisi = set(
        NilaiRealisasi.objects.filter(
            realisasi__indikator__unsur_id__in=ids, realisasi__triwulan=triwulan, nilai__isnull=False
        ).values_list("realisasi__indikator_id", flat=True)
    )
    realisasi = {
        iid: (status, catatan)
        for iid, status, catatan in Realisasi.objects.filter(
            indikator__unsur_id__in=ids, triwulan=triwulan
        ).values_list("indikator_id", "status", "catatan_verifikator")
    }
    anggaran_terisi = set(
        AnggaranTriwulan.objects.filter(
            anggaran__unsur_id__in=ids, triwulan=triwulan, realisasi__isnull=False
        ).values_list("anggaran__unsur_id", flat=True)
    )
    bidang_op = bidang_operator(user)
    unsur_per_id = {u.pk: u for u in unsur}
    semua_indikator = {}
    for i in indikator:
        semua_indikator.setdefault(i.unsur_id, []).append(i)
    if bidang_op is not None:
        indikator = [i for i in indikator if bidang_pemilik(i, unsur_per_id[i.unsur_id]) == bidang_op]
    per_unsur = {}
    for i in indikator:
        status, catatan = realisasi.get(i.pk, (None, ""))
        per_unsur.setdefault(i.unsur_id, []).append(
            IndikatorKerja(indikator=i, terisi=i.pk in terisi, status=status, catatan_verifikator=catatan)
        )
    baris = []
    for u in unsur:
        try:
            ada_anggaran = u.anggaran is not None
        except Anggaran.DoesNotExist:
            ada_anggaran = False
        baris.append(
            BarisKerja(
                unsur=u,
                indikator=per_unsur.get(u.pk, []),
                ada_anggaran=ada_anggaran,
                anggaran_terisi=u.pk in anggaran_terisi,
                boleh_mengisi=boleh_mengisi(user, u, semua_indikator.get(u.pk, [])),
            )
        )
    semua = [i for b in baris for i in b.indikator]
    return DaftarKerja(
        tahun=tahun,
        triwulan=triwulan,
        terkunci=periode_terkunci(opd, tahun, triwulan),
        baris=baris,
        terisi=sum(1 for i in semua if i.terisi),
        jumlah_indikator=len(semua),
    )

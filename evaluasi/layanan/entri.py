"""Entering the realisasi of one sub kegiatan for one triwulan: who may, what the form shows, and the save.

``simpan_realisasi`` writes everything of the form (kinerja per target component,
notes, realisasi anggaran) in one transaction or nothing at all. Two people
editing the same triwulan cannot overwrite each other silently: each Realisasi
carries a ``versi``, the form sends back the versions it read, and the save
claims each row with ``UPDATE … WHERE versi = <read>`` (with ``SELECT … FOR
UPDATE`` first on PostgreSQL), so a stale form is refused on every database.

Ownership (issue 4, "Indikator.bidang"): a sub kegiatan belongs to its bidang, but an
indicator whose ``bidang`` is set and differs belongs to *that* bidang. The operator of
the indicator's bidang may open the sub kegiatan and change only those indicators; the
operator of the sub kegiatan's bidang changes the other indicators and the budget.
Verifikator (of the OPD), Bappeda/Admin change everything; Kepala Dinas and Inspektorat read.

Verification (evaluasi/layanan/verifikasi.py): a realisasi that is ``diajukan`` or
``diverifikasi`` is frozen here; the budget of a triwulan is frozen while a realisasi of
the sub kegiatan's own indicators in that triwulan is diajukan or diverifikasi.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from evaluasi import batas_angka, capaian
from evaluasi.akses import BAPPEDA, INSPEKTORAT, KEPALA_DINAS, OPERATOR, VERIFIKATOR, kelola_opd, peran
from evaluasi.layanan import kewajaran
from evaluasi.layanan.nilai import segarkan_ada_nilai
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    DataDukung,
    Indikator,
    KomponenTarget,
    KunciPeriode,
    NilaiRealisasi,
    PeristiwaVerifikasi,
    Realisasi,
    Unsur,
)
from evaluasi.versi import naikkan_versi

PESAN_TERKUNCI = "Triwulan ini sudah dikunci; hubungi verifikator untuk membukanya."
PESAN_KONFLIK = (
    "Data triwulan ini sudah diubah orang lain sejak formulir dibuka; simpanan Anda tidak ditulis. "
    "Periksa nilai terkini di bawah, lalu simpan lagi bila isian Anda tetap benar."
)
CATATAN = ("faktor_pendorong", "faktor_penghambat", "tindak_lanjut")
PESAN_DIAJUKAN = (
    "Realisasi “{nama}” sedang diajukan untuk verifikasi dan tidak dapat diubah; tunggu hasil verifikasi "
    "atau minta verifikator mengembalikannya."
)
PESAN_DIVERIFIKASI = (
    "Realisasi “{nama}” sudah diverifikasi dan tidak dapat diubah; minta verifikator membukanya kembali lebih dulu."
)
PESAN_BUKAN_MILIK = "Indikator “{nama}” milik bidang lain; Anda tidak dapat mengubah realisasinya."
PESAN_ANGGARAN_BEKU = (
    "Realisasi anggaran triwulan ini tidak dapat diubah: realisasi sub kegiatan ini sedang diajukan atau "
    "sudah diverifikasi."
)
PESAN_ANGGARAN_BUKAN_MILIK = "Realisasi anggaran hanya dapat diubah oleh bidang pemilik sub kegiatan."
STATUS_BEKU = ("diajukan", "diverifikasi")
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


# --- Form field names (shared by the form and the service's error messages) ----------------


def field_nilai(komponen_id):
    return f"nilai_{komponen_id}"


def field_versi(indikator_id):
    return f"versi_{indikator_id}"


def field_catatan(nama, indikator_id):
    return f"{nama}_{indikator_id}"


FIELD_ANGGARAN = "anggaran"
FIELD_ANGGARAN_DIBACA = "anggaran_dibaca"


# --- Scope ---------------------------------------------------------------------------------


def bidang_operator(user):
    """The bidang id of an Operator Bidang (None for every other role)."""
    profil = getattr(user, "pengguna", None)
    if OPERATOR in peran(user) and profil is not None:
        return profil.bidang_id
    return None


def mengisi_seluruh_opd(user, opd_id):
    """Whether the user may change every sub kegiatan of this OPD (admin, Bappeda, the OPD's verifikator)."""
    return kelola_opd(user, opd_id)


def bidang_pemilik(indikator, unsur):
    """The bidang an indicator belongs to: its own ``bidang`` where set, else its sub kegiatan's."""
    return indikator.bidang_id or unsur.bidang_id


def sub_kegiatan_terlihat(user, opd, tahun):
    """Queryset of the sub kegiatan of (opd, tahun) whose entry page the user may open.

    Operators see the sub kegiatan of their own bidang and those with an indicator of their
    bidang; verifikator, Kepala Dinas, Inspektorat and Bappeda see every sub kegiatan of an
    OPD they may see (``ambil_opd`` checks that).
    """
    qs = Unsur.objects.filter(opd=opd, tahun=tahun, level=Unsur.Level.SUB_KEGIATAN)
    r = peran(user)
    if user.is_superuser or r & {BAPPEDA, VERIFIKATOR, KEPALA_DINAS, INSPEKTORAT}:
        return qs
    bidang_id = bidang_operator(user)
    if bidang_id is not None:
        return qs.filter(Q(bidang_id=bidang_id) | Q(indikator__bidang_id=bidang_id)).distinct()
    return qs.none()


def boleh_mengisi(user, unsur, indikator=None):
    """Whether the user may change anything of this sub kegiatan (Kepala Dinas and Inspektorat only read).

    An operator may when the sub kegiatan is of their bidang or one of its indicators is;
    ``indikator`` (the sub kegiatan's indicators, when already loaded) saves a query.
    """
    if mengisi_seluruh_opd(user, unsur.opd_id):
        return True
    bidang_id = bidang_operator(user)
    if bidang_id is None:
        return False
    if bidang_id == unsur.bidang_id:
        return True
    if indikator is None:
        return unsur.indikator.filter(bidang_id=bidang_id).exists()
    return any(i.bidang_id == bidang_id for i in indikator)


def boleh_mengisi_indikator(user, unsur, indikator):
    """Whether the user may change this indicator's realisasi (see the module docstring on ownership)."""
    if mengisi_seluruh_opd(user, unsur.opd_id):
        return True
    bidang_id = bidang_operator(user)
    return bidang_id is not None and bidang_id == bidang_pemilik(indikator, unsur)


def boleh_mengisi_anggaran(user, unsur):
    """Whether the user may change the sub kegiatan's realisasi anggaran (its own bidang, or whole-OPD roles)."""
    if mengisi_seluruh_opd(user, unsur.opd_id):
        return True
    bidang_id = bidang_operator(user)
    return bidang_id is not None and bidang_id == unsur.bidang_id


def periode_terkunci(opd, tahun, triwulan) -> bool:
    """Whether (opd, tahun, triwulan) is locked: a KunciPeriode that has not been reopened."""
    opd_id = getattr(opd, "pk", opd)
    return KunciPeriode.objects.filter(opd_id=opd_id, tahun=tahun, triwulan=triwulan, dibuka_pada__isnull=True).exists()


def kunci_periode(user, opd, tahun, triwulan):
    """Lock a triwulan of an OPD (verifikator's act); locking again after a reopening is allowed."""
    capaian.cek_triwulan(triwulan)
    kunci, _ = KunciPeriode.objects.update_or_create(
        opd=opd,
        tahun=tahun,
        triwulan=triwulan,
        defaults={
            "dikunci_oleh": user,
            "dikunci_pada": timezone.now(),
            "dibuka_oleh": None,
            "dibuka_pada": None,
            "alasan_buka": "",
        },
    )
    naikkan_versi(opd)
    return kunci


def buka_kunci(user, opd, tahun, triwulan, alasan):
    """Reopen a locked triwulan; the reason is required and kept with the lock's history."""
    if not (alasan or "").strip():
        raise ValueError("Alasan membuka kunci harus diisi.")
    kunci = KunciPeriode.objects.get(opd=opd, tahun=tahun, triwulan=triwulan)
    kunci.dibuka_oleh, kunci.dibuka_pada, kunci.alasan_buka = user, timezone.now(), alasan.strip()
    kunci.save()
    naikkan_versi(opd)
    return kunci


# --- What the page shows --------------------------------------------------------------------


@dataclass(eq=False)
class KomponenEntri:
    """One target component: its target and the realisasi per triwulan entered so far."""

    id: int
    jumlah: Decimal
    satuan: str
    per_triwulan: dict = field(default_factory=dict)  # {tw: Decimal | None}


@dataclass(eq=False)
class BarisEntri:
    """One indicator of the sub kegiatan with its components, this triwulan's Realisasi and its capaian."""

    indikator: Indikator
    komponen: list
    realisasi: Realisasi | None  # of this triwulan; None = never saved
    triwulan: int
    boleh: bool = False  # the user may change this indicator (ownership; not the status or the lock)
    bidang_lain: object = None  # the Bidang owning this indicator when it is not the sub kegiatan's

    @property
    def versi(self):
        return self.realisasi.versi if self.realisasi else 0

    @property
    def status(self):
        return self.realisasi.status if self.realisasi else None

    @property
    def beku(self):
        """Submitted or verified: changes wait for the verifikator (return or reopen)."""
        return self.status in STATUS_BEKU

    @property
    def bisa_diubah(self):
        return self.boleh and not self.beku

    def sd_triwulan(self, pengganti=None):
        """Per component the figure to date (s.d. this triwulan), with this triwulan's values replaced."""
        hasil = []
        for k in self.komponen:
            nilai = dict(k.per_triwulan)
            if pengganti is not None and k.id in pengganti:
                nilai[self.triwulan] = pengganti[k.id]
            hasil.append(capaian.gabung_triwulan(nilai, self.indikator.agregasi, self.triwulan))
        return hasil

    def capaian(self, pengganti=None):
        """Capaian s.d. this triwulan (None = not defined), optionally with typed values of this triwulan."""
        if not self.komponen:
            return None
        target, realisasi = capaian.jumlah_komponen([k.jumlah for k in self.komponen], self.sd_triwulan(pengganti))
        ind = self.indikator
        return capaian.capaian(target, realisasi, ind.polaritas, ind.metode_negatif)


@dataclass(eq=False)
class AnggaranEntri:
    """The sub kegiatan's budget: pagu in force and realisasi per triwulan."""

    anggaran: Anggaran
    per_triwulan: dict  # {tw: int | None}
    triwulan: int

    @property
    def pagu(self):
        return self.anggaran.pagu

    @property
    def triwulan_ini(self):
        return self.per_triwulan.get(self.triwulan)

    @property
    def triwulan_lain(self):
        return sum(v for tw, v in self.per_triwulan.items() if tw != self.triwulan and v is not None)

    @property
    def sd_triwulan(self):
        return capaian.jumlah_rupiah(v for tw, v in self.per_triwulan.items() if tw <= self.triwulan)

    @property
    def setahun(self):
        return capaian.jumlah_rupiah(self.per_triwulan.values())

    @property
    def sisa(self):
        """What is left of the pagu after every triwulan entered."""
        return self.pagu - (self.setahun or 0)

    @property
    def serapan_sd(self):
        return capaian.serapan(self.pagu, self.sd_triwulan)

    def sisa_dengan(self, nilai_ini):
        """What would be left of the pagu if this triwulan's realisasi were ``nilai_ini`` (typed, not saved)."""
        return self.pagu - self.triwulan_lain - (nilai_ini or 0)


@dataclass(eq=False)
class DataEntri:
    unsur: Unsur
    triwulan: int
    terkunci: bool
    indikator: list
    anggaran: AnggaranEntri | None
    data_dukung: list = field(default_factory=list)
    anggaran_boleh: bool = False  # the user may change the budget (ownership)
    riwayat: list = field(default_factory=list)  # PeristiwaVerifikasi of the triwulan, newest first

    @property
    def triwulan_romawi(self):
        return ROMAWI[self.triwulan]

    @property
    def anggaran_beku(self):
        """A realisasi of the sub kegiatan's own indicators is submitted or verified: the budget waits too."""
        return any(b.beku for b in self.indikator if b.bidang_lain is None)

    @property
    def ada_yang_bisa_diubah(self):
        if self.terkunci:
            return False
        anggaran = self.anggaran is not None and self.anggaran_boleh and not self.anggaran_beku
        return anggaran or any(b.bisa_diubah for b in self.indikator)


def data_entri(unsur, triwulan, user=None) -> DataEntri:
    """Everything the entry page shows for a sub kegiatan and triwulan, in a fixed number of queries.

    ``unsur`` should come with ``select_related("anggaran")`` (a missing budget is allowed). With
    ``user``, each indicator says whether that user may change it (``BarisEntri.boleh``).
    """
    capaian.cek_triwulan(triwulan)
    indikator = list(Indikator.objects.filter(unsur=unsur).select_related("bidang").order_by("urutan", "id"))
    komponen = KomponenTarget.objects.filter(target__indikator__unsur=unsur, target__tahun=unsur.tahun).order_by(
        "target__indikator_id", "urutan", "id"
    )
    komponen_per = {}
    semua_komponen = {}
    for kid, iid, jumlah, satuan in komponen.values_list("id", "target__indikator_id", "jumlah", "satuan"):
        k = KomponenEntri(id=kid, jumlah=jumlah, satuan=satuan)
        komponen_per.setdefault(iid, []).append(k)
        semua_komponen[kid] = k
    # The versions BEFORE the values they guard: a save committed between the two reads then makes the form
    # stale (refused) instead of pairing old values with the new versi (a silent lost update on PostgreSQL).
    realisasi = {
        r.indikator_id: r
        for r in Realisasi.objects.filter(indikator__unsur=unsur, triwulan=triwulan).select_related("diubah_oleh")
    }
    for kid, tw, nilai in NilaiRealisasi.objects.filter(
        realisasi__indikator__unsur=unsur, komponen_id__in=list(semua_komponen)
    ).values_list("komponen_id", "realisasi__triwulan", "nilai"):
        semua_komponen[kid].per_triwulan[tw] = nilai
    anggaran = None
    try:
        ang = unsur.anggaran
    except Anggaran.DoesNotExist:
        ang = None
    if ang is not None:
        per_tw = dict(AnggaranTriwulan.objects.filter(anggaran=ang).values_list("triwulan", "realisasi"))
        anggaran = AnggaranEntri(anggaran=ang, per_triwulan=per_tw, triwulan=triwulan)
    data_dukung = list(
        DataDukung.objects.filter(unsur=unsur, triwulan=triwulan).select_related("diunggah_oleh__pengguna")
    )
    riwayat = list(
        PeristiwaVerifikasi.objects.filter(realisasi__indikator__unsur=unsur, realisasi__triwulan=triwulan)
        .select_related("oleh", "realisasi__indikator")
        .order_by("-pada", "-id")
    )
    return DataEntri(
        unsur=unsur,
        triwulan=triwulan,
        terkunci=periode_terkunci(unsur.opd_id, unsur.tahun, triwulan),
        indikator=[
            BarisEntri(
                indikator=i,
                komponen=komponen_per.get(i.id, []),
                realisasi=realisasi.get(i.id),
                triwulan=triwulan,
                boleh=user is not None and boleh_mengisi_indikator(user, unsur, i),
                bidang_lain=i.bidang if i.bidang_id and i.bidang_id != unsur.bidang_id else None,
            )
            for i in indikator
        ],
        anggaran=anggaran,
        data_dukung=data_dukung,
        riwayat=riwayat,
        anggaran_boleh=user is not None and boleh_mengisi_anggaran(user, unsur),
    )


# --- The save -------------------------------------------------------------------------------


class EntriDitolak(Exception):
    """The save was refused and nothing was written; ``galat`` maps a form field (None = the form) to messages."""

    def __init__(self, galat):
        self.galat = galat
        super().__init__("; ".join(m for daftar in galat.values() for m in daftar))


class KonflikVersi(EntriDitolak):
    """Someone else saved this triwulan after the form was read; ``indikator`` lists what changed."""

    def __init__(self, indikator=(), anggaran=False):
        self.indikator = list(indikator)
        self.anggaran = anggaran
        super().__init__({None: [PESAN_KONFLIK]})


@dataclass
class IsianIndikator:
    """What the form sent for one indicator: this triwulan's value per component, notes, the versi it read."""

    indikator_id: int
    versi_dibaca: int  # 0 = no Realisasi existed when the form was read
    nilai: dict  # {komponen_id: Decimal | None}; None = not entered
    faktor_pendorong: str = ""
    faktor_penghambat: str = ""
    tindak_lanjut: str = ""


@dataclass
class IsianEntri:
    """Everything one form sends; ``anggaran_diisi`` is False when the form had no budget field."""

    indikator: list
    anggaran_diisi: bool = False
    anggaran: int | None = None
    anggaran_dibaca: int | None = None  # the realisasi anggaran of this triwulan when the form was read
    konfirmasi: bool = False  # "Saya sudah memeriksa; angka ini benar" (plausibility warnings)
    alasan_konfirmasi: str = ""
    teks: dict = field(default_factory=dict)  # {komponen_id: the value as typed} (ambiguous separators)


def _cek_nilai(nilai, label, rupiah=False):
    """Messages for a value the database could not hold or the rules refuse (the form checks first)."""
    try:
        (batas_angka.cek_rupiah if rupiah else batas_angka.cek_jumlah)(nilai)
    except capaian.AngkaTidakSah as exc:
        return [f"{label}: {exc}"]
    return []


def simpan_realisasi(user, unsur, triwulan, isian: IsianEntri):
    """Write one sub kegiatan's realisasi of a triwulan from a form, all or nothing.

    Refuses (``EntriDitolak``, nothing written) a locked period, a value that is
    negative, not a number or out of range, a realisasi anggaran that takes the
    year above the pagu, and (``KonflikVersi``) a form older than the data.
    Figures with plausibility warnings are refused (``kewajaran.PerluKonfirmasi``) until the form
    confirms them with a reason; the confirmed warnings are then kept with the save.
    Changed Realisasi go (back) to draf, get ``versi + 1`` and ``diubah_oleh``.
    Returns the number of indicators changed (+1 if the budget changed).
    """
    if not boleh_mengisi(user, unsur):
        raise PermissionDenied("Anda tidak berhak mengubah realisasi sub kegiatan ini.")
    capaian.cek_triwulan(triwulan)
    with transaction.atomic():
        if periode_terkunci(unsur.opd_id, unsur.tahun, triwulan):
            raise EntriDitolak({None: [PESAN_TERKUNCI]})

        indikator = {i.id: i for i in Indikator.objects.filter(unsur=unsur)}
        komponen = dict(
            KomponenTarget.objects.filter(target__indikator__unsur=unsur, target__tahun=unsur.tahun).values_list(
                "id", "target__indikator_id"
            )
        )
        galat = {}
        for isi in isian.indikator:
            if isi.indikator_id not in indikator:
                galat.setdefault(None, []).append("Indikator tidak termasuk sub kegiatan ini.")
                continue
            for kid, nilai in isi.nilai.items():
                nama = field_nilai(kid)
                if komponen.get(kid) != isi.indikator_id:
                    galat.setdefault(None, []).append("Komponen target tidak termasuk indikator ini.")
                    continue
                pesan = _cek_nilai(nilai, f"Realisasi “{indikator[isi.indikator_id].nama[:60]}”")
                if pesan:
                    galat.setdefault(nama, []).extend(pesan)

        # Lock what we are about to change (PostgreSQL; a no-op on SQLite, where the guarded UPDATEs decide).
        # order_by("pk"): no join from Meta.ordering (FOR UPDATE would lock the OPD row too: deadlocks), fixed order.
        sekarang = {
            r.indikator_id: r
            for r in Realisasi.objects.select_for_update()
            .filter(indikator_id__in=list(indikator), triwulan=triwulan)
            .order_by("pk")
        }
        konflik = [
            indikator[isi.indikator_id]
            for isi in isian.indikator
            if isi.indikator_id in indikator
            and (sekarang[isi.indikator_id].versi if isi.indikator_id in sekarang else 0) != isi.versi_dibaca
        ]

        nilai_ada = {
            (n.realisasi_id, n.komponen_id): n
            for n in NilaiRealisasi.objects.filter(realisasi__in=list(sekarang.values()))
        }
        # Ownership and verification status: refused only where the form would change something.
        for isi in isian.indikator:
            ind = indikator.get(isi.indikator_id)
            if ind is None or not _berubah(sekarang.get(ind.id), isi, nilai_ada):
                continue
            status = sekarang[ind.id].status if ind.id in sekarang else None
            nama = ind.nama[:80]
            if not boleh_mengisi_indikator(user, unsur, ind):
                galat.setdefault(None, []).append(PESAN_BUKAN_MILIK.format(nama=nama))
            elif status == Realisasi.Status.DIAJUKAN:
                galat.setdefault(None, []).append(PESAN_DIAJUKAN.format(nama=nama))
            elif status == Realisasi.Status.DIVERIFIKASI:
                galat.setdefault(None, []).append(PESAN_DIVERIFIKASI.format(nama=nama))
        anggaran_beku = any(
            r.status in STATUS_BEKU
            for iid, r in sekarang.items()
            if bidang_pemilik(indikator[iid], unsur) == unsur.bidang_id
        )

        anggaran = at = None
        konflik_anggaran = False
        if isian.anggaran_diisi:
            anggaran = Anggaran.objects.select_for_update().filter(unsur=unsur).first()
            label = f"Realisasi anggaran TW {ROMAWI[triwulan]}"
            if anggaran is None:
                galat.setdefault(FIELD_ANGGARAN, []).append("Sub kegiatan ini belum mempunyai pagu anggaran.")
            else:
                per_tw = {a.triwulan: a for a in AnggaranTriwulan.objects.filter(anggaran=anggaran)}
                at = per_tw.get(triwulan)
                if (at.realisasi if at else None) != isian.anggaran_dibaca:
                    konflik_anggaran = True
                pesan = _cek_nilai(isian.anggaran, label, rupiah=True)
                if not pesan and isian.anggaran is not None:
                    lain = sum(a.realisasi for tw, a in per_tw.items() if tw != triwulan and a.realisasi is not None)
                    total = lain + int(isian.anggaran)
                    if total > anggaran.pagu:
                        pesan = [
                            f"{label}: realisasi anggaran setahun menjadi Rp {capaian.format_rupiah(total)}, "
                            f"melebihi pagu Rp {capaian.format_rupiah(anggaran.pagu)} "
                            f"(sisa untuk triwulan ini Rp {capaian.format_rupiah(anggaran.pagu - lain)})."
                        ]
                if not pesan and (at.realisasi if at else None) != isian.anggaran:
                    if not boleh_mengisi_anggaran(user, unsur):
                        pesan = [PESAN_ANGGARAN_BUKAN_MILIK]
                    elif anggaran_beku:
                        pesan = [PESAN_ANGGARAN_BEKU]
                if pesan:
                    galat.setdefault(FIELD_ANGGARAN, []).extend(pesan)

        if konflik or konflik_anggaran:
            raise KonflikVersi(konflik, konflik_anggaran)
        if galat:
            raise EntriDitolak(galat)
        peringatan = kewajaran.periksa_isian(unsur, triwulan, isian)
        kewajaran.cek_konfirmasi(peringatan, isian.konfirmasi, isian.alasan_konfirmasi)

        diubah = 0
        for isi in isian.indikator:
            if _tulis_indikator(user, indikator[isi.indikator_id], triwulan, isi, sekarang, nilai_ada):
                diubah += 1

        if anggaran is not None:
            baru = None if isian.anggaran is None else int(isian.anggaran)
            if (at.realisasi if at else None) != baru:
                if at is None:
                    at = AnggaranTriwulan(anggaran=anggaran, triwulan=triwulan)
                at.realisasi = baru
                at.save()
                diubah += 1
                # Checked again after the write: on SQLite (no row locks) another triwulan may have been
                # saved since the check above; our write now holds the database's write lock.
                total = (
                    AnggaranTriwulan.objects.filter(anggaran=anggaran, realisasi__isnull=False).aggregate(
                        total=Sum("realisasi")
                    )["total"]
                    or 0
                )
                if total > anggaran.pagu:
                    raise KonflikVersi(anggaran=True)
        if diubah:
            naikkan_versi(unsur.opd_id)
        kewajaran.simpan_konfirmasi(user, unsur.opd_id, unsur.tahun, peringatan, isian.alasan_konfirmasi)
        return diubah


def _berubah(r, isi: IsianIndikator, nilai_ada):
    """Whether saving ``isi`` would change the indicator's Realisasi ``r`` (None = none yet) or its values."""
    catatan = {nama: (getattr(isi, nama) or "").strip() for nama in CATATAN}
    if r is None:
        return any(catatan.values()) or any(v is not None for v in isi.nilai.values())
    lama_nilai = {kid: n.nilai for (rid, kid), n in nilai_ada.items() if rid == r.pk}
    if any(lama_nilai.get(kid) != v for kid, v in isi.nilai.items()):
        return True
    return any(getattr(r, nama) != teks for nama, teks in catatan.items())


def _tulis_indikator(user, ind, triwulan, isi: IsianIndikator, sekarang, nilai_ada):
    """Write one indicator's Realisasi and values if anything differs; True if it did."""
    r = sekarang.get(ind.id)
    if not _berubah(r, isi, nilai_ada):
        return False  # nothing entered or nothing changed
    catatan = {nama: (getattr(isi, nama) or "").strip() for nama in CATATAN}
    lama_nilai = {kid: n.nilai for (rid, kid), n in nilai_ada.items() if r is not None and rid == r.pk}
    nilai_berubah = {kid: v for kid, v in isi.nilai.items() if lama_nilai.get(kid) != v}

    if r is None:
        r = Realisasi(indikator=ind, triwulan=triwulan, versi=1, diubah_oleh=user, **catatan)
        try:
            with transaction.atomic():
                r.save()
        except IntegrityError as exc:  # created by someone else since the form was read
            raise KonflikVersi([ind]) from exc
    else:
        # Claim the row: only succeeds if nobody saved since the form was read.
        if not Realisasi.objects.filter(pk=r.pk, versi=isi.versi_dibaca).update(versi=isi.versi_dibaca + 1):
            raise KonflikVersi([ind])
        r.versi = isi.versi_dibaca + 1
        r.status = Realisasi.Status.DRAF
        r.diubah_oleh = user
        for nama, teks in catatan.items():
            setattr(r, nama, teks)
        r.save()

    for kid, v in nilai_berubah.items():
        lama = nilai_ada.get((r.pk, kid))
        if lama is not None:
            lama.nilai = v
            lama.save()
        elif v is not None:
            NilaiRealisasi.objects.create(realisasi=r, komponen_id=kid, nilai=v)
    if nilai_berubah:
        segarkan_ada_nilai([r.pk])
    return True

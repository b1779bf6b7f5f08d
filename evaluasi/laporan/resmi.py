"""Which realisasi is official (DESIGN "Official figures"): the one rule every output uses.

- Kinerja: a value is official when its Realisasi (indikator × triwulan) is ``diverifikasi``.
- Anggaran: the realisasi anggaran of a sub kegiatan in a triwulan is official when the sub
  kegiatan has at least one realisasi of *its own* indicators in that triwulan and every one of
  them is ``diverifikasi``. "Own" is what freezes the budget in ``layanan/entri.py``: an indicator
  without a ``bidang`` of its own, or with the sub kegiatan's bidang. So an official budget is
  always a frozen one (a verified own realisasi freezes it): it changes only after a verifikator
  reopens, and then it is no longer official. A sub kegiatan whose indicators all belong to other
  bidang has no official realisasi anggaran.

Outputs count only official values unless a role that may see drafts turns on "termasuk yang
belum diverifikasi" (``boleh_lihat_draf``); then drafts are included and each is marked.
Coverage is counted in *nilai*: one indikator × triwulan with at least one value entered, and one
sub kegiatan × triwulan with a realisasi anggaran entered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from evaluasi.akses import BAPPEDA, INSPEKTORAT, KEPALA_DINAS, OPERATOR, VERIFIKATOR, peran
from evaluasi.models import Realisasi

DIVERIFIKASI = Realisasi.Status.DIVERIFIKASI
PARAMETER = "draf"  # ?draf=1 turns the switch on
LABEL_SAKLAR = "termasuk yang belum diverifikasi"
TANDA = "D"  # the mark beside every figure that holds an unverified value
KETERANGAN_TANDA = "D = memuat angka yang belum diverifikasi (draf, diajukan atau dikembalikan)"
BULAN = ("Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember").split()
JUDUL_DRAF = "DRAF — memuat angka yang belum diverifikasi"
SATUAN = (
    "nilai kinerja = indikator × triwulan yang berisi angka; "
    "nilai anggaran = sub kegiatan × triwulan yang berisi realisasi anggaran"
)


def boleh_lihat_draf(user) -> bool:
    """Roles inside the OPD's own work (operator, verifikator, Kepala Dinas) may include drafts.

    Inspektorat, Bappeda and anyone else read only what is official, whatever the URL says.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    r = peran(user)
    if r & {INSPEKTORAT, BAPPEDA}:
        return False
    return bool(r & {OPERATOR, VERIFIKATOR, KEPALA_DINAS})


def termasuk_draf(request) -> bool:
    """Whether this request asked for drafts (``?draf=1``) and its user may see them; else False."""
    return request.GET.get(PARAMETER) == "1" and boleh_lihat_draf(request.user)


def anggaran_resmi(unsur_ref="anggaran__unsur_id", triwulan_ref="triwulan"):
    """Boolean expression for an AnggaranTriwulan-like row: is its realisasi anggaran official? (see module)"""
    milik = Q(indikator__bidang__isnull=True) | Q(indikator__bidang_id=F("indikator__unsur__bidang_id"))
    realisasi = Realisasi.objects.filter(
        milik, indikator__unsur_id=OuterRef(unsur_ref), triwulan=OuterRef(triwulan_ref)
    ).order_by()
    return Exists(realisasi.filter(status=DIVERIFIKASI)) & ~Exists(realisasi.exclude(status=DIVERIFIKASI))


@dataclass(eq=False)
class Cakupan:
    """Verification coverage of an output: how many entered values are verified, and when counted."""

    kinerja_diverifikasi: int = 0
    kinerja_terisi: int = 0
    anggaran_diverifikasi: int = 0
    anggaran_terisi: int = 0
    # "per when": the latest change of a realisasi counted (its verification steps change it too), so the same
    # data gives the same document, before and after a backup is restored; None = nothing entered yet.
    pada: datetime | None = None

    @property
    def diverifikasi(self):
        return self.kinerja_diverifikasi + self.anggaran_diverifikasi

    @property
    def terisi(self):
        return self.kinerja_terisi + self.anggaran_terisi

    @property
    def lengkap(self):
        return self.diverifikasi == self.terisi

    @property
    def pada_teks(self):
        """'7 Desember 2026 10.31' in the installation's time zone, whatever language is active."""
        if self.pada is None:
            return "belum ada realisasi"
        t = timezone.localtime(self.pada)
        return f"{t.day} {BULAN[t.month - 1]} {t.year} {t:%H.%M}"

    @property
    def teks(self):
        """One line for every output: 'X dari Y nilai diverifikasi, per <tanggal jam>' with the unit."""
        return (
            f"{self.diverifikasi} dari {self.terisi} nilai diverifikasi, per {self.pada_teks} "
            f"(kinerja {self.kinerja_diverifikasi} dari {self.kinerja_terisi} indikator × triwulan; "
            f"anggaran {self.anggaran_diverifikasi} dari {self.anggaran_terisi} sub kegiatan × triwulan)"
        )


def pilah_nilai(baris, termasuk_draf: bool, cakupan: Cakupan):
    """Rows (komponen_id, indikator_id, triwulan, nilai, status, diubah_pada) → (komponen_id, triwulan, nilai, draf).

    Without drafts only verified values are kept; with drafts every value is kept and the
    unverified ones carry ``draf=True``. Counts the coverage (indikator × triwulan) on the way.
    """
    terisi, resmi, hasil = set(), set(), []
    for kid, iid, tw, nilai, status, pada in baris:
        sah = status == DIVERIFIKASI
        if pada is not None and (cakupan.pada is None or pada > cakupan.pada):
            cakupan.pada = pada
        if nilai is not None:
            terisi.add((iid, tw))
            if sah:
                resmi.add((iid, tw))
        if sah or termasuk_draf:
            hasil.append((kid, tw, nilai, not sah and nilai is not None))
    cakupan.kinerja_terisi, cakupan.kinerja_diverifikasi = len(terisi), len(resmi)
    return hasil


def pilah_anggaran(baris, termasuk_draf: bool, cakupan: Cakupan):
    """Rows (unsur_id, triwulan, rupiah, resmi) → (unsur_id, triwulan, rupiah, draf) kept; counts coverage."""
    hasil = []
    terisi = resmi = 0
    for uid, tw, rp, sah in baris:
        if rp is not None:
            terisi += 1
            resmi += bool(sah)
        if sah or termasuk_draf:
            hasil.append((uid, tw, rp, not sah and rp is not None))
    cakupan.anggaran_terisi, cakupan.anggaran_diverifikasi = terisi, resmi
    return hasil


def konteks_saklar(request) -> dict:
    """What a page needs to show the switch and keep it in its links (PDF, XLSX, JSON, E.81, drill-down).

    ``q_draf`` starts a query string ("?draf=1" or ""), ``a_draf`` continues one ("&draf=1" or "").
    """
    draf = termasuk_draf(request)
    q = request.GET.copy()
    if draf:
        q.pop(PARAMETER, None)
    else:
        q[PARAMETER] = "1"
    return {
        "boleh_draf": boleh_lihat_draf(request.user),
        "draf": draf,
        "saklar_href": "?" + q.urlencode(),
        "label_saklar": LABEL_SAKLAR,
        "q_draf": f"?{PARAMETER}=1" if draf else "",
        "a_draf": f"&{PARAMETER}=1" if draf else "",
    }


def keterangan_ekspor(baris: str, cakupan, draf) -> list:
    """Lines above every exported table (XLSX): ``baris`` (the period) with the coverage appended to it, then
    the DRAF warning when drafts are in (a line of its own, so nobody can miss it)."""
    hasil = [f"{baris} · cakupan verifikasi: {cakupan.teks}" if cakupan is not None else baris]
    if draf:
        hasil.append(f"{JUDUL_DRAF}; kolom 'Status verifikasi' menandai barisnya")
    return hasil

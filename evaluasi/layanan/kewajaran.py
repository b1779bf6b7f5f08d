"""Plausibility at entry and import: find the warnings of what is about to be written, keep confirmations.

The first save whose figures look implausible (evaluasi/kewajaran.py) writes nothing and raises
``PerluKonfirmasi`` with the warnings; the operator ticks "Saya sudah memeriksa; angka ini benar",
gives a reason, and the same save then goes ahead and ``simpan_konfirmasi`` keeps each warning with
the reason, the user and the time (``KonfirmasiKewajaran``; the rows are the audit trail).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from evaluasi import capaian, kewajaran
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Indikator,
    KomponenTarget,
    KonfirmasiKewajaran,
    NilaiRealisasi,
    Target,
    Unsur,
)

PESAN_ALASAN = "Tulis alasan mengapa angka ini benar; konfirmasi tanpa alasan tidak diterima."


@dataclass(frozen=True)
class PeringatanObjek:
    """A warning about one object: an indicator (with the triwulan checked) or a sub kegiatan's budget."""

    peringatan: kewajaran.Peringatan
    indikator: Indikator | None = None
    unsur: Unsur | None = None
    triwulan: int | None = None

    @property
    def kode(self):
        return self.peringatan.kode

    @property
    def pesan(self):
        return self.peringatan.pesan

    @property
    def label(self):
        return self.peringatan.label


class PerluKonfirmasi(Exception):  # noqa: N818 - the domain's word: "needs confirmation"
    """Nothing was written: the figures carry plausibility warnings the person has not confirmed yet."""

    def __init__(self, peringatan, tanpa_alasan=False):
        self.peringatan = list(peringatan)
        self.tanpa_alasan = tanpa_alasan
        super().__init__("; ".join(p["pesan"] if isinstance(p, dict) else p.pesan for p in self.peringatan))


def periksa_isian(unsur, triwulan, isian) -> list[PeringatanObjek]:
    """The warnings of an entry form's values (``IsianEntri``) for the indicators whose values change.

    Judged on the figures as they would be after the save: this triwulan's typed values with the
    other triwulan as stored. Two queries (target components, stored values).
    """
    diubah = {isi.indikator_id: isi for isi in isian.indikator}
    if not diubah:
        return []
    indikator = {i.id: i for i in Indikator.objects.filter(unsur=unsur, id__in=list(diubah))}
    komponen = defaultdict(list)  # indikator_id -> [(komponen_id, jumlah)]
    for kid, iid, jumlah in (
        KomponenTarget.objects.filter(target__indikator__in=list(indikator), target__tahun=unsur.tahun)
        .order_by("urutan", "id")
        .values_list("id", "target__indikator_id", "jumlah")
    ):
        komponen[iid].append((kid, jumlah))
    tersimpan = defaultdict(dict)  # komponen_id -> {tw: nilai}
    for kid, tw, nilai in NilaiRealisasi.objects.filter(
        komponen_id__in=[k for daftar in komponen.values() for k, _ in daftar]
    ).values_list("komponen_id", "realisasi__triwulan", "nilai"):
        tersimpan[kid][tw] = nilai
    teks = getattr(isian, "teks", None) or {}

    hasil = []
    for iid, isi in diubah.items():
        ind = indikator.get(iid)
        if ind is None or not komponen.get(iid):
            continue
        if all(tersimpan[kid].get(triwulan) == isi.nilai.get(kid) for kid, _ in komponen[iid] if kid in isi.nilai):
            continue  # the values do not change: a note-only save is not judged again
        per_komponen = []
        for kid, _ in komponen[iid]:
            nilai = dict(tersimpan[kid])
            if kid in isi.nilai:
                nilai[triwulan] = isi.nilai[kid]
            per_komponen.append({tw: v for tw, v in nilai.items() if v is not None})
        per_triwulan = {tw: capaian.jumlahkan(p.get(tw) for p in per_komponen) for tw in range(1, 5) if tw <= triwulan}
        sd = [capaian.gabung_triwulan(p, ind.agregasi, triwulan) for p in per_komponen]
        target, realisasi = capaian.jumlah_komponen([j for _, j in komponen[iid]], sd)
        daftar = kewajaran.cek_kumulatif(per_triwulan, target, ind.agregasi)
        daftar += kewajaran.cek_capaian(capaian.capaian(target, realisasi, ind.polaritas, ind.metode_negatif), triwulan)
        daftar += kewajaran.cek_persen(realisasi, ind.nama, ind.satuan)
        jenis = kewajaran.jenis_angka(ind.nama, ind.satuan) or kewajaran.BULAT
        for kid, _ in komponen[iid]:
            daftar += kewajaran.cek_pemisah(teks.get(kid), jenis)
        hasil.extend(PeringatanObjek(p, indikator=ind, triwulan=triwulan) for p in daftar)
    return hasil


def cek_konfirmasi(peringatan, dikonfirmasi: bool, alasan: str):
    """Raise ``PerluKonfirmasi`` unless every warning is confirmed with a reason (nothing to do without one)."""
    if not peringatan:
        return
    if not dikonfirmasi:
        raise PerluKonfirmasi(peringatan)
    if not (alasan or "").strip():
        raise PerluKonfirmasi(peringatan, tanpa_alasan=True)


def simpan_konfirmasi(user, opd, tahun, peringatan, alasan, sumber=KonfirmasiKewajaran.Sumber.ENTRI, impor=None):
    """Keep each confirmed warning with its reason, the user and the time (one row each)."""
    alasan = (alasan or "").strip()
    if not peringatan:
        return []
    if not alasan:
        raise ValueError(PESAN_ALASAN)
    return KonfirmasiKewajaran.objects.bulk_create(
        [
            KonfirmasiKewajaran(
                opd_id=getattr(opd, "pk", opd),
                tahun=tahun,
                triwulan=p.triwulan,
                indikator=p.indikator,
                unsur=p.unsur,
                kode=p.kode,
                pesan=p.pesan,
                alasan=alasan,
                sumber=sumber,
                impor=impor,
                oleh=user,
            )
            for p in peringatan
        ]
    )


# --- Import: what a workbook would change -----------------------------------------------------------


def peringatan_opd(opd, tahun, sampai_triwulan=4) -> list[PeringatanObjek]:
    """Every plausibility warning of an OPD's plan and entered figures (drafts included), in 6 queries.

    The import compares this before and after its writes (inside a rolled-back savepoint for the
    preview) to list the warnings that the workbook brings in.
    """
    indikator = list(Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).order_by("unsur_id", "urutan"))
    komponen = defaultdict(list)
    for kid, iid, jumlah in (
        KomponenTarget.objects.filter(target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun)
        .filter(target__tahun=tahun)
        .order_by("urutan", "id")
        .values_list("id", "target__indikator_id", "jumlah")
    ):
        komponen[iid].append((kid, jumlah))
    teks_target = defaultdict(list)
    for iid, t in Target.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun).values_list(
        "indikator_id", "teks"
    ):
        teks_target[iid].append(t)
    nilai = defaultdict(dict)
    for kid, tw, v in NilaiRealisasi.objects.filter(
        realisasi__indikator__unsur__opd=opd, realisasi__indikator__unsur__tahun=tahun, nilai__isnull=False
    ).values_list("komponen_id", "realisasi__triwulan", "nilai"):
        nilai[kid][tw] = v
    hasil = []
    for ind in indikator:
        daftar = kewajaran.cek_indikator(ind.nama, ind.satuan, ind.formula)
        komp = komponen.get(ind.id, [])
        if komp:
            per_triwulan = {
                tw: capaian.jumlahkan(nilai[k].get(tw) for k, _ in komp) for tw in range(1, sampai_triwulan + 1)
            }
            sd = [capaian.gabung_triwulan(nilai[k], ind.agregasi, sampai_triwulan) for k, _ in komp]
            target, realisasi = capaian.jumlah_komponen([j for _, j in komp], sd)
            daftar += kewajaran.cek_kumulatif(per_triwulan, target, ind.agregasi)
            c = capaian.capaian(target, realisasi, ind.polaritas, ind.metode_negatif)
            daftar += kewajaran.cek_capaian(c, sampai_triwulan)
            daftar += kewajaran.cek_persen(realisasi, ind.nama, ind.satuan)
            if len(komp) == 1:
                daftar += kewajaran.cek_persen(target, ind.nama, ind.satuan, "Target")
        for t in teks_target.get(ind.id, []):
            daftar += kewajaran.cek_pemisah_teks(t, ind.nama, ind.satuan)
        hasil.extend(PeringatanObjek(p, indikator=ind) for p in daftar)
    belanja = defaultdict(int)
    for uid, tw, rp in AnggaranTriwulan.objects.filter(
        anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, realisasi__isnull=False
    ).values_list("anggaran__unsur_id", "triwulan", "realisasi"):
        if tw <= sampai_triwulan:
            belanja[uid] += rp
    for a in Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun).select_related("unsur"):
        for p in kewajaran.cek_pagu(a.pagu_murni, a.pagu_perubahan, belanja.get(a.unsur_id)):
            hasil.append(PeringatanObjek(p, unsur=a.unsur))
    return hasil


def _kunci(p: PeringatanObjek):
    return (p.kode, p.indikator.pk if p.indikator else None, p.unsur.pk if p.unsur else None, p.pesan)


def peringatan_baru(sebelum, sesudah) -> list[PeringatanObjek]:
    """The warnings present after a write and not before it (same code, object and message)."""
    ada = {_kunci(p) for p in sebelum}
    return [p for p in sesudah if _kunci(p) not in ada]


def ke_dict(p: PeringatanObjek) -> dict:
    """A warning as the import's preview keeps it (Impor.ringkasan is JSON)."""
    if p.indikator is not None:
        objek = p.indikator.nama
    elif p.unsur is not None:
        objek = f"{p.unsur.get_level_display()} {p.unsur.nomor} — pagu"
    else:
        objek = ""
    return {"kode": p.kode, "label": p.label, "objek": objek, "pesan": p.pesan}

"""Roll-ups of indicators (DESIGN.md "Roll-ups"): a parent indicator and the child indicators that make it up.

A parent indicator (kegiatan, program, sasaran) may be linked to its rincian (``Indikator.rincian``).
``gulung_realisasi`` turns a kumulatif parent whose rincian are all kumulatif in the same satuan
into their sum: its realisasi (per triwulan and to date) is the children's, and the report says so
("jumlah dari rinciannya"). Its target is never summed, only checked. ``periksa_rincian`` checks
every linked parent live against its children, target and realisasi (group "isian"); for a summed
parent, a realisasi entered for the parent itself that disagrees is listed, and so is a printed
realisasi (group "dokumen"). ``usulan_rincian`` proposes links (same satuan, similar nama) that a
person confirms in the plan template.

The functions here are pure: they take the report's rows (``BarisIndikator``, ``BarisUnsur``) and
plain data, never query, and return tuples the caller turns into findings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from evaluasi import capaian

KETERANGAN_JUMLAH = "jumlah dari rinciannya"
DOKUMEN = "dokumen"
ISIAN = "isian"


def _satuan(teks) -> str:
    return " ".join((teks or "").split()).casefold()


def _angka(x) -> str:
    return capaian.format_angka(x, 4, buang_nol=True)


def dapat_dijumlah(induk, anak: list) -> bool:
    """May the parent's realisasi be the sum of its rincian? Kumulatif, one target component, same satuan.

    ``induk`` and ``anak`` are ``BarisIndikator``. A posisi-akhir indicator (a percentage, an index) or
    a different satuan is checked, never summed; a composite parent target cannot take one sum.
    """
    if not anak or len(induk.target_komponen) > 1:
        return False
    satuan = _satuan(induk.indikator.satuan)
    if not satuan or induk.indikator.agregasi != capaian.KUMULATIF:
        return False
    return all(a.indikator.agregasi == capaian.KUMULATIF and _satuan(a.indikator.satuan) == satuan for a in anak)


def gulung_realisasi(per_indikator: dict, rincian: dict, kedalaman: dict, skala) -> None:
    """Give each summable parent the sum of its rincian as realisasi (in place), deepest parents first.

    ``rincian`` maps a parent indicator id to its child ids; ``kedalaman`` an indicator id to its
    node's depth (sub kegiatan deepest), so a program summing kegiatan that sum sub kegiatan gets
    the final figures. The parent's own entries are kept in ``realisasi_isian`` for the check.
    """
    for iid in sorted(rincian, key=lambda i: -kedalaman.get(i, 0)):
        induk = per_indikator.get(iid)
        anak = [per_indikator[a] for a in rincian[iid] if a in per_indikator and a != iid]
        if induk is None or not dapat_dijumlah(induk, anak):
            continue
        induk.realisasi_isian = induk.realisasi
        induk.jumlah_rincian = True
        induk.per_triwulan = {tw: capaian.jumlahkan(a.per_triwulan.get(tw) for a in anak) for tw in induk.per_triwulan}
        induk.realisasi = capaian.jumlahkan(a.realisasi for a in anak)
        induk.draf_triwulan = set().union(*(a.draf_triwulan for a in anak))  # a sum of drafts is a draft
        if induk.target_komponen:
            induk.realisasi_komponen = [induk.realisasi]
        ind = induk.indikator
        induk.capaian = capaian.capaian(induk.target, induk.realisasi, ind.polaritas, ind.metode_negatif)
        induk.status = capaian.status_capaian(induk.target, induk.realisasi, ind.polaritas, ind.metode_negatif)
        induk.predikat = capaian.predikat(induk.capaian, skala)
        # The mid-year judgement (target s.d. TW) follows the same sum.
        induk.capaian_sd = capaian.capaian(induk.target_sd, induk.realisasi, ind.polaritas, ind.metode_negatif)
        induk.predikat_sd = capaian.predikat(induk.capaian_sd, skala)


def periksa_rincian(per_indikator: dict, rincian: dict, label, tercetak_realisasi: dict) -> list:
    """Findings of every linked parent against its children: (jenis, objek, pesan, tercetak, dihitung, kelompok).

    Target: always against the children's sum. Realisasi: a summed parent shows the sum, so what
    is checked is the figure entered for the parent itself (when any) and the printed one
    (``tercetak_realisasi``: indicator id -> printed text); any other parent's realisasi is checked
    against the children's sum. ``label(baris)`` names the row.
    """
    hasil = []
    for iid, anak_id in rincian.items():
        induk = per_indikator.get(iid)
        anak = [per_indikator[a] for a in anak_id if a in per_indikator and a != iid]
        if induk is None or not anak:
            continue
        objek = label(induk)
        dijumlah = getattr(induk, "jumlah_rincian", False)
        periksa = [("target", induk.target)]
        if dijumlah:
            if induk.realisasi_isian is not None:
                periksa.append(("realisasi yang diisi untuk induk", induk.realisasi_isian))
        else:
            periksa.append(("realisasi", induk.realisasi))
        for besaran, nilai_induk in periksa:
            atribut = "target" if besaran == "target" else "realisasi"
            nilai_anak = capaian.jumlahkan(getattr(a, atribut) for a in anak)
            if nilai_induk == nilai_anak:
                continue
            rinci = " + ".join(_angka(getattr(a, atribut)) for a in anak)
            akhir = "; laporan memakai jumlah rinciannya." if besaran != "target" and dijumlah else "."
            hasil.append(
                (
                    "rincian",
                    objek,
                    f"{besaran[0].upper()}{besaran[1:]} {_angka(nilai_induk)} tidak sama dengan jumlah rinciannya "
                    f"({rinci} = {_angka(nilai_anak)}){akhir}",
                    _angka(nilai_induk),
                    _angka(nilai_anak),
                    ISIAN,
                )
            )
        teks = tercetak_realisasi.get(iid)
        if dijumlah and teks is not None:
            try:
                tertulis = capaian.parse_angka(re.sub(r"[^\d.,\-]", "", teks) or None)
            except capaian.AngkaTidakSah:
                tertulis = None
            if tertulis != induk.realisasi:
                hasil.append(
                    (
                        "realisasi",
                        objek,
                        f"Dokumen mencetak realisasi {teks}; laporan menampilkan jumlah rinciannya, "
                        f"{_angka(induk.realisasi)}.",
                        teks,
                        _angka(induk.realisasi),
                        DOKUMEN,
                    )
                )
    return hasil


# --- Suggestions ----------------------------------------------------------------------------------

_KATA_UMUM = frozenset(
    "jumlah yang dan dengan untuk dalam pada oleh dari atau serta bagi ke di the persentase tingkat nilai "
    "indeks rasio".split()
)
AMBANG_MIRIP = 0.45  # nama similarity (0..1) from which a same-satuan pair is proposed


@dataclass(frozen=True)
class CalonRincian:
    """What a suggestion needs of an indicator: ids, its node and the node's parent, satuan, nama."""

    id: int
    unsur_id: int
    induk_unsur_id: int | None
    satuan: str
    nama: str


def _kata(nama: str) -> set:
    return {k for k in re.findall(r"[a-z0-9]+", nama.casefold()) if len(k) > 2 and k not in _KATA_UMUM}


def kemiripan(a: str, b: str) -> float:
    """How alike two indicator names are (0..1): the better of shared words (Dice) and character matching."""
    ka, kb = _kata(a), _kata(b)
    dice = 2 * len(ka & kb) / (len(ka) + len(kb)) if ka and kb else 0.0
    urut = SequenceMatcher(None, " ".join(sorted(ka)), " ".join(sorted(kb))).ratio() if ka and kb else 0.0
    return max(dice, urut)


def usulan_rincian(indikator: list, tertaut: set) -> list:
    """Proposed links (parent id, child id, similarity): a child node's indicator under its parent node's one.

    Only between a node and its direct parent node (sub kegiatan → kegiatan, kegiatan → program …),
    same satuan (ignoring case and spaces) and a nama at least ``AMBANG_MIRIP`` alike; pairs already
    in ``tertaut`` are left out. Ordered as the indicators come, so the template is stable.
    """
    per_unsur = {}
    for i in indikator:
        per_unsur.setdefault(i.unsur_id, []).append(i)
    hasil = []
    for anak in indikator:
        satuan = _satuan(anak.satuan)
        if not satuan or anak.induk_unsur_id is None:
            continue
        for induk in per_unsur.get(anak.induk_unsur_id, []):
            if _satuan(induk.satuan) != satuan or (induk.id, anak.id) in tertaut:
                continue
            skor = kemiripan(induk.nama, anak.nama)
            if skor >= AMBANG_MIRIP:
                hasil.append((induk.id, anak.id, skor))
    return hasil


# --- The two groups of the data-quality view ------------------------------------------------------

KELOMPOK = {
    DOKUMEN: (
        "Dokumen vs hitungan",
        "Angka yang tertulis di dokumen berbeda dengan hasil hitung sistem. Laporan memakai hasil hitung.",
    ),
    ISIAN: (
        "Isian saat ini tidak konsisten",
        "Isian yang tersimpan saling bertentangan: induk dengan rinciannya, atau isian yang tampak tidak wajar.",
    ),
}


def urut_kelompok(temuan: list) -> list:
    """Findings ordered by group ("dokumen" first, then "isian"), each group in its own order."""
    urutan = list(KELOMPOK)
    return sorted(temuan, key=lambda t: urutan.index(t.kelompok) if t.kelompok in urutan else len(urutan))


def per_kelompok(temuan: list) -> list:
    """[(kunci, judul, keterangan, findings)] for every group, empty ones included (the page says so)."""
    return [(k, judul, ket, [t for t in temuan if t.kelompok == k]) for k, (judul, ket) in KELOMPOK.items()]

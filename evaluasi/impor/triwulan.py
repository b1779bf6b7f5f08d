"""Import of the realisasi of one triwulan (the Realisasi and Anggaran sheets)."""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluasi import capaian
from evaluasi.layanan.entri import periode_terkunci
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Bidang,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Realisasi,
    Unsur,
)

from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from .baca import Buku
from .terapkan import (
    CATATAN,
    LEVEL,
    TERKIRIM,
    Galat,
    Level,
    Rencana,
    _Antrean,
    _fmt,
    _pk,
    _tulis_ulang,
    bidang_operator,
)


def hitung_realisasi(rencana: Rencana, buku: Buku, opd, tahun, tw, user, kunci_baris, tulis=False):
    """Compare the realisasi of triwulan ``tw`` (``tulis=True``: the second pass, writing in batches)."""
    romawi = K.ROMAWI[tw]
    if periode_terkunci(opd, tahun, tw):
        rencana.galat.append(
            Galat(
                f"Triwulan {romawi} {tahun} sudah dikunci: realisasinya tidak dapat diubah. "
                "Minta verifikator membuka kuncinya, lalu unggah lagi.",
                K.LEMBAR_REALISASI,
            )
        )
        return
    bidang_user = bidang_operator(user)
    kolom_r = K.KOLOM_REALISASI

    # Components of this year's targets, by pk and by natural key (level, nomor, no. indikator, komponen ke).
    komponen = {}
    alami = {}
    ind_alami = {}
    jumlah_komponen = defaultdict(int)
    for kid, iid, kurut, iurut, _uid, level, nomor, bid_unsur, bid_ind in KomponenTarget.objects.filter(
        target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun, target__tahun=tahun
    ).values_list(
        "id",
        "target__indikator_id",
        "urutan",
        "target__indikator__urutan",
        "target__indikator__unsur_id",
        "target__indikator__unsur__level",
        "target__indikator__unsur__nomor",
        "target__indikator__unsur__bidang_id",
        "target__indikator__bidang_id",
    ):
        # The owner of a row: the indicator's own bidang where set, else its node's (as on the entry form).
        komponen[kid] = (iid, kurut, bid_ind or bid_unsur, f"{Level(level).label} {nomor}")
        alami[(level, nomor, iurut, kurut)] = kid
        jumlah_komponen[iid] += 1
    for iid, iurut, level, nomor in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun).values_list(
        "id", "urutan", "unsur__level", "unsur__nomor"
    ):
        ind_alami[(level, nomor, iurut)] = iid
    qs = Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun, triwulan=tw)
    if kunci_baris:
        # Only the realisasi rows (not the joined unsur/OPD), in primary-key order like the entry form,
        # so an import and a concurrent form save cannot deadlock.
        qs = qs.select_for_update(of=("self",)).order_by("pk")
    realisasi = {r.indikator_id: r for r in qs}
    nilai_ada = {}
    nilai_per_r = defaultdict(dict)
    for n in NilaiRealisasi.objects.filter(realisasi__in=list(realisasi.values())):
        nilai_ada[(n.realisasi_id, n.komponen_id)] = n
        nilai_per_r[n.realisasi_id][n.komponen_id] = n.nilai
    nama_bidang = dict(Bidang.objects.filter(opd=opd).values_list("id", "nama"))

    # Rows → per indicator: {komponen: value}, notes, first row.
    per_ind = {}
    dilihat = {}
    for b in buku.lembar.get(K.LEMBAR_REALISASI, []):
        v = b.nilai
        kid = _pk(v["kunci"], "K")
        if kid not in komponen:
            level = LEVEL.get(v["level"].lower())
            urut = v["urutan"]
            kid = alami.get((level, v["nomor"], urut, v["komponen"]))
            if kid is None:
                iid = ind_alami.get((level, v["nomor"], urut))
                if iid is not None and v["komponen"] is not None:
                    rencana.galat.append(
                        b.galat(
                            f"komponen ke-{v['komponen']} tidak ada pada target {tahun} indikator ini "
                            f"(targetnya punya {jumlah_komponen.get(iid, 0)} komponen). Hapus baris ini, atau "
                            "tambahkan komponen lewat impor rencana.",
                            "komponen",
                            kolom_r,
                        )
                    )
                else:
                    rencana.galat.append(
                        b.galat(
                            f"baris tidak dikenal: indikator {v['urutan'] or '?'} pada {v['level'] or '?'} "
                            f"{v['nomor'] or '?'} tidak ada dalam rencana {tahun}. Jangan mengubah kolom "
                            "kunci, level, nomor dan no. indikator; unduh templat terbaru.",
                            "nomor",
                            kolom_r,
                        )
                    )
                continue
        if kid in dilihat:
            rencana.galat.append(
                b.galat(
                    f"baris ganda: komponen ini sudah ada di baris {dilihat[kid]}. Hapus salah satunya.",
                    "kunci",
                    kolom_r,
                )
            )
            continue
        dilihat[kid] = b.nomor
        iid, kurut, bid, label_unsur = komponen[kid]
        if bidang_user is not None and bid != bidang_user:
            rencana.galat.append(
                b.galat(
                    f"baris ini milik {nama_bidang.get(bid, 'bidang lain')}; Anda hanya dapat mengimpor baris "
                    "bidang Anda sendiri. Hapus baris ini dari berkas.",
                    "nomor",
                    kolom_r,
                )
            )
            continue
        data = per_ind.get(iid)
        catatan = {n: v[n] for n in CATATAN}
        if data is None:
            per_ind[iid] = {"baris": b, "nilai": {kid: v["nilai"]}, "catatan": catatan, "label": label_unsur}
        else:
            data["nilai"][kid] = v["nilai"]
            for n in CATATAN:
                if catatan[n] and catatan[n] != data["catatan"][n]:
                    rencana.galat.append(
                        b.galat(
                            f"catatan indikator ditulis di baris pertama indikator ini (baris {data['baris'].nomor}); "
                            "kosongkan sel ini.",
                            n,
                            kolom_r,
                        )
                    )

    ubah_r = _Antrean(
        tulis,
        lambda batch: bulk_update_with_history(
            batch, Realisasi, [*CATATAN, "versi", "status", "diubah_oleh", "diubah_pada"], default_user=user
        ),
    )
    baru_r = _Antrean(tulis, lambda batch: bulk_create_with_history(batch, Realisasi, default_user=user))
    ubah_n = _Antrean(
        tulis, lambda batch: bulk_update_with_history(batch, NilaiRealisasi, ["nilai"], default_user=user)
    )
    baru_n = _Antrean(tulis, lambda batch: _buat_nilai(user, batch, baru_r))
    sekarang = timezone.now()
    for iid, data in per_ind.items():
        r = realisasi.get(iid)
        b = data["baris"]
        lama = nilai_per_r.get(r.pk, {}) if r is not None else {}
        berubah = {kid: x for kid, x in data["nilai"].items() if lama.get(kid) != x}
        catatan = data["catatan"]
        catatan_berubah = [n for n in CATATAN if (getattr(r, n) if r else "") != catatan[n]]
        if not berubah and not catatan_berubah:
            rencana.tetap += 1
            continue
        if r is not None and r.status in TERKIRIM:
            rencana.galat.append(
                b.galat(
                    f"realisasi indikator ini sudah {r.get_status_display().lower()}; minta verifikator "
                    "mengembalikannya (atau membukanya kembali) sebelum diubah lewat impor.",
                    "nilai",
                    kolom_r,
                )
            )
            continue
        rincian = [
            [f"Komponen ke-{komponen[kid][1]}", _fmt(lama.get(kid), K.ANGKA), _fmt(x, K.ANGKA)]
            for kid, x in berubah.items()
        ] + [[n.replace("_", " "), _fmt(getattr(r, n) if r else ""), _fmt(catatan[n])] for n in catatan_berubah]
        rencana.catat("buat" if r is None else "ubah", b, f"{data['label']} — indikator {b.nilai['urutan']}", rincian)
        if r is None:
            r = Realisasi(indikator_id=iid, triwulan=tw, versi=1, diubah_oleh=user, **catatan)
            baru_r.tambah(r)
        else:
            r.versi += 1
            r.status = Realisasi.Status.DRAF
            r.diubah_oleh = user
            r.diubah_pada = sekarang
            for n in CATATAN:
                setattr(r, n, catatan[n])
            ubah_r.tambah(r)
        for kid, x in berubah.items():
            n = nilai_ada.get((r.pk, kid)) if r.pk else None
            if n is not None:
                n.nilai = x
                ubah_n.tambah(n)
            elif x is not None and tulis:
                baru_n.tambah(NilaiRealisasi(realisasi=r, komponen_id=kid, nilai=x))

    for antrean in (ubah_r, baru_r, ubah_n, baru_n):
        antrean.kuras()
    _hitung_anggaran(rencana, buku, opd, tahun, tw, bidang_user, nama_bidang, user, tulis)
    if not tulis and rencana.ada_perubahan:
        # The writes are not kept: the confirm streams the sheets a second time and writes in batches.
        rencana._penulis.append(
            lambda: _tulis_ulang(
                rencana, lambda kedua: hitung_realisasi(kedua, buku, opd, tahun, tw, user, False, tulis=True)
            )
        )


def _buat_nilai(user, batch, baru_r):
    baru_r.kuras()  # their new Realisasi first
    for n in batch:
        n.realisasi = n.realisasi  # the Realisasi written just before now has its pk
    bulk_create_with_history(batch, NilaiRealisasi, default_user=user)


def _hitung_anggaran(rencana: Rencana, buku: Buku, opd, tahun, tw, bidang_user, nama_bidang, user, tulis):
    kolom_a = K.KOLOM_ANGGARAN
    romawi = K.ROMAWI[tw]
    sub = {}
    per_nomor = {}
    for uid, nomor, nama, bid in Unsur.objects.filter(opd=opd, tahun=tahun, level=Level.SUB_KEGIATAN).values_list(
        "id", "nomor", "nama", "bidang_id"
    ):
        sub[uid] = (nomor, nama, bid)
        per_nomor[nomor] = uid
    anggaran = {a.unsur_id: a for a in Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)}
    per_tw = defaultdict(dict)
    for at in AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun):
        per_tw[at.anggaran_id][at.triwulan] = at
    dilihat = {}
    baru = _Antrean(tulis, lambda batch: bulk_create_with_history(batch, AnggaranTriwulan, default_user=user))
    ubah = _Antrean(
        tulis, lambda batch: bulk_update_with_history(batch, AnggaranTriwulan, ["realisasi"], default_user=user)
    )
    for b in buku.lembar.get(K.LEMBAR_ANGGARAN, []):
        v = b.nilai
        uid = _pk(v["kunci"], "U")
        if uid not in sub:
            uid = per_nomor.get(v["nomor"])
        if uid is None:
            rencana.galat.append(
                b.galat(
                    f"sub kegiatan nomor '{v['nomor']}' tidak ada dalam rencana {tahun}. Jangan mengubah kolom "
                    "kunci dan nomor; unduh templat terbaru.",
                    "nomor",
                    kolom_a,
                )
            )
            continue
        if uid in dilihat:
            rencana.galat.append(
                b.galat(f"baris ganda: sub kegiatan ini sudah ada di baris {dilihat[uid]}. Hapus salah satunya.")
            )
            continue
        dilihat[uid] = b.nomor
        nomor, nama, bid = sub[uid]
        if bidang_user is not None and bid != bidang_user:
            rencana.galat.append(
                b.galat(
                    f"sub kegiatan ini milik {nama_bidang.get(bid, 'bidang lain')}; Anda hanya dapat mengimpor "
                    "baris bidang Anda sendiri. Hapus baris ini dari berkas.",
                    "nomor",
                    kolom_a,
                )
            )
            continue
        x = v["realisasi"]
        a = anggaran.get(uid)
        if a is None:
            if x is not None:
                rencana.galat.append(
                    b.galat(
                        "sub kegiatan ini belum mempunyai pagu; realisasi anggaran tidak dapat dicatat. "
                        "Isi pagunya lewat impor rencana dulu.",
                        "realisasi",
                        kolom_a,
                    )
                )
            continue
        at = per_tw[a.pk].get(tw)
        lama = at.realisasi if at else None
        if lama == x:
            rencana.tetap += 1
            continue
        if x is not None:
            lain = sum(t.realisasi for w, t in per_tw[a.pk].items() if w != tw and t.realisasi is not None)
            if lain + x > a.pagu:
                rencana.galat.append(
                    b.galat(
                        f"realisasi anggaran setahun menjadi Rp {capaian.format_rupiah(lain + x)}, melebihi pagu "
                        f"Rp {capaian.format_rupiah(a.pagu)}. Paling banyak Rp {capaian.format_rupiah(a.pagu - lain)} "
                        f"untuk TW {romawi}; periksa angkanya.",
                        "realisasi",
                        kolom_a,
                    )
                )
                continue
        rencana.catat(
            "buat" if at is None else "ubah",
            b,
            f"Sub Kegiatan {nomor} — anggaran TW {romawi}",
            [[f"Realisasi anggaran TW {romawi}", _fmt(lama, K.RUPIAH), _fmt(x, K.RUPIAH)]],
        )
        if at is None:
            baru.tambah(AnggaranTriwulan(anggaran=a, triwulan=tw, realisasi=x) if tulis else None)
        else:
            at.realisasi = x
            ubah.tambah(at)
    ubah.kuras()
    baru.kuras()

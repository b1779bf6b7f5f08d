"""Import of the realisasi of one triwulan (the Realisasi and Anggaran sheets).

One pass compares the streamed rows with the data of the OPD-year and records the writes; ``tulis``
replays them in batches. A row is the component (or sub kegiatan) its visible codes name; the
hidden key only checks it (``cocok.py``). Whatever grows with the plan or the workbook (the data
compared with, the keys already seen, the rows of an indicator, the writes) lives in
``rencana.gudang`` as compact tuples, never as model instances: memory stays flat however big the
OPD or the file.
"""

from __future__ import annotations

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

from . import cocok, terapkan
from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from .baca import Buku
from .gudang import Gudang
from .terapkan import (
    CATATAN,
    LEVEL,
    POTONGAN,
    TERKIRIM,
    Galat,
    Level,
    Rencana,
    _fmt,
    _pk,
    bidang_operator,
)


def hitung_realisasi(rencana: Rencana, buku: Buku, opd, tahun, tw, user, kunci_baris):
    """Compare the realisasi of triwulan ``tw``; the writes are recorded and replayed by ``rencana.tulis()``."""
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
    gudang = rencana.gudang
    tulisan = _Tulisan(gudang, tw, user)
    periksa = cocok.kunci_diperiksa(buku)

    # Components of this year's targets, by pk and by natural key (level, nomor, no. indikator, komponen ke).
    komponen = gudang.peta("tw_komponen")  # pk -> (indikator_id, komponen ke, bidang, label of the node, no. ind.)
    alami = gudang.peta("tw_alami")  # (level, nomor, no. indikator, komponen ke) -> pk
    ind_alami = gudang.peta("tw_ind_alami")  # (level, nomor, no. indikator) -> indikator_id
    jumlah_komponen = gudang.peta("tw_jumlah_komponen")  # indikator_id -> number of components
    for kid, iid, kurut, iurut, _uid, level, nomor, bid_unsur, bid_ind in (
        KomponenTarget.objects.filter(
            target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun, target__tahun=tahun
        )
        .values_list(
            "id",
            "target__indikator_id",
            "urutan",
            "target__indikator__urutan",
            "target__indikator__unsur_id",
            "target__indikator__unsur__level",
            "target__indikator__unsur__nomor",
            "target__indikator__unsur__bidang_id",
            "target__indikator__bidang_id",
        )
        .iterator(chunk_size=POTONGAN)
    ):
        # The owner of a row: the indicator's own bidang where set, else its node's (as on the entry form).
        komponen[kid] = (iid, kurut, bid_ind or bid_unsur, f"{Level(level).label} {nomor}", iurut)
        alami[(level, nomor, iurut, kurut)] = kid
        jumlah_komponen[iid] = jumlah_komponen.get(iid, 0) + 1
    for iid, iurut, level, nomor in (
        Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
        .values_list("id", "urutan", "unsur__level", "unsur__nomor")
        .iterator(chunk_size=POTONGAN)
    ):
        ind_alami[(level, nomor, iurut)] = iid
    # The Realisasi of the triwulan. Model instances (streamed, one at a time) rather than values_list:
    # only a model query can lock the realisasi rows alone (``of=("self",)``, not the joined unsur/OPD),
    # in primary-key order like the entry form, so an import and a concurrent form save cannot deadlock.
    qs = (
        Realisasi.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun, triwulan=tw)
        .only("indikator", "status", *CATATAN, "versi")
        .order_by("pk")
    )
    if kunci_baris:
        qs = qs.select_for_update(of=("self",))
    realisasi = gudang.peta("tw_realisasi")  # indikator_id -> (pk, status, (catatan…), versi)
    for r in qs.iterator(chunk_size=POTONGAN):
        realisasi[r.indikator_id] = (r.pk, r.status, tuple(getattr(r, n) for n in CATATAN), r.versi)
    nilai_ada = gudang.peta("tw_nilai")  # (realisasi pk, komponen pk) -> (pk, nilai)
    for pk, rid, kid, x in (
        NilaiRealisasi.objects.filter(
            realisasi__indikator__unsur__opd=opd, realisasi__indikator__unsur__tahun=tahun, realisasi__triwulan=tw
        )
        .order_by()
        .values_list("id", "realisasi_id", "komponen_id", "nilai")
        .iterator(chunk_size=POTONGAN)
    ):
        nilai_ada[(rid, kid)] = (pk, x)
    nama_bidang = dict(Bidang.objects.filter(opd=opd).values_list("id", "nama"))

    # Rows → per indicator (in the order of its first row): {komponen: value}, notes, first row.
    per_ind = gudang.peta("tw_per_ind")
    dilihat = gudang.peta("tw_dilihat")  # komponen pk -> row number
    for b in buku.lembar.get(K.LEMBAR_REALISASI, []):
        v = b.nilai
        level = LEVEL.get(v["level"].lower())
        urut = v["urutan"]
        kid = alami.get((level, v["nomor"], urut, v["komponen"]))
        kpk = _pk(v["kunci"], "K") if periksa else None
        k_kunci = komponen.get(kpk) if kpk is not None and kpk != kid else None
        if k_kunci is not None:
            tertulis = f"{Level(level).label if level else v['level'] or '?'} {v['nomor'] or '?'}"
            rencana.galat.append(
                cocok.galat_kunci(
                    b,
                    kolom_r,
                    f"{k_kunci[3]} — indikator {k_kunci[4]} komponen {k_kunci[1]}",
                    f"{tertulis} — indikator {urut or '?'} komponen {v['komponen'] or '?'}",
                    "level, nomor unsur, no. indikator dan komponennya",
                )
            )
            continue
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
        k = komponen[kid]
        baris_lain = dilihat.get(kid)
        if baris_lain is not None:
            rencana.galat.append(
                b.galat(
                    f"baris ganda: komponen ini sudah ada di baris {baris_lain}. Hapus salah satunya.",
                    "kunci",
                    kolom_r,
                )
            )
            continue
        dilihat[kid] = b.nomor
        iid, _kurut, bid, label_unsur, _iurut = k
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
            per_ind[iid] = {
                "iid": iid,
                "baris": b,
                "nilai": {kid: v["nilai"]},
                "catatan": catatan,
                "label": label_unsur,
            }
        else:
            data["nilai"][kid] = v["nilai"]
            per_ind[iid] = data  # a value read back is a copy
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

    for data in per_ind.values():
        iid, b, catatan = data["iid"], data["baris"], data["catatan"]
        r = realisasi.get(iid)  # (pk, status, (catatan…), versi) or None
        r_pk = r[0] if r is not None else None
        ada = {kid: nilai_ada.get((r_pk, kid)) if r is not None else None for kid in data["nilai"]}
        lama = {kid: a[1] if a is not None else None for kid, a in ada.items()}
        berubah = {kid: x for kid, x in data["nilai"].items() if lama[kid] != x}
        catatan_lama = dict(zip(CATATAN, r[2], strict=True)) if r is not None else dict.fromkeys(CATATAN, "")
        catatan_berubah = [n for n in CATATAN if catatan_lama[n] != catatan[n]]
        if not berubah and not catatan_berubah:
            rencana.tetap += 1
            continue
        if r is not None and r[1] in TERKIRIM:
            rencana.galat.append(
                b.galat(
                    f"realisasi indikator ini sudah {Realisasi.Status(r[1]).label.lower()}; minta verifikator "
                    "mengembalikannya (atau membukanya kembali) sebelum diubah lewat impor.",
                    "nilai",
                    kolom_r,
                )
            )
            continue
        rincian = [
            [f"Komponen ke-{komponen[kid][1]}", _fmt(lama[kid], K.ANGKA), _fmt(x, K.ANGKA)]
            for kid, x in berubah.items()
        ] + [[n.replace("_", " "), _fmt(catatan_lama[n]), _fmt(catatan[n])] for n in catatan_berubah]
        rencana.catat("buat" if r is None else "ubah", b, f"{data['label']} — indikator {b.nilai['urutan']}", rincian)
        isi_catatan = tuple(catatan[n] for n in CATATAN)
        if r is None:
            tulisan.buat_r.tambah((iid, isi_catatan))
        else:
            tulisan.ubah_r.tambah((r_pk, isi_catatan, r[3] + 1))
        for kid, x in berubah.items():
            if ada[kid] is not None:
                tulisan.ubah_n.tambah((ada[kid][0], x))
            elif x is not None:
                tulisan.buat_n.tambah((r_pk, iid, kid, x))

    _hitung_anggaran(rencana, buku, opd, tahun, tw, bidang_user, nama_bidang, tulisan, periksa)
    if rencana.ada_perubahan and not rencana.galat.jumlah:
        rencana._penulis.append(tulisan.tulis)


def _hitung_anggaran(rencana: Rencana, buku: Buku, opd, tahun, tw, bidang_user, nama_bidang, tulisan, periksa):
    """Compare the Anggaran sheet: a row is the sub kegiatan of its nomor (or, without one, of its kode)."""
    kolom_a = K.KOLOM_ANGGARAN
    romawi = K.ROMAWI[tw]
    gudang = rencana.gudang
    sub = gudang.peta("tw_sub")  # pk -> (nomor, nama, bidang)
    per_nomor = gudang.peta("tw_sub_nomor")  # nomor -> pk
    per_kode = gudang.peta("tw_sub_kode")  # kode -> pk
    for uid, nomor, kode, nama, bid in (
        Unsur.objects.filter(opd=opd, tahun=tahun, level=Level.SUB_KEGIATAN)
        .values_list("id", "nomor", "kode", "nama", "bidang_id")
        .iterator(chunk_size=POTONGAN)
    ):
        sub[uid] = (nomor, nama, bid)
        per_nomor[nomor] = uid
        if kode:
            per_kode[kode] = uid
    # sub kegiatan pk -> (anggaran pk, pagu, pk and realisasi of this triwulan's row, realisasi of the others)
    anggaran = gudang.peta("tw_anggaran")
    for uid, aid, murni, perubahan in (
        Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
        .values_list("unsur_id", "id", "pagu_murni", "pagu_perubahan")
        .iterator(chunk_size=POTONGAN)
    ):
        anggaran[uid] = (aid, perubahan if perubahan is not None else murni, None, None, 0)
    for uid, pk, w, x in (
        AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun)
        .values_list("anggaran__unsur_id", "id", "triwulan", "realisasi")
        .iterator(chunk_size=POTONGAN)
    ):
        aid, pagu, at_pk, lama, lain = anggaran[uid]
        if w == tw:
            at_pk, lama = pk, x
        elif x is not None:
            lain += x
        anggaran[uid] = (aid, pagu, at_pk, lama, lain)
    dilihat = gudang.peta("tw_sub_dilihat")  # sub kegiatan pk -> row number
    for b in buku.lembar.get(K.LEMBAR_ANGGARAN, []):
        v = b.nilai
        uid = per_nomor.get(v["nomor"]) if v["nomor"] else per_kode.get(v["kode"])
        lain = per_kode.get(v["kode"]) if v["nomor"] and v["kode"] else None
        if lain is not None and lain != uid:  # two readable codes naming two rows: no guess
            rencana.galat.append(
                b.galat(
                    f"nomor dan kode tidak cocok: kode {v['kode']} milik Sub Kegiatan {sub[lain][0]}, bukan "
                    f"Sub Kegiatan {v['nomor']}. Kembalikan nomor dan kode baris ini seperti di templat.",
                    "kode",
                    kolom_a,
                )
            )
            continue
        kpk = _pk(v["kunci"], "U") if periksa else None
        if kpk is not None and kpk != uid and kpk in sub:
            rencana.galat.append(
                cocok.galat_kunci(
                    b,
                    kolom_a,
                    f"Sub Kegiatan {sub[kpk][0]}",
                    f"Sub Kegiatan {v['nomor'] or v['kode'] or '?'}",
                    "nomor sub kegiatannya",
                )
            )
            continue
        s = sub.get(uid)
        if s is None:
            rencana.galat.append(
                b.galat(
                    f"sub kegiatan nomor '{v['nomor']}' tidak ada dalam rencana {tahun}. Jangan mengubah kolom "
                    "kunci dan nomor; unduh templat terbaru.",
                    "nomor",
                    kolom_a,
                )
            )
            continue
        baris_lain = dilihat.get(uid)
        if baris_lain is not None:
            rencana.galat.append(
                b.galat(f"baris ganda: sub kegiatan ini sudah ada di baris {baris_lain}. Hapus salah satunya.")
            )
            continue
        dilihat[uid] = b.nomor
        nomor, _nama, bid = s
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
        aid, pagu, at_pk, lama, lain = a
        if lama == x:
            rencana.tetap += 1
            continue
        if x is not None and lain + x > pagu:
            rencana.galat.append(
                b.galat(
                    f"realisasi anggaran setahun menjadi Rp {capaian.format_rupiah(lain + x)}, melebihi pagu "
                    f"Rp {capaian.format_rupiah(pagu)}. Paling banyak Rp {capaian.format_rupiah(pagu - lain)} "
                    f"untuk TW {romawi}; periksa angkanya.",
                    "realisasi",
                    kolom_a,
                )
            )
            continue
        rencana.catat(
            "buat" if at_pk is None else "ubah",
            b,
            f"Sub Kegiatan {nomor} — anggaran TW {romawi}",
            [[f"Realisasi anggaran TW {romawi}", _fmt(lama, K.RUPIAH), _fmt(x, K.RUPIAH)]],
        )
        if at_pk is None:
            tulisan.buat_at.tambah((aid, x))
        else:
            tulisan.ubah_at.tambah((at_pk, x))


class _Tulisan:
    """The writes recorded by the comparison (compact tuples in the gudang), replayed in batches by ``tulis``."""

    def __init__(self, gudang: Gudang, tw, user):
        self.tw, self.user = tw, user
        self.buat_r = gudang.daftar("tw_buat_r")  # (indikator_id, (catatan…))
        self.ubah_r = gudang.daftar("tw_ubah_r")  # (pk, (catatan…), versi)
        self.buat_n = gudang.daftar("tw_buat_n")  # (realisasi pk, or None when new: indikator_id, komponen_id, nilai)
        self.ubah_n = gudang.daftar("tw_ubah_n")  # (pk, nilai)
        self.buat_at = gudang.daftar("tw_buat_at")  # (anggaran_id, realisasi)
        self.ubah_at = gudang.daftar("tw_ubah_at")  # (pk, realisasi)
        self.pk_baru = gudang.peta("tw_pk_baru")  # indikator_id -> pk of its Realisasi created by ``tulis``

    def tulis(self):
        """Replay the recorded writes, ``UKURAN_BATCH`` objects at a time, with the importing user as history user.

        New Realisasi first: the values of a new Realisasi need its pk. A changed Realisasi goes
        (back) to draf with the next versi, as the entry form does.
        """
        tw, user, ukuran = self.tw, self.user, terapkan.UKURAN_BATCH
        for batch in self.buat_r.per_batch(ukuran):
            baru = [
                Realisasi(
                    indikator_id=iid, triwulan=tw, versi=1, diubah_oleh=user, **dict(zip(CATATAN, c, strict=True))
                )
                for iid, c in batch
            ]
            for r in bulk_create_with_history(baru, Realisasi, default_user=user):
                self.pk_baru[r.indikator_id] = r.pk
        sekarang = timezone.now()

        def ubah_r(r, catatan, versi):
            for n, isi in zip(CATATAN, catatan, strict=True):
                setattr(r, n, isi)
            r.versi, r.status, r.diubah_oleh, r.diubah_pada = versi, Realisasi.Status.DRAF, user, sekarang

        _ubah(self.ubah_r, Realisasi, [*CATATAN, "versi", "status", "diubah_oleh", "diubah_pada"], ubah_r, user)
        _ubah(self.ubah_n, NilaiRealisasi, ["nilai"], lambda n, x: setattr(n, "nilai", x), user)
        for batch in self.buat_n.per_batch(ukuran):
            baru = [
                NilaiRealisasi(realisasi_id=rid if rid is not None else self.pk_baru[iid], komponen_id=kid, nilai=x)
                for rid, iid, kid, x in batch
            ]
            bulk_create_with_history(baru, NilaiRealisasi, default_user=user)
        _ubah(self.ubah_at, AnggaranTriwulan, ["realisasi"], lambda at, x: setattr(at, "realisasi", x), user)
        for batch in self.buat_at.per_batch(ukuran):
            baru = [AnggaranTriwulan(anggaran_id=aid, triwulan=tw, realisasi=x) for aid, x in batch]
            bulk_create_with_history(baru, AnggaranTriwulan, default_user=user)


def _ubah(daftar, model, fields, atur, user):
    """Replay recorded updates ``(pk, *values)``: fetch each batch's rows whole (every field goes to the
    history row), ``atur(obj, *values)``, write them back with their history."""
    for batch in daftar.per_batch(terapkan.UKURAN_BATCH):
        objek = model.objects.order_by().in_bulk([pk for pk, *_ in batch])
        for pk, *isi in batch:
            atur(objek[pk], *isi)
        bulk_update_with_history([objek[pk] for pk, *_ in batch], model, fields, default_user=user)

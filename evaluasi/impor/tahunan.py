"""Import of the plan of a year (the Unsur, Indikator and Target sheets)."""

from __future__ import annotations

from django.db.models import Sum
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluasi import capaian
from evaluasi.laporan.target_tw import KOLOM_TW, dengan_target_triwulan
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Bidang,
    Indikator,
    KomponenTarget,
    Target,
    Unsur,
)

from . import cocok, target_triwulan, terapkan
from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from . import rincian as lembar_rincian
from .baca import Baris, Buku
from .terapkan import (
    LEVEL,
    POTONGAN,
    Level,
    Rencana,
    _fmt,
    _pk,
)

POLARITAS = set(Indikator.Polaritas.values)
METODE = set(Indikator.MetodeNegatif.values)
AGREGASI = set(Indikator.Agregasi.values)
LEVEL_PK = set(Indikator.LevelPK.values)
YA = {"ya": True, "y": True, "true": True, "1": True, "tidak": False, "t": False, "false": False, "0": False, "": False}


def _agregasi_bawaan(satuan):
    return capaian.POSISI_AKHIR if (satuan or "").strip().lower() in ("%", "nilai", "indeks") else capaian.KUMULATIF


_FIELD_INDIKATOR = (
    "urutan",
    "kunci",
    "nama",
    "satuan",
    "polaritas",
    "metode_negatif",
    "agregasi",
    "iku",
    "level_pk",
    "bidang",
    "definisi",
    "formula",
    "catatan",
)


_KOLOM_UNSUR_LAMA = ("pk", "level", "nomor", "induk_id", "kode", "nama", "sasaran", "bidang_id")
_KOLOM_INDIKATOR_LAMA = ("pk", "unsur_id", *(f if f != "bidang" else "bidang_id" for f in _FIELD_INDIKATOR))


class _Lama:
    """The plan of (opd, tahun) as it is, in the scratch store as compact tuples (a fixed number of queries).

    ``unsur`` pk -> (pk, level, nomor, induk_id, kode, nama, sasaran, bidang_id); ``unsur_alami``
    (level, nomor) -> pk; ``anggaran`` unsur pk -> (pk, pagu_murni, pagu_perubahan); ``terpakai``
    unsur pk -> realisasi anggaran recorded; ``indikator`` pk -> the fields of ``_KOLOM_INDIKATOR_LAMA``;
    ``ind_alami`` (unsur pk, urutan) -> pk; ``target`` (indikator pk, tahun) -> (pk, teks);
    ``komponen`` pk -> (pk, target pk, urutan, jumlah, satuan, indikator pk, tahun, target TW I..IV);
    ``komp_alami`` (target pk, urutan) -> pk.
    """

    def __init__(self, g, opd, tahun):
        per_opd = {"opd": opd, "tahun": tahun}
        self.unsur, self.unsur_alami = g.peta("l_unsur"), g.peta("l_unsur_alami")
        self.urutan_maks = 0
        for row in Unsur.objects.filter(**per_opd).values_list(*_KOLOM_UNSUR_LAMA, "urutan").iterator(POTONGAN):
            self.unsur[row[0]] = row[:-1]
            self.unsur_alami[(row[1], row[2])] = row[0]
            self.urutan_maks = max(self.urutan_maks, row[-1])
        self.anggaran, self.terpakai = g.peta("l_anggaran"), g.peta("l_terpakai")
        for pk, uid, murni, perubahan in (
            Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
            .values_list("pk", "unsur_id", "pagu_murni", "pagu_perubahan")
            .iterator(POTONGAN)
        ):
            self.anggaran[uid] = (pk, murni, perubahan)
        for uid, jumlah in (
            AnggaranTriwulan.objects.filter(
                anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, realisasi__isnull=False
            )
            .values_list("anggaran__unsur_id")
            .annotate(jumlah=Sum("realisasi"))
            .order_by()
            .iterator(POTONGAN)
        ):
            self.terpakai[uid] = jumlah
        self.indikator, self.ind_alami = g.peta("l_indikator"), g.peta("l_ind_alami")
        for row in (
            Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun)
            .values_list(*_KOLOM_INDIKATOR_LAMA)
            .iterator(POTONGAN)
        ):
            self.indikator[row[0]] = row
            self.ind_alami[(row[1], row[2])] = row[0]
        self.target = g.peta("l_target")
        for pk, iid, th, teks in (
            Target.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun)
            .values_list("pk", "indikator_id", "tahun", "teks")
            .iterator(POTONGAN)
        ):
            self.target[(iid, th)] = (pk, teks)
        self.komponen, self.komp_alami = g.peta("l_komponen"), g.peta("l_komp_alami")
        for row in (
            dengan_target_triwulan(
                KomponenTarget.objects.filter(target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun)
            )
            .values_list(
                "pk", "target_id", "urutan", "jumlah", "satuan", "target__indikator_id", "target__tahun", *KOLOM_TW
            )
            .iterator(POTONGAN)
        ):
            self.komponen[row[0]] = row
            self.komp_alami[(row[1], row[2])] = row[0]


def _teks_unsur(kunci):
    return f"{Level(kunci[0]).label} {kunci[1]}"


def _tertulis(level, v):
    """The node a row names, as written (its level may be unknown)."""
    return _teks_unsur((level, v["nomor"])) if level else f"{v['level'] or '?'} {v['nomor'] or '?'}"


def hitung_rencana(rencana: Rencana, buku: Buku, opd, tahun, user):
    """Compare the Unsur, Indikator and Target sheets with the plan of (opd, tahun); record the writes.

    One streamed pass per sheet (the Unsur rows are kept in the store for the checks that need every
    node: a parent may come after its child). A row is the node, indicator or component its codes
    name (level + nomor, no. indikator, tahun + komponen ke); the hidden key only checks it
    (``cocok.py``), so a node keeps its level and nomor. Everything kept across rows lives in
    ``rencana.gudang``: the plan as it is (``_Lama``), the keys seen, and the writes, which
    ``Rencana.tulis()`` replays in batches (``_tulis``). Nodes and indicators are named by an
    identity: their pk when they exist, minus their row number when the import creates them.
    """
    ku, ki, kt = K.KOLOM_UNSUR, K.KOLOM_INDIKATOR, K.KOLOM_TARGET
    g = rencana.gudang
    bidang = dict(Bidang.objects.filter(opd=opd).values_list("kode", "id"))
    kode_bidang = {v: k for k, v in bidang.items()}
    lama = _Lama(g, opd, tahun)
    urutan_berikut = lama.urutan_maks
    tulis = _Tulisan(g)
    periksa = cocok.kunci_diperiksa(buku)

    # Unsur, pass 1: find each row's node (existing, or new) and its key after the import.
    baris_unsur = g.peta("baris_unsur")  # row -> (row, level, nomor, identity, urutan if new, values, bad cells)
    diklaim = g.peta("unsur_diklaim")  # pk of an existing node -> row number
    kunci_berkas = g.peta("unsur_kunci_berkas")  # (level, nomor) -> row number
    for b in buku.lembar.get(K.LEMBAR_UNSUR, []):
        v = b.nilai
        level = LEVEL.get(v["level"].lower())
        if level is None:
            rencana.galat.append(
                b.galat(
                    f"level '{v['level']}' tidak dikenal. Pilih salah satu: {', '.join(Level.labels)}.", "level", ku
                )
            )
            continue
        if not v["nomor"]:
            rencana.galat.append(b.galat("nomor wajib diisi (mis. 12 atau 3.1).", "nomor", ku))
            continue
        if not v["nama"]:
            rencana.galat.append(b.galat("nama wajib diisi.", "nama", ku))
            continue
        kunci = (level, v["nomor"])
        pk = lama.unsur_alami.get(kunci)
        kpk = _pk(v["kunci"], "U") if periksa else None
        if kpk is not None and kpk != pk and kpk in lama.unsur:
            rencana.galat.append(
                cocok.galat_kunci(b, ku, _teks_unsur(lama.unsur[kpk][1:3]), _teks_unsur(kunci), "level dan nomornya")
            )  # the row still goes on as what its codes say: its children and indicators find it
        if kunci in kunci_berkas:
            sebelumnya = kunci_berkas[kunci]
            rencana.galat.append(
                b.galat(
                    f"baris ganda: {Level(level).label} nomor {v['nomor']} sudah ada di baris {sebelumnya}. "
                    "Hapus salah satunya.",
                    "nomor",
                    ku,
                )
            )
            continue
        kunci_berkas[kunci] = b.nomor
        if pk is None:
            urutan_berikut += 1
            identitas, urutan_baru = -b.nomor, urutan_berikut
        else:
            diklaim[pk] = b.nomor
            identitas, urutan_baru = pk, None
        baris_unsur[b.nomor] = (b.nomor, level, v["nomor"], identitas, urutan_baru, b.nilai, b.salah)
    akhir = g.peta("unsur_akhir")  # (level, nomor) after the import -> identity
    label = g.peta("unsur_label")  # identity -> (level, nomor) after the import
    kode_dipakai = g.peta("unsur_kode")  # kode -> identity
    for pk, level, nomor, _induk, kode, *_ in lama.unsur.values():
        if pk not in diklaim:
            akhir[(level, nomor)] = pk
            label[pk] = (level, nomor)
            if kode:
                kode_dipakai[kode] = pk
    for _baris, level, nomor, identitas, *_ in baris_unsur.values():
        akhir[(level, nomor)] = identitas  # a row is found by its level and nomor: it never takes another's
        label[identitas] = (level, nomor)

    def teks_label(identitas):
        kunci = label.get(identitas) or lama.unsur[identitas][1:3]
        return _teks_unsur(kunci)

    # Unsur, pass 2: parents, fields, budget.
    for nomor_baris, level, nomor, identitas, urutan_baru, nilai, salah in baris_unsur.values():
        b = Baris(K.LEMBAR_UNSUR, nomor_baris, nilai, None, salah)
        baru = identitas < 0
        u_lama = None if baru else lama.unsur[identitas]
        v = b.nilai
        galat_awal = rencana.galat.jumlah
        induk = induk_kunci = None
        if v["induk_level"] or v["induk_nomor"]:
            il = LEVEL.get(v["induk_level"].lower())
            induk_kunci = (il, v["induk_nomor"])
            induk = akhir.get(induk_kunci)
            if induk is None:
                rencana.galat.append(
                    b.galat(
                        f"induk '{v['induk_level']} {v['induk_nomor']}' tidak ada di lembar Unsur maupun di "
                        "sistem. Tulis level dan nomor induk persis seperti barisnya.",
                        "induk_nomor",
                        ku,
                    )
                )
            elif Unsur.kedalaman(il) >= Unsur.kedalaman(level):
                rencana.galat.append(
                    b.galat(
                        f"induk harus berada di level yang lebih tinggi dari {Level(level).label}.", "induk_level", ku
                    )
                )
        kode = v["kode"]
        if kode:
            pemilik = kode_dipakai.get(kode)
            if pemilik is not None and pemilik != identitas:
                rencana.galat.append(b.galat(f"kode {kode} sudah dipakai unsur lain. Kode harus unik.", "kode", ku))
            kode_dipakai[kode] = identitas
        bid = None
        if v["bidang"]:
            bid = bidang.get(v["bidang"])
            if bid is None:
                rencana.galat.append(
                    b.galat(
                        f"bidang '{v['bidang']}' tidak dikenal. Pilih salah satu kode: {', '.join(bidang)}.",
                        "bidang",
                        ku,
                    )
                )
        murni, perubahan = v["pagu_murni"], v["pagu_perubahan"]
        a = None if baru else lama.anggaran.get(identitas)  # (pk, pagu_murni, pagu_perubahan)
        terpakai = 0 if baru else lama.terpakai.get(identitas, 0)
        if b.salah & {"pagu_murni", "pagu_perubahan"}:
            pass  # the unreadable cell is already an error
        elif level != Level.SUB_KEGIATAN and (murni is not None or perubahan is not None):
            rencana.galat.append(
                b.galat(
                    "pagu hanya diisi pada Sub Kegiatan; pagu kegiatan, program dan seterusnya dihitung dari "
                    "jumlah sub kegiatannya. Kosongkan sel ini.",
                    "pagu_murni",
                    ku,
                )
            )
        elif murni is None and perubahan is not None:
            rencana.galat.append(b.galat("pagu perubahan diisi tanpa pagu murni. Isi pagu murni.", "pagu_murni", ku))
        elif murni is None and a is not None:
            rencana.galat.append(
                b.galat(
                    "pagu murni kosong padahal sub kegiatan ini sudah mempunyai anggaran. Isi pagu murninya "
                    f"(sekarang Rp {capaian.format_rupiah(a[1])}).",
                    "pagu_murni",
                    ku,
                )
            )
        elif murni is not None:
            berlaku = perubahan if perubahan is not None else murni
            if terpakai > berlaku:
                rencana.galat.append(
                    b.galat(
                        f"pagu berlaku Rp {capaian.format_rupiah(berlaku)} lebih kecil dari realisasi anggaran "
                        f"yang sudah tercatat (Rp {capaian.format_rupiah(terpakai)}).",
                        "pagu_perubahan" if perubahan is not None else "pagu_murni",
                        ku,
                    )
                )
        if rencana.galat.jumlah > galat_awal:
            continue

        baru_nilai = (level, nomor, induk, kode, v["nama"], v["sasaran"], bid)
        rincian = []
        if not baru:
            _, *lama_nilai = u_lama  # level, nomor, induk_id, kode, nama, sasaran, bidang_id
            for i, judul in ((3, "Kode"), (4, "Nama"), (5, "Sasaran")):  # level and nomor name the row
                if lama_nilai[i] != baru_nilai[i]:
                    rincian.append([judul, _fmt(lama_nilai[i]), _fmt(baru_nilai[i])])
            if lama_nilai[2] != induk:
                rincian.append(
                    [
                        "Induk",
                        _teks_unsur(lama.unsur[lama_nilai[2]][1:3]) if lama_nilai[2] else "-",
                        _teks_unsur(induk_kunci) if induk is not None else "-",
                    ]
                )
            if lama_nilai[6] != bid:
                rincian.append(["Bidang", _fmt(kode_bidang.get(lama_nilai[6])), _fmt(kode_bidang.get(bid))])
        if murni is not None:
            if a is None:
                tulis.anggaran_baru.tambah((identitas, murni, perubahan))
                rincian.append(["Pagu murni", "-", _fmt(murni, K.RUPIAH)])
                if perubahan is not None:
                    rincian.append(["Pagu perubahan", "-", _fmt(perubahan, K.RUPIAH)])
            elif (a[1], a[2]) != (murni, perubahan):
                if a[1] != murni:
                    rincian.append(["Pagu murni", _fmt(a[1], K.RUPIAH), _fmt(murni, K.RUPIAH)])
                if a[2] != perubahan:
                    rincian.append(["Pagu perubahan", _fmt(a[2], K.RUPIAH), _fmt(perubahan, K.RUPIAH)])
                tulis.anggaran_ubah.tambah((a[0], murni, perubahan))
        objek = _teks_unsur((level, nomor))
        if baru:
            tulis.unsur_baru.tambah((identitas, *baru_nilai, urutan_baru), kelompok=Unsur.kedalaman(level))
            rencana.catat("buat", b, objek, [["Nama", "-", v["nama"]], *rincian])
        elif rincian:
            if any(r[0] not in ("Pagu murni", "Pagu perubahan") for r in rincian):
                tulis.unsur_ubah.tambah((identitas, *baru_nilai))
            rencana.catat("ubah", b, objek, rincian)
        else:
            rencana.tetap += 1

    # Indikator.
    ind_akhir = g.peta("ind_akhir")  # (node identity, urutan) -> (identity, node identity, urutan)
    ind_dari_berkas = g.peta("ind_dari_berkas")  # pk of an existing indicator named by a row -> row
    judul_i = {k.nama: k.judul for k in ki}
    for b in buku.lembar.get(K.LEMBAR_INDIKATOR, []):
        v = b.nilai
        galat_awal = rencana.galat.jumlah
        level = LEVEL.get(v["level"].lower())
        u = akhir.get((level, v["nomor"]))
        ipk = lama.ind_alami.get((u, v["urutan"])) if u is not None and u > 0 else None
        kpk = _pk(v["kunci"], "I") if periksa else None
        if kpk is not None and kpk != ipk and kpk in lama.indikator:
            _, unsur_kunci, urutan_kunci, *_ = lama.indikator[kpk]
            rencana.galat.append(
                cocok.galat_kunci(
                    b,
                    ki,
                    f"{teks_label(unsur_kunci)} — indikator {urutan_kunci}",
                    f"{_tertulis(level, v)} — indikator {v['urutan'] or '?'}",
                    "level, nomor unsur dan no. indikatornya",
                )
            )
        if u is None:
            rencana.galat.append(
                b.galat(f"unsur '{v['level']} {v['nomor']}' tidak ada di lembar Unsur maupun di sistem.", "nomor", ki)
            )
            continue
        if not v["urutan"]:
            rencana.galat.append(b.galat("no. indikator wajib diisi (1, 2, …).", "urutan", ki))
            continue
        if not v["nama"]:
            rencana.galat.append(b.galat("nama indikator wajib diisi.", "nama", ki))
        kunci = (u, v["urutan"])
        if kunci in ind_akhir:
            rencana.galat.append(
                b.galat(f"baris ganda: indikator {v['urutan']} pada {teks_label(u)} ditulis dua kali.", "urutan", ki)
            )
            continue
        polaritas = v["polaritas"].lower() or capaian.POSITIF
        metode = v["metode_negatif"].lower() or capaian.SELISIH
        agregasi = v["agregasi"].lower() or _agregasi_bawaan(v["satuan"])
        iku = YA.get(v["iku"].lower())
        level_pk = v["level_pk"].lower()
        for nama, x, sah in (
            ("polaritas", polaritas, POLARITAS),
            ("metode_negatif", metode, METODE),
            ("agregasi", agregasi, AGREGASI),
            ("level_pk", level_pk, LEVEL_PK),
        ):
            if x not in sah:
                rencana.galat.append(
                    b.galat(f"'{x}' tidak dikenal. Pilih salah satu: {', '.join(s for s in sah if s)}.", nama, ki)
                )
        if iku is None:
            rencana.galat.append(b.galat("isi Ya atau Tidak.", "iku", ki))
        bid = None
        if v["bidang"]:
            bid = bidang.get(v["bidang"])
            if bid is None:
                rencana.galat.append(b.galat(f"bidang '{v['bidang']}' tidak dikenal.", "bidang", ki))
        if rencana.galat.jumlah > galat_awal:
            continue
        if ipk is not None:
            ind_dari_berkas[ipk] = b.nomor
        nilai_baru = (
            v["urutan"],
            v["kunci_indikator"],
            v["nama"],
            v["satuan"],
            polaritas,
            metode,
            agregasi,
            iku,
            level_pk,
            bid,
            v["definisi"],
            v["formula"],
            v["catatan"],
        )
        objek = f"{teks_label(u)} — indikator {v['urutan']}"
        identitas = ipk if ipk is not None else -b.nomor
        ind_akhir[kunci] = (identitas, u, v["urutan"])
        if ipk is None:
            tulis.indikator_baru.tambah((identitas, u, nilai_baru))
            rencana.catat("buat", b, objek, [["Nama", "-", v["nama"]]])
            continue
        _, _unsur, *nilai_lama = lama.indikator[ipk]  # the same node: the row's codes found it there
        rincian = []
        for nama, x_lama, x in zip(_FIELD_INDIKATOR, nilai_lama, nilai_baru, strict=True):
            if x_lama != x:
                kol = "kunci_indikator" if nama == "kunci" else nama
                if nama == "bidang":
                    x_lama, x = kode_bidang.get(x_lama), kode_bidang.get(x)
                rincian.append([judul_i.get(kol, nama), _fmt(x_lama), _fmt(x)])
        if rincian:
            tulis.indikator_ubah.tambah((ipk, u, nilai_baru))
            rencana.catat("ubah", b, objek, rincian)
        else:
            rencana.tetap += 1
    for pk, uid, urutan, *_ in lama.indikator.values():
        if pk not in ind_dari_berkas:
            ind_akhir.setdefault((uid, urutan), (pk, uid, urutan))

    # Target components (this year and the next: perjanjian kinerja).
    target_baru = g.peta("target_baru")  # (indicator identity, tahun) of a target this import creates
    teks_dari = g.peta("target_teks")  # (indicator identity, tahun) -> (teks, row)
    komp_dilihat = g.peta("komponen_dilihat")  # ((indicator identity, tahun), komponen ke) -> row
    for b in buku.lembar.get(K.LEMBAR_TARGET, []):
        v = b.nilai
        galat_awal = rencana.galat.jumlah
        level = LEVEL.get(v["level"].lower())
        u = akhir.get((level, v["nomor"]))
        i = ind_akhir.get((u, v["urutan"])) if u is not None else None
        th, urut = v["tahun"], v["komponen"]
        kpk = _pk(v["kunci"], "K") if periksa else None
        k_kunci = lama.komponen.get(kpk) if kpk is not None else None  # (pk, target, urutan, jumlah, satuan, ind, th)
        if k_kunci is not None and (k_kunci[5], k_kunci[6], k_kunci[2]) != (i[0] if i else None, th, urut):
            _, unsur_kunci, urutan_kunci, *_ = lama.indikator[k_kunci[5]]
            ditunjuk = f"{teks_label(unsur_kunci)} — indikator {urutan_kunci}, target {k_kunci[6]}"
            ditunjuk += f" komponen {k_kunci[2]}"
            tertulis = f"{_tertulis(level, v)} — indikator {v['urutan'] or '?'}, target {th or '?'}"
            tertulis += f" komponen {urut or '?'}"
            pengenal = "level, nomor unsur, no. indikator, tahun target dan komponennya"
            rencana.galat.append(cocok.galat_kunci(b, kt, ditunjuk, tertulis, pengenal))
            continue
        if i is None:
            rencana.galat.append(
                b.galat(
                    f"indikator {v['urutan'] or '?'} pada {v['level'] or '?'} {v['nomor'] or '?'} tidak ada di "
                    "lembar Indikator maupun di sistem.",
                    "urutan",
                    kt,
                )
            )
            continue
        if th not in (tahun, tahun + 1):
            rencana.galat.append(
                b.galat(f"tahun target harus {tahun} atau {tahun + 1} (perjanjian kinerja).", "tahun", kt)
            )
        if not urut:
            rencana.galat.append(b.galat("komponen ke wajib diisi (1, 2, …).", "komponen", kt))
        if v["jumlah"] is None and "jumlah" not in b.salah:
            rencana.galat.append(b.galat("jumlah target wajib diisi (angka 0 atau lebih).", "jumlah", kt))
        if rencana.galat.jumlah > galat_awal:
            continue
        identitas, u, urutan_i = i
        kunci_t = (identitas, th)
        sebelumnya = komp_dilihat.get((kunci_t, urut))
        if sebelumnya is not None:
            rencana.galat.append(
                b.galat(
                    f"baris ganda: komponen ke-{urut} target {th} indikator ini sudah ada di baris "
                    f"{sebelumnya}. Hapus salah satunya.",
                    "komponen",
                    kt,
                )
            )
            continue
        komp_dilihat[(kunci_t, urut)] = b.nomor
        teks = teks_dari.get(kunci_t)
        if teks is not None:
            if v["teks"] and v["teks"] != teks[0]:
                rencana.galat.append(
                    b.galat(
                        f"teks target berbeda dengan baris {teks[1]} untuk target yang sama. "
                        "Samakan, atau kosongkan sel ini.",
                        "teks",
                        kt,
                    )
                )
                continue
        else:
            teks = teks_dari[kunci_t] = (v["teks"], b.nomor)
        t = lama.target.get(kunci_t) if identitas > 0 else None  # (pk, teks)
        rincian = []
        if t is None:
            if kunci_t not in target_baru:
                target_baru[kunci_t] = True
                tulis.target_baru.tambah((kunci_t, v["teks"]))
            k = None
        else:
            if t[1] != v["teks"] and teks[1] == b.nomor:
                rincian.append(["Teks target", _fmt(t[1]), _fmt(v["teks"])])
                tulis.target_ubah.tambah((t[0], v["teks"]))
            k = k_kunci or lama.komponen.get(lama.komp_alami.get((t[0], urut)))  # a key that checked out is it
        objek = f"{teks_label(u)} — indikator {urutan_i}, target {th} komponen {urut}"
        if k is None:
            tulis.komponen_baru.tambah((t[0] if t is not None else kunci_t, urut, v["jumlah"], v["satuan"]))
            tw = target_triwulan.bandingkan(tulis.tw, (t[0] if t is not None else kunci_t, urut), (None,) * 4, v)
            rencana.catat(
                "buat", b, objek, [["Jumlah", "-", _fmt(v["jumlah"], K.ANGKA)], ["Satuan", "-", v["satuan"]], *tw]
            )
            continue
        rincian += target_triwulan.bandingkan(tulis.tw, k[0], tuple(k[7:11]), v)
        if k[3] != v["jumlah"]:
            rincian.append(["Jumlah", _fmt(k[3], K.ANGKA), _fmt(v["jumlah"], K.ANGKA)])
        if k[4] != v["satuan"]:
            rincian.append(["Satuan", _fmt(k[4]), _fmt(v["satuan"])])
        if k[3] != v["jumlah"] or k[4] != v["satuan"]:
            tulis.komponen_ubah.tambah((k[0], v["jumlah"], v["satuan"]))
        if rincian:
            rencana.catat("ubah", b, objek, rincian)
        else:
            rencana.tetap += 1

    if rencana.ada_perubahan:
        rencana._penulis.append(lambda: tulis.terapkan(opd, tahun, user))
    lembar_rincian.hitung_rincian(rencana, buku, opd, tahun, akhir, ind_akhir, tulis.pk_baru)  # needs new pks


class _Tulisan:
    """The writes an import recorded (in the scratch store), replayed in batches by ``terapkan``.

    New objects are named by identity (nodes, indicators: minus their row; targets: (indicator
    identity, tahun)); each batch written records the new pks, which later batches look up. Updates
    fetch their batch's instances first, so the history rows carry every field.
    """

    def __init__(self, g):
        self.g = g
        for nama in (
            "unsur_baru",  # (identity, level, nomor, induk identity, kode, nama, sasaran, bidang, urutan); by depth
            "unsur_ubah",  # (pk, level, nomor, induk identity, kode, nama, sasaran, bidang)
            "anggaran_baru",  # (node identity, pagu murni, pagu perubahan)
            "anggaran_ubah",  # (pk, pagu murni, pagu perubahan)
            "indikator_baru",  # (identity, node identity, fields of _FIELD_INDIKATOR)
            "indikator_ubah",  # (pk, node identity, fields)
            "target_baru",  # ((indicator identity, tahun), teks)
            "target_ubah",  # (pk, teks)
            "komponen_baru",  # (target pk or (indicator identity, tahun), urutan, jumlah, satuan)
            "komponen_ubah",  # (pk, jumlah, satuan)
            "tw",  # (komponen pk or ((target pk or key), urutan), (target TW I..IV)): target_triwulan.py
        ):
            setattr(self, nama, g.daftar(f"t_{nama}"))
        self.pk_baru = g.peta("t_pk_baru")  # identity (negative) of a new node or indicator -> pk, once written

    def terapkan(self, opd, tahun, user):
        n = terapkan.UKURAN_BATCH  # read now: a test makes it small
        pk_baru = self.pk_baru  # identity (negative) of a new node or indicator -> pk

        def pk_unsur(identitas):
            return identitas if identitas is None or identitas > 0 else pk_baru[("u", identitas)]

        def pk_indikator(identitas):
            return identitas if identitas > 0 else pk_baru[("i", identitas)]

        def pk_target(kunci):
            return kunci if isinstance(kunci, int) else pk_baru[("t", kunci)]

        for batch in self.unsur_baru.per_batch(n):  # by depth: every parent is written before its children
            objek = [
                Unsur(
                    opd=opd,
                    tahun=tahun,
                    level=level,
                    nomor=nomor,
                    induk_id=pk_unsur(induk),
                    kode=kode,
                    nama=nama,
                    sasaran=sasaran,
                    bidang_id=bid,
                    urutan=urutan,
                )
                for _, level, nomor, induk, kode, nama, sasaran, bid, urutan in batch
            ]
            Unsur.objects.bulk_create(objek)
            for (identitas, *_), u in zip(batch, objek, strict=True):
                pk_baru[("u", identitas)] = u.pk
        medan_unsur = ("level", "nomor", "induk_id", "kode", "nama", "sasaran", "bidang_id")
        for batch in self.unsur_ubah.per_batch(n):
            ada = Unsur.objects.in_bulk([pk for pk, *_ in batch])
            for pk, *nilai in batch:
                nilai[2] = pk_unsur(nilai[2])
                for nama, x in zip(medan_unsur, nilai, strict=True):
                    setattr(ada[pk], nama, x)
            Unsur.objects.bulk_update(list(ada.values()), [m.removesuffix("_id") for m in medan_unsur])
        for batch in self.anggaran_baru.per_batch(n):
            objek = [Anggaran(unsur_id=pk_unsur(u), pagu_murni=m, pagu_perubahan=p) for u, m, p in batch]
            bulk_create_with_history(objek, Anggaran, default_user=user)
        for batch in self.anggaran_ubah.per_batch(n):
            ada = Anggaran.objects.in_bulk([pk for pk, *_ in batch])
            for pk, murni, perubahan in batch:
                ada[pk].pagu_murni, ada[pk].pagu_perubahan = murni, perubahan
            bulk_update_with_history(list(ada.values()), Anggaran, ["pagu_murni", "pagu_perubahan"], default_user=user)
        for batch in self.indikator_baru.per_batch(n):
            objek = [
                Indikator(unsur_id=pk_unsur(u), **dict(zip(_MEDAN_INDIKATOR, nilai, strict=True)))
                for _, u, nilai in batch
            ]
            Indikator.objects.bulk_create(objek)
            for (identitas, *_), i in zip(batch, objek, strict=True):
                pk_baru[("i", identitas)] = i.pk
        for batch in self.indikator_ubah.per_batch(n):
            ada = Indikator.objects.in_bulk([pk for pk, *_ in batch])
            for pk, u, nilai in batch:
                ada[pk].unsur_id = pk_unsur(u)
                for nama, x in zip(_MEDAN_INDIKATOR, nilai, strict=True):
                    setattr(ada[pk], nama, x)
            Indikator.objects.bulk_update(list(ada.values()), ["unsur", *_FIELD_INDIKATOR])
        for batch in self.target_baru.per_batch(n):
            objek = [Target(indikator_id=pk_indikator(i), tahun=th, teks=teks) for (i, th), teks in batch]
            bulk_create_with_history(objek, Target, default_user=user)
            for (kunci, _), t in zip(batch, objek, strict=True):
                pk_baru[("t", kunci)] = t.pk
        for batch in self.target_ubah.per_batch(n):
            ada = Target.objects.in_bulk([pk for pk, _ in batch])
            for pk, teks in batch:
                ada[pk].teks = teks
            bulk_update_with_history(list(ada.values()), Target, ["teks"], default_user=user)
        for batch in self.komponen_baru.per_batch(n):
            objek = [
                KomponenTarget(target_id=pk_target(t), urutan=urutan, jumlah=jumlah, satuan=satuan)
                for t, urutan, jumlah, satuan in batch
            ]
            bulk_create_with_history(objek, KomponenTarget, default_user=user)
        for batch in self.komponen_ubah.per_batch(n):
            ada = KomponenTarget.objects.in_bulk([pk for pk, *_ in batch])
            for pk, jumlah, satuan in batch:
                ada[pk].jumlah, ada[pk].satuan = jumlah, satuan
            bulk_update_with_history(list(ada.values()), KomponenTarget, ["jumlah", "satuan"], default_user=user)
        target_triwulan.terapkan(self.tw.per_batch(n), pk_target, user)


_MEDAN_INDIKATOR = tuple("bidang_id" if f == "bidang" else f for f in _FIELD_INDIKATOR)

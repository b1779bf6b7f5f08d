"""Import of the plan of a year (the Unsur, Indikator and Target sheets)."""

from __future__ import annotations

from collections import defaultdict

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluasi import capaian
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Bidang,
    Indikator,
    KomponenTarget,
    Target,
    Unsur,
)

from . import kolom as K  # noqa: N812 - short: K.KOLOM_REALISASI reads like the layout
from .baca import Buku
from .terapkan import (
    LEVEL,
    UKURAN_BATCH,
    Level,
    Rencana,
    _Antrean,
    _fmt,
    _pk,
    _tulis_ulang,
)

POLARITAS = set(Indikator.Polaritas.values)
METODE = set(Indikator.MetodeNegatif.values)
AGREGASI = set(Indikator.Agregasi.values)
LEVEL_PK = set(Indikator.LevelPK.values)
YA = {"ya": True, "y": True, "true": True, "1": True, "tidak": False, "t": False, "false": False, "0": False, "": False}


def _agregasi_bawaan(satuan):
    return capaian.POSISI_AKHIR if (satuan or "").strip().lower() in ("%", "nilai", "indeks") else capaian.KUMULATIF


def _label_unsur(u):
    return f"{Level(u.level).label} {u.nomor}"


def hitung_rencana(rencana: Rencana, buku: Buku, opd, tahun, user, tulis=False):
    """Compare (``tulis=False``: keep counts, a sample of changes and the hash, no pending object) or write.

    With ``tulis=True`` (the second pass of ``Rencana.tulis``, only when the first found no error) the
    very same comparison runs again over the streamed sheets and writes as it goes: the nodes (and
    their budget) once the Unsur sheet is read, then indicators, targets and components in batches of
    ``UKURAN_BATCH``, each batch released once written. Between the sheets only compact keys are kept.
    """
    ku, ki, kt = K.KOLOM_UNSUR, K.KOLOM_INDIKATOR, K.KOLOM_TARGET
    bidang = dict(Bidang.objects.filter(opd=opd).values_list("kode", "id"))
    kode_bidang = {v: k for k, v in bidang.items()}
    unsur = {u.pk: u for u in Unsur.objects.filter(opd=opd, tahun=tahun)}
    unsur_alami = {(u.level, u.nomor): u for u in unsur.values()}
    indikator = {i.pk: i for i in Indikator.objects.filter(unsur__opd=opd, unsur__tahun=tahun)}
    ind_alami = {(i.unsur_id, i.urutan): i for i in indikator.values()}
    target = {
        (t.indikator_id, t.tahun): t
        for t in Target.objects.filter(indikator__unsur__opd=opd, indikator__unsur__tahun=tahun)
    }
    komponen = {
        k.pk: k
        for k in KomponenTarget.objects.filter(
            target__indikator__unsur__opd=opd, target__indikator__unsur__tahun=tahun
        ).select_related("target")
    }
    komp_alami = {(k.target_id, k.urutan): k for k in komponen.values()}
    anggaran = {a.unsur_id: a for a in Anggaran.objects.filter(unsur__opd=opd, unsur__tahun=tahun)}
    terpakai = defaultdict(int)
    for uid, rp in AnggaranTriwulan.objects.filter(
        anggaran__unsur__opd=opd, anggaran__unsur__tahun=tahun, realisasi__isnull=False
    ).values_list("anggaran__unsur_id", "realisasi"):
        terpakai[uid] += rp
    urutan_berikut = max((u.urutan for u in unsur.values()), default=0)

    # Unsur, pass 1: find each row's node (existing, or new) and its key after the import.
    baris_unsur = []  # (baris, Unsur instance, level, is_new)
    diklaim = {}  # pk of an existing node -> row number
    kunci_berkas = {}  # (level, nomor) -> row number
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
        u = unsur.get(_pk(v["kunci"], "U")) or unsur_alami.get((level, v["nomor"]))
        kunci = (level, v["nomor"])
        if kunci in kunci_berkas or (u is not None and u.pk in diklaim):
            sebelumnya = kunci_berkas.get(kunci) or diklaim.get(u.pk)
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
        baru = u is None
        if baru:
            urutan_berikut += 1
            u = Unsur(opd=opd, tahun=tahun, level=level, nomor=v["nomor"], nama=v["nama"], urutan=urutan_berikut)
        else:
            diklaim[u.pk] = b.nomor
        baris_unsur.append((b, u, level, baru))
    akhir = {(u.level, u.nomor): u for u in unsur.values() if u.pk not in diklaim}
    dari_berkas = set(diklaim)
    sah = []
    for b, u, level, baru in baris_unsur:
        kunci = (level, b.nilai["nomor"])
        if kunci in akhir:
            rencana.galat.append(
                b.galat(
                    f"{Level(level).label} nomor {kunci[1]} sudah dipakai unsur lain dalam sistem. Pakai nomor lain.",
                    "nomor",
                    ku,
                )
            )
            continue
        akhir[kunci] = u
        sah.append((b, u, level, baru))
    baris_unsur = sah

    # Unsur, pass 2: parents, fields, budget.
    kode_dipakai = {u.kode: u for u in unsur.values() if u.kode and u.pk not in dari_berkas}
    buat_u, ubah_u, buat_ang, ubah_ang = [], [], [], []
    for b, u, level, baru in baris_unsur:
        v = b.nilai
        galat_awal = len(rencana.galat)
        induk = None
        if v["induk_level"] or v["induk_nomor"]:
            il = LEVEL.get(v["induk_level"].lower())
            induk = akhir.get((il, v["induk_nomor"]))
            if induk is None:
                rencana.galat.append(
                    b.galat(
                        f"induk '{v['induk_level']} {v['induk_nomor']}' tidak ada di lembar Unsur maupun di "
                        "sistem. Tulis level dan nomor induk persis seperti barisnya.",
                        "induk_nomor",
                        ku,
                    )
                )
            elif Unsur.kedalaman(induk.level) >= Unsur.kedalaman(level):
                rencana.galat.append(
                    b.galat(
                        f"induk harus berada di level yang lebih tinggi dari {Level(level).label}.", "induk_level", ku
                    )
                )
        kode = v["kode"]
        if kode:
            if kode in kode_dipakai and kode_dipakai[kode] is not u:
                rencana.galat.append(b.galat(f"kode {kode} sudah dipakai unsur lain. Kode harus unik.", "kode", ku))
            kode_dipakai[kode] = u
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
        a = anggaran.get(u.pk) if u.pk else None
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
                    f"(sekarang Rp {capaian.format_rupiah(a.pagu_murni)}).",
                    "pagu_murni",
                    ku,
                )
            )
        elif murni is not None:
            berlaku = perubahan if perubahan is not None else murni
            if u.pk and terpakai.get(u.pk, 0) > berlaku:
                rencana.galat.append(
                    b.galat(
                        f"pagu berlaku Rp {capaian.format_rupiah(berlaku)} lebih kecil dari realisasi anggaran "
                        f"yang sudah tercatat (Rp {capaian.format_rupiah(terpakai[u.pk])}).",
                        "pagu_perubahan" if perubahan is not None else "pagu_murni",
                        ku,
                    )
                )
        if len(rencana.galat) > galat_awal:
            continue

        nilai_baru = {
            "level": level,
            "nomor": v["nomor"],
            "induk": induk,
            "kode": kode,
            "nama": v["nama"],
            "sasaran": v["sasaran"],
            "bidang_id": bid,
        }
        rincian = []
        if not baru:
            for nama, judul in (
                ("level", "Level"),
                ("nomor", "Nomor"),
                ("kode", "Kode"),
                ("nama", "Nama"),
                ("sasaran", "Sasaran"),
            ):
                if getattr(u, nama) != nilai_baru[nama]:
                    rincian.append([judul, _fmt(getattr(u, nama)), _fmt(nilai_baru[nama])])
            induk_lama = unsur.get(u.induk_id)
            if induk_lama is not induk:
                rincian.append(
                    ["Induk", _label_unsur(induk_lama) if induk_lama else "-", _label_unsur(induk) if induk else "-"]
                )
            if u.bidang_id != bid:
                rincian.append(["Bidang", _fmt(kode_bidang.get(u.bidang_id)), _fmt(kode_bidang.get(bid))])
        for nama, x in nilai_baru.items():
            setattr(u, nama, x)
        if murni is not None:
            if a is None:
                a = Anggaran(unsur=u, pagu_murni=murni, pagu_perubahan=perubahan)
                if tulis:
                    buat_ang.append(a)
                rincian.append(["Pagu murni", "-", _fmt(murni, K.RUPIAH)])
                if perubahan is not None:
                    rincian.append(["Pagu perubahan", "-", _fmt(perubahan, K.RUPIAH)])
            elif (a.pagu_murni, a.pagu_perubahan) != (murni, perubahan):
                if a.pagu_murni != murni:
                    rincian.append(["Pagu murni", _fmt(a.pagu_murni, K.RUPIAH), _fmt(murni, K.RUPIAH)])
                if a.pagu_perubahan != perubahan:
                    rincian.append(["Pagu perubahan", _fmt(a.pagu_perubahan, K.RUPIAH), _fmt(perubahan, K.RUPIAH)])
                a.pagu_murni, a.pagu_perubahan = murni, perubahan
                if tulis:
                    ubah_ang.append(a)
        if baru:
            if tulis:
                buat_u.append(u)
            rencana.catat("buat", b, _label_unsur(u), [["Nama", "-", u.nama], *rincian])
        elif rincian:
            if tulis and any(r[0] not in ("Pagu murni", "Pagu perubahan") for r in rincian):
                ubah_u.append(u)
            rencana.catat("ubah", b, _label_unsur(u), rincian)
        else:
            rencana.tetap += 1

    if tulis:
        _tulis_unsur(user, buat_u, ubah_u, buat_ang, ubah_ang)
        buat_u = ubah_u = buat_ang = ubah_ang = None

    # Indikator.
    ind_akhir = {}  # (id(unsur), urutan) -> _Ind (compact: pk, node, urutan)
    ind_per_pk = {}  # pk of an existing indicator -> its _Ind
    ind_dari_berkas = set()
    buat_i = _Antrean(tulis, _buat_indikator)
    ubah_i = _Antrean(tulis, _ubah_indikator)
    for b in buku.lembar.get(K.LEMBAR_INDIKATOR, []):
        v = b.nilai
        galat_awal = len(rencana.galat)
        level = LEVEL.get(v["level"].lower())
        u = akhir.get((level, v["nomor"]))
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
        i = indikator.get(_pk(v["kunci"], "I")) or (ind_alami.get((u.pk, v["urutan"])) if u.pk else None)
        kunci = (id(u), v["urutan"])
        if kunci in ind_akhir or (i is not None and i.pk in ind_dari_berkas):
            rencana.galat.append(
                b.galat(f"baris ganda: indikator {v['urutan']} pada {_label_unsur(u)} ditulis dua kali.", "urutan", ki)
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
        if len(rencana.galat) > galat_awal:
            continue
        if i is not None:
            ind_dari_berkas.add(i.pk)
        lain = ind_alami.get((u.pk, v["urutan"])) if u.pk else None
        if lain is not None and lain is not i and lain.pk not in ind_dari_berkas:
            rencana.galat.append(
                b.galat(
                    f"no. indikator {v['urutan']} pada {_label_unsur(u)} sudah dipakai indikator lain. "
                    "Pakai nomor lain.",
                    "urutan",
                    ki,
                )
            )
            continue
        nilai_baru = {
            "urutan": v["urutan"],
            "kunci": v["kunci_indikator"],
            "nama": v["nama"],
            "satuan": v["satuan"],
            "polaritas": polaritas,
            "metode_negatif": metode,
            "agregasi": agregasi,
            "iku": iku,
            "level_pk": level_pk,
            "bidang_id": bid,
            "definisi": v["definisi"],
            "formula": v["formula"],
            "catatan": v["catatan"],
        }
        objek = f"{_label_unsur(u)} — indikator {v['urutan']}"
        entri = _Ind(i.pk if i is not None else None, u, v["urutan"])
        ind_akhir[kunci] = entri
        if i is None:
            buat_i.tambah((Indikator(unsur=u, **nilai_baru), entri) if tulis else None)
            rencana.catat("buat", b, objek, [["Nama", "-", v["nama"]]])
            continue
        ind_per_pk[i.pk] = entri
        judul = {k.nama: k.judul for k in ki}
        rincian = []
        for nama, x in nilai_baru.items():
            lama = getattr(i, nama)
            if lama != x:
                kol = "kunci_indikator" if nama == "kunci" else ("bidang" if nama == "bidang_id" else nama)
                if nama == "bidang_id":
                    lama, x = kode_bidang.get(lama), kode_bidang.get(x)
                rincian.append([judul.get(kol, nama), _fmt(lama), _fmt(x)])
        if i.unsur_id != u.pk:
            rincian.append(["Unsur", _label_unsur(unsur[i.unsur_id]), _label_unsur(u)])
        for nama, x in nilai_baru.items():
            setattr(i, nama, x)
        i.unsur = u
        if rincian:
            ubah_i.tambah(i)
            rencana.catat("ubah", b, objek, rincian)
        else:
            rencana.tetap += 1
    buat_i.kuras()
    ubah_i.kuras()
    for i in indikator.values():
        if i.pk not in ind_dari_berkas:
            u = unsur[i.unsur_id]
            ind_per_pk[i.pk] = entri = _Ind(i.pk, u, i.urutan)
            ind_akhir.setdefault((id(u), i.urutan), entri)

    # Target components (this year and the next: perjanjian kinerja).
    target_baru = {}  # (indicator's identity, tahun) -> new Target (pk once written; None when only checking)
    buat_t = _Antrean(tulis, lambda batch: _buat_target(user, batch, target_baru))
    ubah_t = _Antrean(tulis, lambda batch: bulk_update_with_history(batch, Target, ["teks"], default_user=user))
    buat_k = _Antrean(tulis, lambda batch: _buat_komponen(user, batch, buat_t))
    ubah_k = _Antrean(
        tulis, lambda batch: bulk_update_with_history(batch, KomponenTarget, ["jumlah", "satuan"], default_user=user)
    )
    teks_dari = {}  # (id(indikator), tahun) -> (teks, row)
    komp_dilihat = {}
    for b in buku.lembar.get(K.LEMBAR_TARGET, []):
        v = b.nilai
        galat_awal = len(rencana.galat)
        k_lama = komponen.get(_pk(v["kunci"], "K"))
        if k_lama is not None:
            i = ind_per_pk.get(k_lama.target.indikator_id)
            if i is None:  # its row was refused: the indicator as it is
                lama = indikator[k_lama.target.indikator_id]
                i = _Ind(lama.pk, unsur[lama.unsur_id], lama.urutan)
        else:
            level = LEVEL.get(v["level"].lower())
            u = akhir.get((level, v["nomor"]))
            i = ind_akhir.get((id(u), v["urutan"])) if u is not None else None
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
        th = k_lama.target.tahun if k_lama is not None else v["tahun"]
        if th not in (tahun, tahun + 1):
            rencana.galat.append(
                b.galat(f"tahun target harus {tahun} atau {tahun + 1} (perjanjian kinerja).", "tahun", kt)
            )
        urut = k_lama.urutan if k_lama is not None else v["komponen"]
        if not urut:
            rencana.galat.append(b.galat("komponen ke wajib diisi (1, 2, …).", "komponen", kt))
        if v["jumlah"] is None and "jumlah" not in b.salah:
            rencana.galat.append(b.galat("jumlah target wajib diisi (angka 0 atau lebih).", "jumlah", kt))
        if len(rencana.galat) > galat_awal:
            continue
        kunci_t = (i.identitas(), th)
        if (kunci_t, urut) in komp_dilihat:
            rencana.galat.append(
                b.galat(
                    f"baris ganda: komponen ke-{urut} target {th} indikator ini sudah ada di baris "
                    f"{komp_dilihat[(kunci_t, urut)]}. Hapus salah satunya.",
                    "komponen",
                    kt,
                )
            )
            continue
        komp_dilihat[(kunci_t, urut)] = b.nomor
        if kunci_t in teks_dari:
            if v["teks"] and v["teks"] != teks_dari[kunci_t][0]:
                rencana.galat.append(
                    b.galat(
                        f"teks target berbeda dengan baris {teks_dari[kunci_t][1]} untuk target yang sama. "
                        "Samakan, atau kosongkan sel ini.",
                        "teks",
                        kt,
                    )
                )
                continue
        else:
            teks_dari[kunci_t] = (v["teks"], b.nomor)
        t = target.get((i.pk, th)) if i.pk else None
        rincian = []
        if t is None:
            if kunci_t not in target_baru:
                t_baru = Target(indikator_id=i.pk, tahun=th, teks=v["teks"]) if tulis else None
                if t_baru is not None:
                    t_baru.kunci_impor = kunci_t
                target_baru[kunci_t] = t_baru
                buat_t.tambah(t_baru)
            k = None
        else:
            if t.teks != v["teks"] and teks_dari[kunci_t][1] == b.nomor:
                rincian.append(["Teks target", _fmt(t.teks), _fmt(v["teks"])])
                t.teks = v["teks"]
                ubah_t.tambah(t)
            k = k_lama if k_lama is not None else komp_alami.get((t.pk, urut))
        objek = f"{_label_unsur(i.unsur)} — indikator {i.urutan}, target {th} komponen {urut}"
        if k is None:
            if tulis:
                induk_t = t if t is not None else target_baru[kunci_t]
                kt_baru = KomponenTarget(urutan=urut, jumlah=v["jumlah"], satuan=v["satuan"])
                if isinstance(induk_t, int):
                    kt_baru.target_id = induk_t  # its target was written in an earlier batch
                else:
                    kt_baru.target = induk_t
                buat_k.tambah(kt_baru)
            rencana.catat("buat", b, objek, [["Jumlah", "-", _fmt(v["jumlah"], K.ANGKA)], ["Satuan", "-", v["satuan"]]])
            continue
        if k.jumlah != v["jumlah"]:
            rincian.append(["Jumlah", _fmt(k.jumlah, K.ANGKA), _fmt(v["jumlah"], K.ANGKA)])
        if k.satuan != v["satuan"]:
            rincian.append(["Satuan", _fmt(k.satuan), _fmt(v["satuan"])])
        if k.jumlah != v["jumlah"] or k.satuan != v["satuan"]:
            k.jumlah, k.satuan = v["jumlah"], v["satuan"]
            ubah_k.tambah(k)
        if rincian:
            rencana.catat("ubah", b, objek, rincian)
        else:
            rencana.tetap += 1

    if tulis:
        for antrean in (buat_t, ubah_t, buat_k, ubah_k):
            antrean.kuras()
    elif rencana.ada_perubahan:
        # The writes are not kept: the confirm streams the sheets a second time and writes in batches.
        rencana._penulis.append(
            lambda: _tulis_ulang(rencana, lambda kedua: hitung_rencana(kedua, buku, opd, tahun, user, tulis=True))
        )


class _Ind:
    """What the Target sheet needs of an indicator after the import: its pk (None while new), node, number."""

    __slots__ = ("pk", "unsur", "urutan")

    def __init__(self, pk, unsur, urutan):
        self.pk, self.unsur, self.urutan = pk, unsur, urutan

    def identitas(self):
        return self.pk or (id(self.unsur), self.urutan)


def _tulis_unsur(user, buat_u, ubah_u, buat_ang, ubah_ang):
    """Write the nodes (level by level, so every parent has its pk before its children) and their budget."""
    for level in Level.values:
        batch = [u for u in buat_u if u.level == level]
        for u in batch:
            u.induk = u.induk  # re-read the parent's pk (created in an earlier batch)
        if batch:
            Unsur.objects.bulk_create(batch, batch_size=UKURAN_BATCH)
    if ubah_u:
        for u in ubah_u:
            u.induk = u.induk
        Unsur.objects.bulk_update(
            ubah_u, ["level", "nomor", "induk", "kode", "nama", "sasaran", "bidang"], batch_size=UKURAN_BATCH
        )
    for a in buat_ang:
        a.unsur = a.unsur
    if buat_ang:
        bulk_create_with_history(buat_ang, Anggaran, default_user=user, batch_size=UKURAN_BATCH)
    if ubah_ang:
        bulk_update_with_history(
            ubah_ang, Anggaran, ["pagu_murni", "pagu_perubahan"], default_user=user, batch_size=UKURAN_BATCH
        )


def _buat_indikator(batch):
    objek = [i for i, _ in batch]
    for i in objek:
        i.unsur = i.unsur  # the node's pk (written before the indicators)
    Indikator.objects.bulk_create(objek)
    for i, entri in batch:
        entri.pk = i.pk


def _ubah_indikator(batch):
    for i in batch:
        i.unsur = i.unsur
    Indikator.objects.bulk_update(batch, ["unsur", *_FIELD_INDIKATOR])


def _buat_target(user, batch, target_baru):
    bulk_create_with_history(batch, Target, default_user=user)
    for t in batch:
        target_baru[t.kunci_impor] = t.pk  # only the pk is kept once written


def _buat_komponen(user, batch, buat_t):
    buat_t.kuras()  # their new targets first
    for k in batch:
        if k.target_id is None:
            k.target_id = k.target.pk
    bulk_create_with_history(batch, KomponenTarget, default_user=user)


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

"""The operator's work list: scope, progress figures from the seed, statuses, lock and a fixed query count."""

import html
import re

import pytest

from evaluasi.layanan.entri import kunci_periode
from evaluasi.models import Indikator, NilaiRealisasi, Realisasi, Unsur
from evaluasi.sintetis import buat_opd_sintetis

pytestmark = pytest.mark.django_db

DAFTAR = "/opd/disnaker/entri/2022/"


def sub(nomor):
    return Unsur.objects.get(opd__slug="disnaker", tahun=2022, level=Unsur.Level.SUB_KEGIATAN, nomor=str(nomor))


def teks(response):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def masuk(client, user):
    client.force_login(user)
    return client


def jumlah_indikator(*nomor):
    return Indikator.objects.filter(unsur__in=[sub(n) for n in nomor]).count()


def terisi_tw(nomor, triwulan):
    """Indicators of these sub kegiatan with at least one value entered for the triwulan (from the data)."""
    return (
        Indikator.objects.filter(
            unsur__in=[sub(n) for n in nomor],
            realisasi__triwulan=triwulan,
            realisasi__nilai__nilai__isnull=False,
        )
        .distinct()
        .count()
    )


def test_kemajuan_operator_tw4_dan_tw1(client, pengguna):
    nomor = (22, 23, 24, 25)
    assert jumlah_indikator(*nomor) == 5
    assert terisi_tw(nomor, 4) == 5
    c = masuk(client, pengguna["op_pelatihan"])
    r = c.get(DAFTAR)  # nothing locked: the default is TW IV
    assert r.status_code == 200
    assert "5 dari 5 indikator terisi" in teks(r)
    assert r.context["daftar"].triwulan == 4
    assert [b.unsur.nomor for b in r.context["daftar"].baris] == ["22", "23", "24", "25"]
    r = c.get(DAFTAR + "?triwulan=1")
    t = teks(r)
    assert "0 dari 5 indikator terisi" in t
    assert t.count("Isi realisasi") == 4
    for n in nomor:
        assert f'href="/opd/disnaker/entri/2022/sub-kegiatan/{sub(n).pk}/triwulan/1/"' in r.content.decode()
    assert sub(35).nama not in t  # another bidang's sub kegiatan


def test_simpan_lewat_formulir_menaikkan_kemajuan(client, pengguna):
    c = masuk(client, pengguna["op_pelatihan"])
    s23 = sub(23)
    (ind,) = s23.indikator.all()
    komponen = ind.target.get(tahun=2022).komponen.order_by("urutan", "id").first()
    url = f"/opd/disnaker/entri/2022/sub-kegiatan/{s23.pk}/triwulan/1/"
    data = {}
    form = c.get(url)
    # Send back every field of the form as the browser would, with the value typed in.
    for nama, nilai in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form.content.decode()):
        data.setdefault(nama, html.unescape(nilai))
    data[f"nilai_{komponen.pk}"] = "1"
    assert c.post(url, data).status_code == 302
    assert NilaiRealisasi.objects.filter(realisasi__indikator=ind, realisasi__triwulan=1, nilai=1).exists()
    assert "1 dari 5 indikator terisi" in teks(c.get(DAFTAR + "?triwulan=1"))


def test_status_dan_catatan_verifikator(client, pengguna):
    s22 = sub(22)
    ind = s22.indikator.order_by("urutan", "id").first()
    Realisasi.objects.filter(indikator=ind, triwulan=4).update(
        status=Realisasi.Status.DIKEMBALIKAN, catatan_verifikator="Lampirkan daftar hadir peserta."
    )
    r = masuk(client, pengguna["op_pelatihan"]).get(DAFTAR + "?triwulan=4")
    t = teks(r)
    assert "Catatan verifikator: Lampirkan daftar hadir peserta." in t
    baris = {b.unsur.nomor: b for b in r.context["daftar"].baris}
    assert baris["22"].dikembalikan == 1
    statuses = set(Realisasi.objects.filter(indikator__unsur=sub(23), triwulan=4).values_list("status", flat=True))
    assert statuses == {"diverifikasi"}
    assert baris["23"].diverifikasi == 1 and baris["23"].kosong == 0


def test_kunci_dan_triwulan_bawaan(client, pengguna, opd):
    kunci_periode(pengguna["verifikator"], opd, 2022, 4)
    c = masuk(client, pengguna["op_pelatihan"])
    r = c.get(DAFTAR)
    assert r.context["daftar"].triwulan == 3 and not r.context["daftar"].terkunci
    r = c.get(DAFTAR + "?triwulan=4")
    assert r.context["daftar"].terkunci
    assert "sudah dikunci" in teks(r) and "Isi realisasi" not in teks(r)
    for tw in (1, 2, 3):
        kunci_periode(pengguna["verifikator"], opd, 2022, tw)
    assert c.get(DAFTAR).context["daftar"].triwulan == 4


def test_verifikator_melihat_seluruh_opd(client, pengguna):
    r = masuk(client, pengguna["verifikator"]).get(DAFTAR + "?triwulan=1")
    n = Indikator.objects.filter(unsur__opd__slug="disnaker", unsur__tahun=2022, unsur__level="sub_kegiatan").count()
    assert len(r.context["daftar"].baris) == 40
    assert f"0 dari {n} indikator terisi" in teks(r)
    assert teks(r).count("Isi realisasi") == 40


@pytest.mark.parametrize("username", ["kadis", "inspektorat"])
def test_baca_saja_tanpa_tautan_isi(client, pengguna, username):
    r = masuk(client, pengguna[username]).get(DAFTAR + "?triwulan=1")
    assert r.status_code == 200
    assert len(r.context["daftar"].baris) == 40
    assert "Isi realisasi" not in teks(r)


def test_opd_lain_dan_triwulan_salah_404(client, pengguna):
    lain = buat_opd_sintetis(1, 2022, program=1, kegiatan=1, sub=1, indikator=1)
    c = masuk(client, pengguna["op_pelatihan"])
    assert c.get(f"/opd/{lain.slug}/entri/2022/").status_code == 404
    assert masuk(client, pengguna["verifikator"]).get(f"/opd/{lain.slug}/entri/2022/").status_code == 404
    assert c.get(DAFTAR + "?triwulan=5").status_code == 404


def test_tautan_di_beranda(client, pengguna):
    r = masuk(client, pengguna["op_pelatihan"]).get("/")
    assert 'href="/opd/disnaker/entri/2022/"' in r.content.decode()


def test_perlu_masuk(client):
    assert client.get(DAFTAR).status_code == 302


@pytest.mark.parametrize("username, baris", [("op_pelatihan", 4), ("verifikator", 40)])
def test_jumlah_query_tetap(client, pengguna, django_assert_num_queries, username, baris):
    """The same number of queries for 4 rows as for 40 (session, user, groups, profile, OPD, then the list)."""
    c = masuk(client, pengguna[username])
    with django_assert_num_queries(QUERY):
        r = c.get(DAFTAR + "?triwulan=4")
    assert len(r.context["daftar"].baris) == baris


QUERY = 11


def test_jumlah_query_sama_di_opd_sintetis_besar(client, pengguna, django_assert_num_queries):
    """Bappeda: the seed's 40 sub kegiatan and a synthetic OPD of 180 take the same number of queries."""
    c = masuk(client, pengguna["bappeda"])
    lain = buat_opd_sintetis(8, 2022, program=6, kegiatan=6, sub=5, indikator=2)
    for slug, baris in (("disnaker", 40), (lain.slug, 180)):
        c.get(f"/opd/{slug}/entri/2022/?triwulan=4")
        with django_assert_num_queries(QUERY):
            r = c.get(f"/opd/{slug}/entri/2022/?triwulan=4")
        assert len(r.context["daftar"].baris) == baris

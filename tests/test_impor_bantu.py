"""Helpers of the import tests (no tests here): a tmp private storage, filling a template, a fingerprint."""

import io

import pytest
from openpyxl import load_workbook

from evaluasi.impor import kolom as K  # noqa: N812
from evaluasi.models import (
    Anggaran,
    AnggaranTriwulan,
    Impor,
    Indikator,
    KomponenTarget,
    NilaiRealisasi,
    Realisasi,
    Target,
    Unsur,
)
from evaluasi.versi import versi_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def pribadi(penyimpanan):
    """Uploaded workbooks go to the test's own tmp storage (fixture in tests/conftest.py), never into var/."""
    return penyimpanan


def indeks(kolom, nama):
    return next(i for i, k in enumerate(kolom) if k.nama == nama)


def buka(isi: bytes):
    return load_workbook(io.BytesIO(isi))


def simpan(wb) -> bytes:
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def cari_baris(ws, kolom, **syarat):
    """Row number (1-based) of the first data row whose named columns have these values."""
    for r in range(2, ws.max_row + 1):
        if all(str(ws.cell(r, indeks(kolom, n) + 1).value) == str(v) for n, v in syarat.items()):
            return r
    raise AssertionError(f"baris {syarat} tidak ada")


def tulis(ws, kolom, baris, **nilai):
    for nama, v in nilai.items():
        ws.cell(baris, indeks(kolom, nama) + 1).value = v


def huruf(kolom, nama):
    return K.huruf(indeks(kolom, nama))


def jejak(opd, tahun=2022):
    """Everything an import may write for (opd, tahun), with the history counts and the data version."""
    f = {"opd": opd, "tahun": tahun}
    return (
        list(Unsur.objects.filter(**f).order_by("pk").values_list("pk", "nomor", "nama", "kode", "induk_id")),
        list(Indikator.objects.filter(unsur__opd=opd).order_by("pk").values_list("pk", "nama", "urutan", "satuan")),
        list(Target.objects.filter(indikator__unsur__opd=opd).order_by("pk").values_list("pk", "teks")),
        list(
            KomponenTarget.objects.filter(target__indikator__unsur__opd=opd)
            .order_by("pk")
            .values_list("pk", "jumlah", "satuan")
        ),
        list(
            Realisasi.objects.filter(indikator__unsur__opd=opd)
            .order_by("pk")
            .values_list("pk", "versi", "status", "faktor_pendorong")
        ),
        list(
            NilaiRealisasi.objects.filter(realisasi__indikator__unsur__opd=opd)
            .order_by("pk")
            .values_list("pk", "nilai")
        ),
        list(Anggaran.objects.filter(unsur__opd=opd).order_by("pk").values_list("pk", "pagu_murni", "pagu_perubahan")),
        list(AnggaranTriwulan.objects.filter(anggaran__unsur__opd=opd).order_by("pk").values_list("pk", "realisasi")),
        Realisasi.history.count(),
        NilaiRealisasi.history.count(),
        AnggaranTriwulan.history.count(),
        KomponenTarget.history.count(),
        Anggaran.history.count(),
        versi_data(opd),
    )


def unggah(client, slug, tahun, isi, nama="isian.xlsx", **data):
    """POST a workbook to the upload page; returns the response (302 to the preview when recorded)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    berkas = SimpleUploadedFile(nama, isi, content_type=XLSX)
    return client.post(f"/opd/{slug}/impor/{tahun}/", {"berkas": berkas, **data})


def impor_terakhir():
    return Impor.objects.order_by("-pk").first()

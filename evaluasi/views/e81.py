"""Formulir E.81: evaluasi hasil Renja per triwulan, as a page, a PDF and an XLSX of the same table."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from evaluasi.akses import ambil_opd
from evaluasi.ekspor import xlsx
from evaluasi.ekspor.pdf import pdf_dari_templat
from evaluasi.laporan import resmi
from evaluasi.laporan.e81 import data_e81
from evaluasi.laporan.konteks import data_predikat
from evaluasi.models import Unsur
from evaluasi.tables import KolomStatusVerifikasi, TabelE81


def konteks_e81(request, slug, tahun):
    """Scope, period (``?triwulan=1..4``, default IV) and the form's table; 404 for what does not exist."""
    opd = ambil_opd(request.user, slug)
    triwulan = request.GET.get("triwulan", "4")
    if triwulan not in ("1", "2", "3", "4") or not Unsur.objects.filter(opd=opd, tahun=tahun).exists():
        raise Http404("Periode formulir tidak ditemukan.")
    draf = resmi.termasuk_draf(request)
    e81 = data_e81(opd, tahun, int(triwulan), termasuk_draf=draf)
    tambahan = [("status_verifikasi", KolomStatusVerifikasi(_draf_e81))] if draf else []
    tabel = TabelE81(e81.baris, extra_columns=tambahan)
    tabel.e81 = e81
    return {
        "opd": opd,
        "tahun": tahun,
        "e81": e81,
        "tabel": tabel,
        "predikat": data_predikat(),
        **resmi.konteks_saklar(request),
    }


def _draf_e81(baris):
    return bool((baris.bi is not None and baris.bi.draf) or baris.unsur.anggaran_draf)


def _nama_berkas(konteks, ekstensi):
    e = konteks["e81"]
    akhiran = "-draf" if e.termasuk_draf else ""
    return f"e81-{konteks['opd'].slug}-{konteks['tahun']}-tw{e.sampai_triwulan}{akhiran}.{ekstensi}"


@login_required
@require_safe
def e81(request, slug, tahun):
    return render(request, "laporan/e81.html", konteks_e81(request, slug, tahun))


@login_required
@require_safe
def e81_pdf(request, slug, tahun):
    konteks = konteks_e81(request, slug, tahun)
    pdf = pdf_dari_templat("laporan/e81_cetak.html", konteks)
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_nama_berkas(konteks, "pdf")}"'},
    )


@login_required
@require_safe
def e81_xlsx(request, slug, tahun):
    konteks = konteks_e81(request, slug, tahun)
    e, opd = konteks["e81"], konteks["opd"]
    keterangan = [
        f"{opd.nama} Kabupaten {opd.kabupaten}",
        *resmi.keterangan_ekspor(f"Tahun {tahun}, triwulan I s.d. {e.sampai_triwulan}", e.cakupan, e.termasuk_draf),
    ]
    if e.keterangan_level:  # a plan without some level says so on the sheet, as the page does
        keterangan.append(e.keterangan_level)
    wb = xlsx.buat_workbook([], keterangan)
    judul = "Formulir E.81 — Evaluasi Hasil Renja"
    ws = xlsx.tulis_lembar(wb, "Formulir E.81", konteks["tabel"], keterangan, judul=judul)
    penutup = [
        ("Rata-rata capaian kinerja", e.rata_rata_kinerja, xlsx.PERSEN),
        ("Rata-rata capaian anggaran", e.rata_rata_anggaran, xlsx.PERSEN),
        ("Predikat kinerja", e.predikat_kinerja.label if e.predikat_kinerja else "-", xlsx.TEKS),
        ("Predikat anggaran", e.predikat_anggaran.label if e.predikat_anggaran else "-", xlsx.TEKS),
        ("Faktor pendorong", "; ".join(e.faktor_pendorong) or "-", xlsx.TEKS),
        ("Faktor penghambat", "; ".join(e.faktor_penghambat) or "-", xlsx.TEKS),
        ("Tindak lanjut", "; ".join(e.tindak_lanjut) or "-", xlsx.TEKS),
        *((f"Catatan {i}", c, xlsx.TEKS) for i, c in enumerate(e.catatan, 1)),
    ]
    ws.append([])
    for label, nilai, jenis in penutup:
        ws.append([xlsx.sel(ws, label), xlsx.sel(ws, nilai, jenis)])
    response = HttpResponse(xlsx.ke_bytes(wb), content_type=xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_nama_berkas(konteks, "xlsx")}"'
    return response

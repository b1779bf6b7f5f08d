"""Entry of realisasi: one sub kegiatan, one triwulan; GET shows the form, POST saves and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from evaluasi import capaian
from evaluasi.akses import ambil_opd
from evaluasi.forms import FormEntri
from evaluasi.layanan import bukti, kewajaran, verifikasi
from evaluasi.layanan.entri import (
    FIELD_ANGGARAN_DIBACA,
    EntriDitolak,
    KonflikVersi,
    boleh_mengisi,
    data_entri,
    field_versi,
    simpan_realisasi,
    sub_kegiatan_terlihat,
)


@login_required
@require_http_methods(["GET", "POST"])
def entri_realisasi(request, slug, tahun, pk, triwulan):
    """The entry form; read-only for Kepala Dinas and Inspektorat (their POST is a 403) and for a locked period."""
    if triwulan not in (1, 2, 3, 4):
        raise Http404("Triwulan tidak ditemukan.")
    opd = ambil_opd(request.user, slug)
    unsur = get_object_or_404(
        sub_kegiatan_terlihat(request.user, opd, tahun).select_related("bidang", "anggaran"), pk=pk
    )
    entri = data_entri(unsur, triwulan, request.user)
    boleh = boleh_mengisi(request.user, unsur, [b.indikator for b in entri.indikator])
    if request.method == "POST" and not boleh:
        raise PermissionDenied("Anda hanya dapat melihat realisasi ini.")
    status, konflik, peringatan = 200, None, []
    if request.method == "POST":
        form = FormEntri(request.POST, entri=entri)
        if "pratinjau" in request.POST and "application/json" in request.headers.get("Accept", ""):
            return JsonResponse(_pratinjau_json(form, entri))
        if form.is_valid() and "pratinjau" not in request.POST:
            try:
                simpan_realisasi(request.user, unsur, triwulan, form.isian())
            except KonflikVersi as exc:
                # Show the other person's values; the form keeps what was typed but now carries the
                # current versions, so saving again is a deliberate choice, never a silent overwrite.
                entri = data_entri(unsur, triwulan, request.user)
                data = request.POST.copy()
                for baris in entri.indikator:
                    data[field_versi(baris.indikator.id)] = str(baris.versi)
                if entri.anggaran is not None:
                    ini = entri.anggaran.triwulan_ini
                    data[FIELD_ANGGARAN_DIBACA] = "" if ini is None else str(ini)
                form = FormEntri(data, entri=entri)
                form.is_valid()
                form.add_error(None, exc.galat[None])
                status, konflik = 409, exc
            except kewajaran.PerluKonfirmasi as exc:
                # Nothing written: the warnings are shown with the checkbox and the reason to confirm them.
                peringatan, status = exc.peringatan, 400
                if exc.tanpa_alasan:
                    form.add_error("alasan_kewajaran", kewajaran.PESAN_ALASAN)
            except EntriDitolak as exc:
                for nama, pesan in exc.galat.items():
                    form.add_error(nama if nama in form.fields else None, pesan)
                status = 400
            else:
                messages.success(request, "Realisasi tersimpan.")
                return redirect(request.path)
        elif form.errors:
            status = 400
    else:
        form = FormEntri(entri=entri, baca_saja=not boleh or entri.terkunci)
    boleh_verifikasi = verifikasi.boleh_memverifikasi(request.user, unsur.opd_id)
    terverifikasi = any(b.status == "diverifikasi" for b in entri.indikator)
    for dd in entri.data_dukung:
        dd.unsur = unsur
        dd.boleh_hapus = not entri.terkunci and not terverifikasi and bukti.boleh_menghapus(request.user, dd, boleh)
    konteks = {
        "opd": opd,
        "tahun": tahun,
        "unsur": unsur,
        "entri": entri,
        "form": form,
        "kelompok": form.kelompok_terikat(),
        "boleh": boleh and not entri.terkunci,
        "bisa_simpan": entri.ada_yang_bisa_diubah,
        "konflik": konflik,
        "peringatan": peringatan,
        "aksi": [a.value for a in verifikasi.aksi_tersedia(request.user, entri)],
        "boleh_unggah": boleh and not entri.terkunci,
        "boleh_verifikasi": boleh_verifikasi,
        "maks_mb": bukti.maks_bita() // (1024 * 1024),
        "catatan_verifikator": [
            b for b in entri.indikator if b.realisasi is not None and b.realisasi.catatan_verifikator
        ],
        "daftar_triwulan": [(tw, r) for tw, r in ((1, "I"), (2, "II"), (3, "III"), (4, "IV"))],
    }
    return render(request, "entri/entri.html", konteks, status=status)


def _pratinjau_json(form, entri):
    """The capaian (evaluasi/capaian.py, via the form) and remaining pagu for what is typed, nothing saved."""
    form.is_valid()
    indikator = {}
    for k in form.kelompok_terikat():
        indikator[str(k["baris"].indikator.id)] = {
            "capaian": capaian.format_persen(k["capaian"]),
            "sd": {
                i["field"].html_name: "-" if i["sd"] is None else capaian.format_angka(i["sd"], 4, buang_nol=True)
                for i in k["komponen"]
            },
        }
    hasil = {"indikator": indikator, "galat": {nama: [str(e) for e in daftar] for nama, daftar in form.errors.items()}}
    if entri.anggaran is not None:
        if "anggaran" in form.errors:
            hasil["anggaran"] = {"sisa": None}
        else:
            sisa = entri.anggaran.sisa_dengan(form.cleaned_data.get("anggaran"))
            hasil["anggaran"] = {"sisa": "Rp " + capaian.format_rupiah(sisa)}
    return hasil

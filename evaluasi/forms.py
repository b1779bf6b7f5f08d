"""Forms of the app; numbers are typed the Indonesian way ('1.234.567,89') and read by capaian.parse_angka."""

from django import forms

from evaluasi import batas_angka, capaian
from evaluasi.batas_angka import DESIMAL_MAKS
from evaluasi.layanan.entri import (
    CATATAN,
    FIELD_ANGGARAN,
    FIELD_ANGGARAN_DIBACA,
    IsianEntri,
    IsianIndikator,
    field_catatan,
    field_nilai,
    field_versi,
)

LABEL_CATATAN = {
    "faktor_pendorong": "Faktor pendorong",
    "faktor_penghambat": "Faktor penghambat",
    "tindak_lanjut": "Tindak lanjut",
}


class AngkaField(forms.CharField):
    """A non-negative number typed as '1.234,5'; empty = not entered (None), '0' = 0.

    ``nama`` names the field in every message, so an error read out of context still says where it is.
    """

    def __init__(self, *args, nama, rupiah=False, **kwargs):
        self.nama, self.rupiah = nama, rupiah
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        teks = super().to_python(value)
        try:
            nilai = capaian.parse_angka(teks)
        except capaian.AngkaTidakSah as exc:
            raise forms.ValidationError(f"{self.nama}: {exc}", code="bukan_angka") from exc
        try:
            return batas_angka.cek_rupiah(nilai) if self.rupiah else batas_angka.cek_jumlah(nilai)
        except capaian.AngkaTidakSah as exc:
            raise forms.ValidationError(f"{self.nama}: {exc}", code="batas_angka") from exc


def _teks_angka(nilai):
    return "" if nilai is None else capaian.format_angka(nilai, DESIMAL_MAKS, buang_nol=True)


def _pendek(teks, n=60):
    return teks if len(teks) <= n else teks[: n - 1].rstrip() + "…"


class FormEntri(forms.Form):
    """The realisasi of one sub kegiatan and triwulan: a value per target component, notes, realisasi anggaran.

    Built from ``data_entri`` (evaluasi.layanan.entri); ``kelompok`` pairs each indicator with its bound fields
    for the template. The versions read travel in hidden fields so a stale form can be refused.
    The fields of an indicator the user may not change (another bidang's, submitted or verified) and of a
    budget the user may not change are disabled: Django then ignores what is posted for them.
    """

    def __init__(self, *args, entri, baca_saja=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.entri = entri
        tw = entri.triwulan_romawi
        self.kelompok = []
        for baris in entri.indikator:
            iid = baris.indikator.id
            nama_ind = _pendek(baris.indikator.nama)
            komponen = []
            for k in baris.komponen:
                nama = field_nilai(k.id)
                satuan = f" ({k.satuan})" if k.satuan else ""
                self.fields[nama] = AngkaField(
                    label=f"Realisasi TW {tw}{satuan}",
                    nama=f"Realisasi TW {tw} “{nama_ind}”{satuan}",
                    initial=_teks_angka(k.per_triwulan.get(entri.triwulan)),
                )
                komponen.append((k, nama))
            self.fields[field_versi(iid)] = forms.IntegerField(
                min_value=0, initial=baris.versi, widget=forms.HiddenInput
            )
            if not baris.bisa_diubah:
                for _k, nama in komponen:
                    self.fields[nama].disabled = True
            catatan = []
            for c in CATATAN:
                nama = field_catatan(c, iid)
                self.fields[nama] = forms.CharField(
                    label=LABEL_CATATAN[c],
                    required=False,
                    max_length=5000,
                    initial=getattr(baris.realisasi, c, ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                    disabled=not baris.bisa_diubah,
                )
                catatan.append(nama)
            self.kelompok.append((baris, komponen, field_versi(iid), catatan))
        if entri.anggaran is not None:
            self.fields[FIELD_ANGGARAN] = AngkaField(
                label=f"Realisasi anggaran TW {tw} (Rp)",
                nama=f"Realisasi anggaran TW {tw}",
                rupiah=True,
                initial=_teks_angka(entri.anggaran.triwulan_ini),
                disabled=not entri.anggaran_boleh or entri.anggaran_beku,
            )
            self.fields[FIELD_ANGGARAN_DIBACA] = forms.IntegerField(
                required=False, min_value=0, initial=entri.anggaran.triwulan_ini, widget=forms.HiddenInput
            )
        # Plausibility (evaluasi/layanan/kewajaran.py): shown by the template only after a save was held back.
        self.fields["konfirmasi_kewajaran"] = forms.BooleanField(
            label="Saya sudah memeriksa; angka ini benar", required=False
        )
        self.fields["alasan_kewajaran"] = forms.CharField(
            label="Alasan (wajib bila mengonfirmasi)",
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        if baca_saja:
            for f in self.fields.values():
                f.disabled = True

    def kelompok_terikat(self):
        """Per indicator: its components with bound field, saved and s.d. value, the notes and capaian (template)."""
        hasil = []
        pengganti = self.nilai_diketik()
        for baris, komponen, versi, catatan in self.kelompok:
            sd = baris.sd_triwulan(pengganti)
            hasil.append(
                {
                    "baris": baris,
                    "komponen": [
                        {
                            "komponen": k,
                            "field": self[nama],
                            "tersimpan": k.per_triwulan.get(baris.triwulan),
                            "sd": sd[i],
                        }
                        for i, (k, nama) in enumerate(komponen)
                    ],
                    "versi": self[versi],
                    "catatan": [self[c] for c in catatan],
                    "capaian": baris.capaian(pengganti),
                    "capaian_tersimpan": baris.capaian(),
                }
            )
        return hasil

    def nilai_diketik(self):
        """This triwulan's values as typed (a bound form), for a capaian preview; unreadable ones are skipped."""
        if not self.is_bound:
            return None
        hasil = {}
        for _baris, komponen, _, _ in self.kelompok:
            for k, nama in komponen:
                bf = self[nama]
                try:
                    hasil[k.id] = self.fields[nama].clean(bf.initial if bf.field.disabled else bf.data)
                except forms.ValidationError:
                    continue
        return hasil

    def isian(self) -> IsianEntri:
        """The cleaned form as the service's input."""
        d = self.cleaned_data
        indikator = [
            IsianIndikator(
                indikator_id=baris.indikator.id,
                versi_dibaca=d[versi] or 0,
                nilai={k.id: d[nama] for k, nama in komponen},
                **{c: d[field_catatan(c, baris.indikator.id)] for c in CATATAN},
            )
            for baris, komponen, versi, _ in self.kelompok
        ]
        ada_anggaran = FIELD_ANGGARAN in self.fields
        return IsianEntri(
            indikator=indikator,
            anggaran_diisi=ada_anggaran,
            anggaran=d.get(FIELD_ANGGARAN) if ada_anggaran else None,
            anggaran_dibaca=d.get(FIELD_ANGGARAN_DIBACA) if ada_anggaran else None,
            konfirmasi=bool(d.get("konfirmasi_kewajaran")),
            alasan_konfirmasi=d.get("alasan_kewajaran") or "",
            teks={k.id: self.data.get(nama) for _, komponen, _, _ in self.kelompok for k, nama in komponen},
        )

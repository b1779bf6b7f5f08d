"""The target's component rows in the admin (the plan editor), with their four triwulan targets.

A component row carries "Target TW I–IV" beside its annual jumlah, so the rencana aksi is edited where
the target is: one row per component, as in the plan template. Blank means "no plan for that
triwulan" (the default applies, shown "proporsional").
"""

from django import forms
from django.db import transaction

from evaluasi.models import KomponenTarget, TargetTriwulan

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}
MEDAN_TW = {tw: f"target_tw{tw}" for tw in range(1, 5)}


def _field_tw(tw):
    return forms.DecimalField(
        label=f"Target TW {ROMAWI[tw]}",
        required=False,
        min_value=0,
        max_digits=20,
        decimal_places=4,
        help_text="Kosong: proporsional." if tw == 1 else "",
    )


class FormKomponenTarget(forms.ModelForm):
    """A target component with its planned target per triwulan (TargetTriwulan rows, created/changed/deleted)."""

    target_tw1 = _field_tw(1)
    target_tw2 = _field_tw(2)
    target_tw3 = _field_tw(3)
    target_tw4 = _field_tw(4)

    class Meta:
        model = KomponenTarget
        fields = ["urutan", "jumlah", "satuan"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for t in self.instance.triwulan.all():
                self.initial.setdefault(MEDAN_TW[t.triwulan], t.jumlah)

    def save(self, commit=True):
        komponen = super().save(commit=commit)
        if commit:
            self.simpan_triwulan(komponen)
        return komponen

    @transaction.atomic
    def simpan_triwulan(self, komponen):
        """Write the triwulan targets of the component (one history row per change)."""
        ada = {t.triwulan: t for t in komponen.triwulan.all()}
        for tw, nama in MEDAN_TW.items():
            nilai = self.cleaned_data.get(nama)
            lama = ada.get(tw)
            if nilai is None:
                if lama is not None:
                    lama.delete()
            elif lama is None:
                TargetTriwulan.objects.create(komponen=komponen, triwulan=tw, jumlah=nilai)
            elif lama.jumlah != nilai:
                lama.jumlah = nilai
                lama.save()

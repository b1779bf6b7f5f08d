"""The four "Target TW I–IV" columns of the plan template's Target sheet (rencana aksi per component).

Kept apart from the plan import (tahunan.py) so that file only calls it: compare the cells of a row with
the component's planned triwulan targets, record what to write, and write it after the components exist.
A blank cell means "no plan for that triwulan" (the default applies, shown "proporsional"); a planned
target left blank is removed. The template writes what is stored, so export → import changes nothing.
"""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from evaluasi.laporan.target_tw import KOLOM_TW
from evaluasi.models import KomponenTarget, TargetTriwulan

from . import kolom as K  # noqa: N812 - short, as in the other import modules
from .terapkan import _fmt

ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def dari_baris(v) -> tuple:
    """The four planned targets of a Target-sheet row (None where blank)."""
    return tuple(v.get(nama) for nama in KOLOM_TW)


def rincian(lama: tuple, baru: tuple) -> list:
    """Preview lines [label, old, new] of the triwulan targets that differ."""
    return [
        [f"Target TW {ROMAWI[tw]}", _fmt(a, K.ANGKA), _fmt(b, K.ANGKA)]
        for tw, (a, b) in enumerate(zip(lama, baru, strict=True), 1)
        if a != b
    ]


def bandingkan(daftar, komponen, lama: tuple, v) -> list:
    """Compare a row with its component (pk, or (target key, urutan) for a new one); record a write if needed.

    ``lama`` is the component's stored targets (all None for a new component). Returns the preview lines.
    """
    baru = dari_baris(v)
    baris = rincian(lama, baru)
    if baris:
        daftar.tambah((komponen, baru))
    return baris


def terapkan(batches, pk_target, user):
    """Write the recorded triwulan targets: create, change, or remove rows (with history)."""
    for batch in batches:
        baru = [(k, n) for k, n in batch if not isinstance(k, int)]
        per_kunci = {}
        if baru:
            target_pk = {pk_target(tk) for (tk, _), _ in baru}
            per_kunci = {
                (t, u): pk
                for pk, t, u in KomponenTarget.objects.filter(target_id__in=target_pk).values_list(
                    "pk", "target_id", "urutan"
                )
            }
        tulis = {}
        for k, nilai in batch:
            pk = k if isinstance(k, int) else per_kunci[(pk_target(k[0]), k[1])]
            tulis[pk] = nilai
        ada = {(t.komponen_id, t.triwulan): t for t in TargetTriwulan.objects.filter(komponen_id__in=tulis)}
        buat, ubah = [], []
        for pk, nilai in tulis.items():
            for tw, jumlah in enumerate(nilai, 1):
                t = ada.get((pk, tw))
                if jumlah is None:
                    if t is not None:
                        t.delete()  # one by one, so the history records who removed it
                elif t is None:
                    buat.append(TargetTriwulan(komponen_id=pk, triwulan=tw, jumlah=jumlah))
                elif t.jumlah != jumlah:
                    t.jumlah = jumlah
                    ubah.append(t)
        if buat:
            bulk_create_with_history(buat, TargetTriwulan, default_user=user)
        if ubah:
            bulk_update_with_history(ubah, TargetTriwulan, ["jumlah"], default_user=user)

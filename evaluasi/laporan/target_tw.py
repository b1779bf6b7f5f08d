"""The planned triwulan targets (rencana aksi) read together with the target components, in the same query.

Each component query of a report or overview gets four correlated subqueries (one per triwulan) instead
of a query of its own, so pinned query counts stay as they are and constant with the plan's size.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

from evaluasi.models import TargetTriwulan

KOLOM_TW = tuple(f"target_tw{tw}" for tw in range(1, 5))


def dengan_target_triwulan(komponen_qs, komponen_pk="pk"):
    """Annotate a KomponenTarget queryset (or one over a relation: ``komponen_pk``) with target_tw1..4."""
    return komponen_qs.annotate(
        **{
            nama: Subquery(
                TargetTriwulan.objects.filter(komponen=OuterRef(komponen_pk), triwulan=tw).values("jumlah")[:1]
            )
            for tw, nama in enumerate(KOLOM_TW, 1)
        }
    )


def per_triwulan(nilai) -> dict:
    """{tw: planned jumlah} of the annotated values (target_tw1..4), blanks left out."""
    return {tw: v for tw, v in enumerate(nilai, 1) if v is not None}

"""Keeps ``Realisasi.ada_nilai`` true to its values, so the database refuses a status without a value.

A Realisasi that is diajukan or diverifikasi must hold at least one value (issue 12: "Diverifikasi" with
nothing entered made verified counts exceed entered ones). A CheckConstraint cannot look at another
table, so the fact "has a value" is stored on the Realisasi itself and the constraint
``realisasi_diajukan_berisi`` checks it. Every writer of NilaiRealisasi calls ``segarkan_ada_nilai``
after its writes: if a value of a submitted or verified realisasi was cleared, that UPDATE violates the
constraint and the whole transaction is refused.
"""

from django.db.models import Exists, OuterRef

from evaluasi.models import NilaiRealisasi, Realisasi


def ada_nilai_expr():
    """Boolean expression over a Realisasi queryset: it has at least one non-NULL value."""
    return Exists(NilaiRealisasi.objects.filter(realisasi=OuterRef("pk"), nilai__isnull=False))


def segarkan_ada_nilai(realisasi) -> int:
    """Recompute ``ada_nilai`` of the given Realisasi (a queryset, or pks) in one UPDATE; returns rows."""
    qs = realisasi if hasattr(realisasi, "model") else Realisasi.objects.filter(pk__in=list(realisasi))
    return qs.order_by().update(ada_nilai=ada_nilai_expr())

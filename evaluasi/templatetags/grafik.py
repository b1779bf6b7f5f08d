"""The charts of the semester report, for templates: ``{% grafik_laporan data matriks_risiko as grafik %}``."""

from django import template

from evaluasi.dasbor.grafik import grafik_laporan as _grafik_laporan

register = template.Library()


@register.simple_tag
def grafik_laporan(data, matriks_risiko=None):
    """The four report charts (evaluasi.dasbor.grafik.grafik_laporan) from the report's own context; no query."""
    return _grafik_laporan(data, matriks=matriks_risiko)

"""Template filters for figures: Indonesian formats, refusing floats (the rules module does the work)."""

from django import template

from evaluasi import capaian

register = template.Library()


@register.filter
def rupiah(nilai):
    """9054343734 -> 9.054.343.734"""
    return capaian.format_rupiah(nilai)


@register.filter
def persen(nilai):
    """Decimal('94.2698') -> 94,27%"""
    return capaian.format_persen(nilai)


@register.filter
def angka(nilai, tempat=2):
    return capaian.format_angka(nilai, tempat, buang_nol=True)

"""Template filters of the dashboard: figures formatted by the rules module (templates never compute)."""

from django import template

from evaluasi import capaian

register = template.Library()


@register.filter
def jumlah(nilai, satuan=""):
    """A quantity with its unit as the report prints it: '94,87%', '22 dokumen'; '-' when not entered."""
    return capaian.format_jumlah(nilai, satuan)


@register.filter
def komponen(daftar):
    """Target components [(jumlah, satuan)] as '248 box nasi, 248 box snack'."""
    return capaian.format_komponen(daftar)

"""The mark of an unverified figure in templates (the tables use ``evaluasi.tables.tanda_draf``)."""

from django import template

from evaluasi.tables import tanda_draf

register = template.Library()


@register.filter
def tanda(teks, draf):
    """``{{ x|persen|tanda:bi.draf }}``: the formatted figure, with the draft mark when ``draf`` is true."""
    return tanda_draf(teks, bool(draf))

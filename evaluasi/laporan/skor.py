"""The score used by averages and rankings (DESIGN.md "Averages and rankings"): its cap and how a screen names it."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from evaluasi import capaian


def batas_skor():
    """Cap of each capaian in a mean used as a score (EVALUASI_BATAS_SKOR_CAPAIAN, default 100; None: uncapped)."""
    batas = getattr(settings, "EVALUASI_BATAS_SKOR_CAPAIAN", 100)
    return None if batas is None else Decimal(str(batas))


def aturan_skor(batas):
    """The rule of a mean score as the screen states it: 'tiap indikator dihitung paling tinggi 100%'."""
    if batas is None:
        return "capaian tiap indikator dirata-rata tanpa batas"
    return f"tiap indikator dihitung paling tinggi {capaian.format_angka(batas, 2, buang_nol=True)}%"

"""The data model: organisation, the planning cascade, targets and realisasi, the other report sections."""

from .dokumen import (
    Dokumentasi,
    Inovasi,
    IsuStrategis,
    KegiatanPrioritas,
    PemantauanPengendalian,
    ProgramPrioritas,
    ProsesBisnis,
    RencanaAksi,
    Risiko,
    SasaranKinerja,
)
from .kunci import KunciPeriode
from .organisasi import Bidang, Opd, Pengguna
from .realisasi import Anggaran, AnggaranTriwulan, AngkaTercetak, KomponenTarget, NilaiRealisasi, Realisasi, Target
from .rencana import Indikator, Unsur

__all__ = [
    "Anggaran",
    "AnggaranTriwulan",
    "AngkaTercetak",
    "Bidang",
    "Dokumentasi",
    "Indikator",
    "Inovasi",
    "IsuStrategis",
    "KegiatanPrioritas",
    "KomponenTarget",
    "KunciPeriode",
    "NilaiRealisasi",
    "Opd",
    "PemantauanPengendalian",
    "Pengguna",
    "ProgramPrioritas",
    "ProsesBisnis",
    "Realisasi",
    "RencanaAksi",
    "Risiko",
    "SasaranKinerja",
    "Target",
    "Unsur",
]

"""The data model: organisation, the planning cascade, targets and realisasi, the other report sections."""

from .bukti import DataDukung, PeristiwaVerifikasi
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
from .impor import Impor
from .kewajaran import KonfirmasiKewajaran
from .kunci import KunciPeriode
from .organisasi import Bidang, Opd, Pengguna
from .perbaikan import PerbaikanAngka
from .realisasi import Anggaran, AnggaranTriwulan, AngkaTercetak, KomponenTarget, NilaiRealisasi, Realisasi, Target
from .rencana import Indikator, Unsur
from .target_triwulan import TargetTriwulan
from .versi import VersiData

__all__ = [
    "Anggaran",
    "AnggaranTriwulan",
    "AngkaTercetak",
    "Bidang",
    "DataDukung",
    "Dokumentasi",
    "Impor",
    "Indikator",
    "Inovasi",
    "IsuStrategis",
    "KegiatanPrioritas",
    "KomponenTarget",
    "KonfirmasiKewajaran",
    "KunciPeriode",
    "NilaiRealisasi",
    "Opd",
    "PemantauanPengendalian",
    "PerbaikanAngka",
    "PeristiwaVerifikasi",
    "Pengguna",
    "ProgramPrioritas",
    "ProsesBisnis",
    "Realisasi",
    "RencanaAksi",
    "Risiko",
    "SasaranKinerja",
    "Target",
    "TargetTriwulan",
    "Unsur",
    "VersiData",
]

"""Plans and realisasi in and out of Excel: the template (templat), the reader (baca), the apply (terapkan).

``proses`` ties them to the ``Impor`` record: upload → preview (nothing written) → confirm (one transaction).
"""

"""Backup and restore: the whole database and every stored file, in one archive that checks itself.

Why Django's own dumpdata/loaddata and not pg_dump: one format for SQLite (a laptop, the tests)
and PostgreSQL (production), restorable from one to the other, and readable by a person. The
archive (``.tar.gz``) holds:

- ``basisdata.json``: every row of every app (content types and permissions excepted: a migrated
  database makes its own; rows that point to them use natural keys), primary keys kept so that
  links, bookmarks and the audit trail stay the same; sessions are left out (users log in again);
- ``berkas/<storage>/<name>``: every file a FileField points to (evidence, imported workbooks,
  documentation photos), read through its storage, so any storage backend works;
- ``manifest.json``: format, time, Django version, the migrations applied, the row count per
  model and the SHA-256 of every member. ``pulihkan`` checks all of them before writing anything.

Restore goes into an empty, migrated database (same migrations as the archive): files first,
then the rows in one transaction; if the rows fail, the files written are removed again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
from django.apps import apps
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField

FORMAT = "e-evaluasi-cadangan/1"
DIKECUALIKAN = ["contenttypes", "auth.permission", "sessions"]


class CadanganGagal(Exception):
    """The archive is damaged, does not match this installation, or the target database is not empty."""


def _sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for blok in iter(lambda: f.read(1 << 20), b""):
            h.update(blok)
    return h.hexdigest()


def _migrasi(using=DEFAULT_DB_ALIAS):
    """The migrations applied to the database, as sorted [app, name] pairs."""
    return sorted([a, n] for a, n in MigrationRecorder(connections[using]).applied_migrations())


def _nama_penyimpanan(field) -> str:
    from django.core.files.storage import default_storage, storages

    if field.storage is storages["pribadi"] or getattr(field, "_storage_callable", None) is not None:
        return "pribadi"
    if field.storage is default_storage or type(field.storage) is type(default_storage):
        return "default"
    return "default"


def berkas_tersimpan():
    """Every (storage alias, storage, name) a FileField of any model points to."""
    hasil = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                nama = (
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
                for n in nama.iterator():
                    hasil.append((_nama_penyimpanan(field), field.storage, n))
    return sorted(set(hasil), key=lambda x: (x[0], x[2]))


def jumlah_baris():
    """Row count per model (of what is backed up), for the manifest and for the restore's check."""
    hasil = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in DIKECUALIKAN or label in DIKECUALIKAN or not model._meta.managed:
            continue
        if model._meta.proxy:
            continue
        hasil[label] = model._default_manager.count()
    return hasil


def cadangkan(tujuan) -> Path:
    """Write a backup archive to ``tujuan`` (a ``.tar.gz`` file, or a folder to name one in); return its path."""
    tujuan = Path(tujuan)
    waktu = datetime.now(UTC)
    if tujuan.is_dir() or str(tujuan).endswith(os.sep):
        tujuan.mkdir(parents=True, exist_ok=True)
        tujuan = tujuan / f"cadangan-{waktu:%Y%m%d-%H%M%S}.tar.gz"
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    sementara = tujuan.with_name(tujuan.name + ".sebagian")
    with tempfile.TemporaryDirectory(prefix="cadangan-") as tmp:
        db_json = Path(tmp) / "basisdata.json"
        # One read transaction: the rows and the counts are one consistent picture.
        with transaction.atomic():
            call_command(
                "dumpdata",
                *[],
                exclude=DIKECUALIKAN,
                natural_foreign=True,
                indent=None,
                output=str(db_json),
                verbosity=0,
            )
            baris = jumlah_baris()
            berkas = berkas_tersimpan()
            migrasi = _migrasi()
        anggota = {"basisdata.json": _sha256_berkas(db_json)}
        with tarfile.open(sementara, "w:gz") as tar:
            tar.add(db_json, arcname="basisdata.json")
            for alias, storage, nama in berkas:
                with storage.open(nama, "rb") as f:
                    isi = f.read()
                arcname = f"berkas/{alias}/{nama}"
                anggota[arcname] = hashlib.sha256(isi).hexdigest()
                info = tarfile.TarInfo(arcname)
                info.size = len(isi)
                info.mtime = int(waktu.timestamp())
                tar.addfile(info, io.BytesIO(isi))
            manifest = {
                "format": FORMAT,
                "dibuat": waktu.isoformat(),
                "django": django.get_version(),
                "migrasi": migrasi,
                "baris": baris,
                "anggota": anggota,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            info.mtime = int(waktu.timestamp())
            tar.addfile(info, io.BytesIO(data))
    os.replace(sementara, tujuan)  # a half-written archive never carries the final name
    return tujuan


def baca_manifest(arsip) -> dict:
    with tarfile.open(arsip, "r:gz") as tar:
        try:
            return json.load(tar.extractfile("manifest.json"))
        except KeyError as exc:
            raise CadanganGagal("Arsip tidak memuat manifest.json: bukan cadangan e-Evaluasi.") from exc


def periksa(arsip, folder: Path) -> dict:
    """Extract the archive into ``folder`` and check its manifest and every checksum; return the manifest."""
    manifest = baca_manifest(arsip)
    if manifest.get("format") != FORMAT:
        raise CadanganGagal(f"Format arsip tidak dikenal: {manifest.get('format')!r}.")
    with tarfile.open(arsip, "r:gz") as tar:
        tar.extractall(folder, filter="data")
    for nama, sha in manifest["anggota"].items():
        path = folder / nama
        if not path.is_file() or _sha256_berkas(path) != sha:
            raise CadanganGagal(f"Isi arsip rusak atau berubah: {nama}.")
    return manifest


def basis_data_kosong() -> bool:
    """No row in any backed-up table (a freshly migrated database)."""
    return not any(jumlah_baris().values())


def pulihkan(arsip) -> dict:
    """Restore an archive into this (empty, migrated) database and its storages; return the manifest."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage, storages

    arsip = Path(arsip)
    if not arsip.is_file():
        raise CadanganGagal(f"Arsip tidak ditemukan: {arsip}.")
    with tempfile.TemporaryDirectory(prefix="pulihkan-") as tmp:
        folder = Path(tmp)
        manifest = periksa(arsip, folder)
        if manifest["migrasi"] != _migrasi():
            raise CadanganGagal(
                "Migrasi basis data ini berbeda dengan arsip: jalankan versi aplikasi yang sama "
                "dan `manage.py migrate` pada basis data kosong."
            )
        if not basis_data_kosong():
            raise CadanganGagal(
                "Basis data tujuan tidak kosong: pulihkan hanya ke basis data baru yang sudah dimigrasi."
            )
        penyimpanan = {"pribadi": storages["pribadi"], "default": default_storage}
        ditulis = []
        try:
            for nama in manifest["anggota"]:
                if not nama.startswith("berkas/"):
                    continue
                _, alias, relatif = nama.split("/", 2)
                storage = penyimpanan[alias]
                if storage.exists(relatif):
                    raise CadanganGagal(f"Berkas sudah ada di penyimpanan tujuan: {relatif}.")
                hasil = storage.save(relatif, ContentFile((folder / nama).read_bytes()))
                ditulis.append((storage, hasil))
                if hasil != relatif:
                    raise CadanganGagal(f"Penyimpanan mengganti nama berkas {relatif} menjadi {hasil}.")
            with transaction.atomic():
                call_command("loaddata", str(folder / "basisdata.json"), verbosity=0)
                if jumlah_baris() != manifest["baris"]:
                    raise CadanganGagal("Jumlah baris hasil pemulihan tidak sama dengan manifest.")
        except BaseException:
            for storage, nama in ditulis:
                storage.delete(nama)
            raise
    return manifest

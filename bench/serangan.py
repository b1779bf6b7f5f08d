"""Hostile workbooks against a real server: time to refusal and the worker's peak memory, per attack.

Starts gunicorn (gunicorn.conf.py, one worker, DEBUG=0, tests/pelayan.py) on a throw-away SQLite
database with the seed, logs in as the verifikator (a session made in the database) and uploads
each bomb of tests/bom_xlsx.py, built up to the 10 MB upload cap, to /opd/disnaker/impor/2022/.
For each it prints the time to the answer, the worker's resident memory before and its peak during
the request (VmHWM of /proc/<worker>/status, reset with clear_refs just before), the refusal's limit,
and whether the same worker still answers /sehat/ afterwards. A valid template upload is the
reference row. Goals: refused in < 2 s, peak worker RSS < 250 MB, the worker alive.

Run: .venv/bin/python bench/serangan.py
"""

import http.client
import os
import re
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")

from tests.pelayan import Gunicorn, env_produksi, kuki_sesi, siapkan_basis_data  # noqa: E402

MB = 1024 * 1024
CAP = 10 * MB  # IMPOR_UKURAN_MAKS
GOAL_DETIK, GOAL_MB = 2.0, 250


def ringkas(ukuran, nilai, tujuan, lulus):
    print(f"RINGKAS\t{ukuran}\t{nilai}\t{tujuan}\t{'ya' if lulus else 'TIDAK'}")


def sampai_batas(isi: bytes, ukuran=CAP - 64 * 1024) -> bytes:
    """The workbook padded to just under the upload cap with a stored member of random bytes (an 'image')."""
    import io

    kurang = ukuran - len(isi) - 200
    if kurang <= 0:
        return isi
    keluaran = io.BytesIO(isi)
    with zipfile.ZipFile(keluaran, "a") as z:
        z.writestr(zipfile.ZipInfo("xl/media/image1.png"), os.urandom(kurang), compress_type=zipfile.ZIP_STORED)
    return keluaran.getvalue()


def serangan():
    """(name, bytes) of every attack, each near the upload cap."""
    from tests import bom_xlsx as B  # noqa: N812

    yield "shared strings 4 jt", B.shared_strings(4_000_000)
    yield "spasi di sheetData", B.spasi(2100 * MB)
    yield "200 rb baris + XFD1048576", B.baris_banyak(200_000, "A1:XFD1048576")
    yield "baris 1.048.576 (loncat)", sampai_batas(B.baris_loncat())
    yield "dimensi XFD1048576 saja", sampai_batas(B.dimensi_saja())
    yield "sel 56 MB (catatan)", B.sel_raksasa(56 * MB)
    yield "sel 56 MB shared string", B.sel_raksasa(56 * MB, shared=True)
    yield "sel di kolom XFD", sampai_batas(B.kolom_jauh())
    yield "85 rb anggota zip", B.anggota_banyak(85_000)
    yield "styles.xml 64 MB", sampai_batas(B.gaya_besar(64 * MB))
    yield "entitas DTD", sampai_batas(B.entitas())
    yield "LZMA", sampai_batas(B.metode_aneh())
    yield "ukuran bohong", sampai_batas(B.ukuran_bohong(B.baris_banyak(3_000)))
    yield "bita acak", os.urandom(CAP - 64 * 1024)


def status_mib(pid, nama):
    with open(f"/proc/{pid}/status") as f:
        for baris in f:
            if baris.startswith(nama + ":"):
                return int(baris.split()[1]) / 1024
    raise LookupError(nama)


def reset_puncak(pid):
    """VmHWM back to the current RSS (Linux clear_refs 5); False when not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def pekerja(master_pid):
    """The pids of gunicorn's workers (children of the master)."""
    anak = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if int((p / "stat").read_text().rsplit(")", 1)[1].split()[1]) == master_pid:
                    anak.append(int(p.name))
            except (OSError, IndexError, ValueError):
                pass
    return anak


class Klien:
    """One keep-alive HTTP connection with the session cookie and the CSRF token of the upload page."""

    def __init__(self, alamat, sesi):
        host, port = alamat.removeprefix("http://").split(":")
        self.host, self.port, self.kuki = host, int(port), {"sessionid": sesi}

    def minta(self, metode, path, badan=None, header=None):
        k = http.client.HTTPConnection(self.host, self.port, timeout=300)
        h = {"Cookie": "; ".join(f"{a}={b}" for a, b in self.kuki.items()), "Host": "127.0.0.1", **(header or {})}
        k.request(metode, path, body=badan, headers=h)
        r = k.getresponse()
        isi = r.read()
        for nilai in r.headers.get_all("Set-Cookie") or []:
            nama, _, sisa = nilai.partition("=")
            self.kuki[nama.strip()] = sisa.split(";", 1)[0]
        k.close()
        return r.status, isi

    def unggah(self, path, isi: bytes, nama="serangan.xlsx", **data):
        status, halaman = self.minta("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', halaman).group(1).decode()
        batas = uuid.uuid4().hex
        bagian = [
            f'--{batas}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in data.items()
        ]
        bagian.append(
            f'--{batas}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'.encode()
        )
        bagian.append(
            f'--{batas}\r\nContent-Disposition: form-data; name="berkas"; filename="{nama}"\r\n'
            "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
            + isi
            + b"\r\n"
        )
        badan = b"".join(bagian) + f"--{batas}--\r\n".encode()
        header = {
            "Content-Type": f"multipart/form-data; boundary={batas}",
            "X-CSRFToken": self.kuki.get("csrftoken", token),
            "Referer": f"http://127.0.0.1:{self.port}{path}",
        }
        return self.minta("POST", path, badan, header)


def pesan(status, halaman: bytes):
    teks = halaman.decode(errors="replace")
    m = re.search(r"(Berkas ditolak:[^<]*?\(batas (EVALUASI_IMPOR_MAKS_\w+)\)\.)", teks)
    if m:
        return m.group(2).removeprefix("EVALUASI_IMPOR_MAKS_"), m.group(1)
    for kunci, arti in (("bukan buku kerja Excel", "bukan XLSX"), ("terlalu besar", "terlalu besar")):
        if kunci in teks:
            return arti, kunci
    if status == 302:
        return "dicatat", "pratinjau (berkas rusak / galat baris)"
    return "-", teks[:200]


def main():
    sementara = tempfile.mkdtemp(prefix="bench-serangan-")
    env = env_produksi(f"sqlite:///{sementara}/bench.sqlite3", PRIBADI_ROOT=f"{sementara}/pribadi")
    print("# menyiapkan basis data (seed) …", flush=True)
    siapkan_basis_data(env)
    sesi = kuki_sesi(env, "verifikator")["verifikator"]
    g = Gunicorn(env, workers=1)
    hasil = []
    try:
        klien = Klien(g.alamat, sesi)
        path = "/opd/disnaker/impor/2022/"
        _, templat = klien.minta("GET", "/opd/disnaker/rencana/2022/templat.xlsx?triwulan=2")
        klien.unggah(path, templat, triwulan="2")  # warm: every module imported before measuring
        daftar = [("templat sah (rujukan)", templat)]
        print("# membuat bom …", flush=True)
        mulai = time.perf_counter()
        daftar += list(serangan())
        print(f"# {len(daftar) - 1} bom dibuat dalam {time.perf_counter() - mulai:.0f} s", flush=True)
        print(
            f"{'serangan':<28}{'MB':>6}{'status':>7}{'detik':>7}{'RSS awal':>9}{'puncak':>8}  {'sehat':<6}{'batas':<24}"
        )
        for nama, isi in daftar:
            (pid,) = pekerja(g.proses.pid)
            reset_puncak(pid)
            awal = status_mib(pid, "VmRSS")
            t0 = time.perf_counter()
            try:
                status, halaman = klien.unggah(path, isi, triwulan="2")
            except (OSError, http.client.HTTPException) as exc:
                status, halaman = 0, repr(exc).encode()
            detik = time.perf_counter() - t0
            try:
                puncak = status_mib(pid, "VmHWM")
            except (OSError, LookupError):
                puncak = float("nan")  # the worker is gone
            sehat_status, _ = klien.minta("GET", "/sehat/")
            hidup = pid in pekerja(g.proses.pid)
            batas, teks = pesan(status, halaman)
            sehat = "ya" if sehat_status == 200 and hidup else "TIDAK"
            print(
                f"{nama:<28}{len(isi) / MB:>6.1f}{status:>7}{detik:>7.2f}{awal:>9.0f}{puncak:>8.0f}  {sehat:<6}"
                f"{batas:<24}",
                flush=True,
            )
            hasil.append((nama, status, detik, puncak, sehat, batas))
        print("\nPesan tiap penolakan tertulis di halaman unggah (status 400), contoh:")
        print("  " + pesan(*klien.unggah(path, daftar[1][1], triwulan="2"))[1])
    finally:
        g.hentikan()
    for nama, status, detik, puncak, sehat, batas in hasil[1:]:
        ok = status in (400, 302) and detik < GOAL_DETIK and puncak < GOAL_MB and sehat == "ya"
        ringkas(
            f"serangan {nama}", f"{detik:.2f} s, {puncak:.0f} MB, {batas}", f"< {GOAL_DETIK:.0f} s, < {GOAL_MB} MB", ok
        )


if __name__ == "__main__":
    main()

# e-Evaluasi Kinerja — the two commands of README: `make run` and `make test`.
PY := .venv/bin/python
PIP := .venv/bin/pip
STAMP := .venv/.terpasang

.PHONY: install run test lint sistem peramban bench beban sintetis

# System libraries WeasyPrint needs (pango) and the fonts the PDF names; apt only when missing.
sistem:
	@if ! ldconfig -p | grep -q libpango-1.0 || [ ! -d /usr/share/fonts/truetype/dejavu ] \
	    || ! ls /usr/share/fonts/truetype/dejavu | grep -q DejaVuSans-Oblique; then \
	  echo "Memasang pustaka sistem (pango, fon DejaVu) untuk WeasyPrint..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-dejavu-extra >/dev/null; \
	fi

$(STAMP): requirements.txt
	@test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --disable-pip-version-check -r requirements.txt
	@touch $(STAMP)

# Debian's Chromium for the browser tests (tests/browser/): Playwright drives it; its own
# browser download (`playwright install`) cannot reach its host here. apt only when missing.
peramban:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Memasang Chromium untuk uji peramban..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

install: sistem $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py muat_contoh
	@echo ""
	@echo "Buka http://127.0.0.1:8000/  (masuk: admin, bappeda, kadis, verifikator, op_sekretariat,"
	@echo "op_pelatihan, op_ipk, op_penempatan, op_hi, inspektorat — sandi: lamongan2022)"
	$(PY) manage.py runserver 127.0.0.1:8000

test: install peramban
	$(PY) -m pytest

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Scale (issue 7): every bench script and one table of figures against goals (bench/README.md).
bench: install
	$(PY) bench/all

# The issue's full load run: 50 clients for 30 s on gunicorn + a private PostgreSQL (the suite runs 10 s).
beban: install
	BEBAN_DETIK=30 $(PY) -m pytest -o addopts="" -q -s tests/test_beban.py tests/test_gangguan.py

# A synthetic kabupaten in the local database (50 OPD × 2021–2026, marked "data sintetis").
sintetis: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py buat_data_sintetis --opd 50 --tahun 2021-2026 --seed 1

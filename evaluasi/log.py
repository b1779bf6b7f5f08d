"""Structured logging: one JSON object per line on stderr, for journald or a log collector."""

import json
import logging
from datetime import UTC, datetime

# Attributes every LogRecord has; anything else was passed with ``extra=`` and is kept.
_BAWAAN = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class FormatJson(logging.Formatter):
    """time (UTC, ISO 8601), level, logger, message, the request path and status if known, the exception."""

    def format(self, record):
        data = {
            "waktu": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "pesan": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            data["path"] = request.path
            data["metode"] = request.method
        for kunci, nilai in vars(record).items():
            if kunci not in _BAWAAN and kunci not in ("request", "status_code") and not kunci.startswith("_"):
                data[kunci] = nilai if isinstance(nilai, (str, int, float, bool, type(None))) else repr(nilai)
        if getattr(record, "status_code", None) is not None:
            data["status"] = record.status_code
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        return json.dumps(data, ensure_ascii=False)


class TanpaJejakGalatDb(logging.Filter):
    """While the database is unreachable every request fails the same way: log one line, not a traceback each.

    evaluasi.middleware turns those requests into the 503 page and logs them itself.
    """

    def filter(self, record):
        from django.db import InterfaceError, OperationalError

        if record.exc_info and isinstance(record.exc_info[1], (OperationalError, InterfaceError)):
            from evaluasi.middleware import basis_data_sibuk

            sibuk = basis_data_sibuk(record.exc_info[1])
            record.exc_info = None
            record.exc_text = None
            record.msg = "Basis data sibuk (kunci tidak didapat): %s" if sibuk else "Basis data tidak terjangkau: %s"
            record.args = (getattr(getattr(record, "request", None), "path", "?"),)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True

"""Exports of the report: PDF (WeasyPrint), XLSX (openpyxl) and open data (JSON)."""

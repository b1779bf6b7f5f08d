"""Show an indicator's formula readably: the LaTeX subset of the documents as HTML (fractions, ×, Σ, indices).

Only a small, known subset is translated (\\frac, \\text, \\times, \\sum, _ and ^);
everything is HTML-escaped first, so a formula typed by a user can never inject markup.

Translation is bounded: a formula longer than ``EVALUASI_FORMULA_PANJANG_MAKS`` characters or nesting
``{`` deeper than ``EVALUASI_FORMULA_KEDALAMAN_MAKS`` is shown as its plain text, so a typed (or
imported) formula can never exhaust the recursion or the time of a report (HTML, PDF, XLSX).
"""

from __future__ import annotations

import re
from html import unescape

from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

KEDALAMAN_MAKS = 20  # default of settings.EVALUASI_FORMULA_KEDALAMAN_MAKS: documents nest 2–3 levels
PANJANG_MAKS = 2000  # default of settings.EVALUASI_FORMULA_PANJANG_MAKS: documents' formulas are < 300 characters

_SIMBOL = {r"\times": "×", r"\sum": "Σ", r"\cdot": "·", r"\le": "≤", r"\ge": "≥", r"\pm": "±", r"\%": "%"}


def _kurung(s: str, i: int):
    """Return (content, index after) of the {...} group starting at s[i] == '{'."""
    tingkat = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            tingkat += 1
        elif s[j] == "}":
            tingkat -= 1
            if tingkat == 0:
                return s[i + 1 : j], j + 1
    return s[i + 1 :], len(s)


def _argumen(s: str, i: int):
    while i < len(s) and s[i] == " ":
        i += 1
    if i < len(s) and s[i] == "{":
        return _kurung(s, i)
    return (s[i : i + 1], i + 1)


def dapat_diterjemahkan(latex: str) -> bool:
    """True when the formula is within the length and nesting bounds (one linear pass, no recursion)."""
    if len(latex) > getattr(settings, "EVALUASI_FORMULA_PANJANG_MAKS", PANJANG_MAKS):
        return False
    batas = getattr(settings, "EVALUASI_FORMULA_KEDALAMAN_MAKS", KEDALAMAN_MAKS)
    tingkat = 0
    for c in latex:
        if c == "{":
            tingkat += 1
            if tingkat > batas:
                return False
        elif c == "}":
            tingkat = max(0, tingkat - 1)
    return True


def latex_ke_html(latex: str) -> str:
    """Translate the LaTeX subset to (already escaped) HTML; beyond the bounds, the escaped text as typed."""
    if not dapat_diterjemahkan(latex):
        return escape(latex.strip())
    return _html(latex)


def _html(latex: str) -> str:
    keluar = []
    i = 0
    s = latex.strip().strip("$").strip()
    while i < len(s):
        if s.startswith(r"\frac", i):
            atas, i = _argumen(s, i + 5)
            bawah, i = _argumen(s, i)
            keluar.append(
                '<span class="pecahan"><span class="pembilang">'
                + _html(atas)
                + '</span><span class="penyebut">'
                + _html(bawah)
                + "</span></span>"
            )
        elif s.startswith(r"\text", i):
            isi, i = _argumen(s, i + 5)
            keluar.append(escape(isi))
        elif s[i] in "_^":
            tag = "sub" if s[i] == "_" else "sup"
            isi, i = _argumen(s, i + 1)
            keluar.append(f"<{tag}>{_html(isi)}</{tag}>")
        elif s[i] == "\\":
            m = re.match(r"\\[a-zA-Z]+|\\.", s[i:])
            perintah = m.group(0)
            keluar.append(escape(_SIMBOL.get(perintah, perintah.lstrip("\\"))))
            i += len(perintah)
        elif s[i] in "{}":
            i += 1
        else:
            keluar.append(escape(s[i]))
            i += 1
    return "".join(keluar)


def formula_html(definisi: str, formula: str):
    """Definisi operasional followed by the formula, shown readably."""
    definisi = (definisi or "").strip()
    formula = (formula or "").strip()
    bagian = []
    if definisi:
        bagian.append(format_html('<p class="definisi">{}</p>', definisi))
    if formula:
        if "\\" in formula or formula.startswith("$"):
            bagian.append(mark_safe(f'<p class="formula">{latex_ke_html(formula)}</p>'))  # noqa: S308 - escaped above
        else:
            bagian.append(format_html('<p class="formula">{}</p>', formula))
    return mark_safe("".join(bagian))  # noqa: S308 - every part is escaped


def latex_ke_teks(latex: str) -> str:
    """A plain-text rendering for XLSX and JSON: (A) / (B) × 100; beyond the bounds, the text as typed."""
    if not dapat_diterjemahkan(latex):
        return re.sub(r"\s+", " ", latex).strip()
    html = _html(latex)
    html = re.sub(r'<span class="pembilang">(.*?)</span><span class="penyebut">', r"(\1) / (", html)
    html = html.replace('<span class="pecahan">', "").replace("</span></span>", ")")
    html = html.replace("<sub>", "_").replace("<sup>", "^")
    teks = re.sub(r"<[^>]+>", "", html)
    return re.sub(r"\s+", " ", unescape(teks)).strip()

"""URL modules per area, included by evaluasi/urls.py (one module per area keeps each area's routes together)."""

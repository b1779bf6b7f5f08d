"""The Kepala Dinas dashboard, its drill-down and the kabupaten overview (issue 6): data services and charts."""

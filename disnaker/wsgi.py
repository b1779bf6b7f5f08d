"""WSGI entry point of e-Evaluasi Kinerja, used by gunicorn (gunicorn.conf.py; see docs/deploy.md).

It exposes the WSGI callable as a module-level variable named ``application``.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "disnaker.settings")

application = get_wsgi_application()

"""WSGI entry point for gunicorn (``gunicorn config.wsgi``)."""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()


def _load_the_search_dictionary() -> None:
    # jieba reads its dictionary on first use, about a second: in the background as the
    # worker starts, not during a visitor's first search.
    from reports.search import tokenizer

    tokenizer()


threading.Thread(target=_load_the_search_dictionary, name="search-dictionary",
                 daemon=True).start()

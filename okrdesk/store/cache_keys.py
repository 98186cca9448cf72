"""Settings keys that hold derived data (caches), not the user's settings.

A key starting with ``CACHE_PREFIX`` is never listed by ``settings()`` nor
exported, and every write transaction of the service deletes all of them, so
a cache in the workspace exists only while the data it was derived from is
unchanged.
"""

CACHE_PREFIX = "cache."
#: What the main window shows first (``okrdesk.store.readmodels.startup``).
STARTUP_VIEW_KEY = CACHE_PREFIX + "startup_view"

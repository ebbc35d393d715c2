"""The tracking and run tests' tiny models run on one thread (``dlkit_testing.one_thread``)."""

from dlkit_testing import one_thread  # noqa: F401  (a package-scoped autouse fixture)

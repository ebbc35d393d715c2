"""Run folders seen as a collection: each run's state file (``state.py``), the watch that keeps it
and the trackers during ``train`` (``watch.py``), the ``dlkit runs`` listing and clean-up
(``listing.py``) and the per-run ``report.html`` (``report.py``)."""

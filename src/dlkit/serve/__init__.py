"""The HTTP prediction server behind ``dlkit serve``: the ASGI app (``app.py``), the micro-batcher
that gathers concurrent requests into one model call (``batcher.py``) and the uvicorn runner with
the bind, key and signal rules (``server.py``). ``jobs/serve.py`` loads the runs and calls it."""

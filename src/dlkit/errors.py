"""The user-facing error types and their exit codes.

Every job raises one of these for a problem the user can fix; ``cli/main.py`` turns it into one line
on stderr and the documented exit code. Anything else that escapes is a bug (exit 1).
"""

OK = 0
FAILURE = 1
USAGE = 2
DATA = 3
NETWORK = 4
BUSY = 75  # EX_TEMPFAIL: another run holds the lock, try later
INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C


class DlkitError(Exception):
    """A problem the user can fix; ``str(err)`` is the one line shown."""

    exit_code = FAILURE


class UsageError(DlkitError):
    """Bad arguments, recipe or config (exit 2)."""

    exit_code = USAGE


class DataError(DlkitError):
    """Missing, unreadable or corrupt data, checkpoints or run folders (exit 3)."""

    exit_code = DATA


class NetworkError(DlkitError):
    """A download or scrape failed, was refused or was blocked (exit 4)."""

    exit_code = NETWORK


class Interrupted(DlkitError):
    """Ctrl-C during a job; the message says how to pick the work up again (exit 130)."""

    exit_code = INTERRUPTED


class TooLarge(DataError):
    """An input over a size limit, e.g. an image over ``serve``'s pixel limit (exit 3; HTTP 413)."""

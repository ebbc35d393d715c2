"""The classic tests' tiny nets run on one thread: at these sizes a second thread only adds
synchronisation on a busy 2-core machine. Restored after the folder's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def _one_thread():
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)

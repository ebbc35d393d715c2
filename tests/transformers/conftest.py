"""The transformer tests run their tiny models on one thread (a second one only adds
synchronisation on a busy 2-core machine); restored after the folder's tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="package", autouse=True)
def _one_thread():
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)

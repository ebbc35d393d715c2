"""The GPU defaults' decision (engine/precision.py) without a GPU: which precision, TF32 and memory
format a device capability gets, that fp32 opts out, and that on the CPU the default ``auto`` is
exactly the old fp32 path (no autocast, no scaler, default memory format, TF32 flags untouched)."""

from __future__ import annotations

import pytest
import torch

from dlkit.engine.precision import Plan, choose, enable_tf32, is_conv_net, plan_for

AMPERE, HOPPER, TURING, VOLTA = (8, 0), (9, 0), (7, 5), (7, 0)


@pytest.mark.parametrize("requested", ["auto", "fp32", "bf16", "fp16"])
@pytest.mark.parametrize("device", ["cpu", "mps"])
def test_off_cuda_every_value_trains_in_plain_fp32(requested, device):
    assert choose(requested, device, None, conv_net=True) == Plan("fp32", False, False)


@pytest.mark.parametrize(
    "capability, precision, scaler",
    [
        (HOPPER, "bf16", False),
        (AMPERE, "bf16", False),
        (TURING, "fp16", True),
        (VOLTA, "fp16", True),
        (None, "fp16", True),
    ],
)
def test_auto_on_cuda_is_bf16_where_native_else_fp16_with_a_scaler(capability, precision, scaler):
    plan = choose("auto", "cuda", capability, conv_net=True)
    assert (plan.precision, plan.scaler, plan.tf32, plan.channels_last) == (
        precision,
        scaler,
        True,
        True,
    )
    assert not choose("auto", "cuda", capability, conv_net=False).channels_last


@pytest.mark.parametrize("capability", [HOPPER, TURING])
def test_fp32_opts_out_of_everything_and_explicit_values_are_honoured(capability):
    assert choose("fp32", "cuda", capability, conv_net=True) == Plan("fp32", False, False)
    assert choose("bf16", "cuda", capability, conv_net=True) == Plan("bf16", True, True)
    assert choose("fp16", "cuda", capability, conv_net=False) == Plan("fp16", True, False)


def test_an_unknown_value_is_refused():
    with pytest.raises(ValueError, match="trainer.precision"):
        choose("fp8", "cuda", HOPPER)


def test_describe_names_what_a_run_uses():
    assert choose("auto", "cuda", HOPPER, True).describe() == "bf16 autocast, TF32, channels_last"
    assert choose("auto", "cuda", TURING).describe() == "fp16 autocast + grad scaler, TF32"
    assert choose("fp32", "cuda", HOPPER).describe() == "fp32"


def test_plan_for_reads_the_capability_and_spots_conv_nets(monkeypatch):
    monkeypatch.setattr(torch.cuda, "get_device_capability", lambda device=None: (9, 0))
    conv = torch.nn.Sequential(torch.nn.Conv2d(1, 2, 3), torch.nn.Flatten())
    mlp = torch.nn.Sequential(torch.nn.Linear(3, 2))
    assert is_conv_net(conv) and not is_conv_net(mlp)
    assert plan_for("auto", torch.device("cuda"), conv) == Plan("bf16", True, True)
    assert plan_for("auto", torch.device("cuda"), mlp) == Plan("bf16", True, False)
    assert plan_for("auto", torch.device("cpu"), conv) == Plan("fp32", False, False)


def test_tf32_flags_are_left_alone_off_cuda():
    before = (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32)
    enable_tf32(Plan("bf16", True, True), torch.device("cpu"))
    assert (torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32) == before


@pytest.mark.parametrize("recipe", ["digits-cnn", "digits-mlp"])
def test_the_default_on_cpu_is_the_old_fp32_path(recipe):
    from dlkit.components import DATASETS
    from dlkit.config.validate import data_arguments
    from dlkit.engine.distributed import Dist
    from dlkit.jobs.recipe_args import Overrides, load_recipe
    from dlkit.jobs.setup import setup

    loaded = load_recipe(recipe, Overrides([], [], {"device": "cpu"}))
    assert loaded.trainer.precision == "auto" and not loaded.trainer.compile
    dataset = DATASETS.create(loaded.data.name, **data_arguments(loaded))
    step = setup(loaded, dataset, torch.device("cpu"), Dist()).trainer.step
    assert step.amp_dtype is None and not step.scaler.is_enabled() and not step.channels_last
    assert all(p.is_contiguous() for p in step.model.parameters())
    x = torch.zeros(2, 1, 8, 8)
    assert step.inputs(x) is x

"""Bad-input rows for the GPU defaults (``trainer.precision``, ``trainer.compile``) and for
``dlkit train --nproc`` / ``--nnodes`` / ``--rdzv-endpoint`` / ``--start-timeout``: every one is
caught before a process is launched. The device rows hold on any machine: no machine has 64 GPUs,
and a CUDA row on a machine without CUDA fails for that reason instead."""

from __future__ import annotations

from bad_inputs.cases import Case, case

GPU: list[Case] = [
    case(
        "precision-unknown", "train digits-mlp --set trainer.precision=fp8", 2, "trainer.precision"
    ),
    case("precision-number", "train digits-mlp --set trainer.precision=16", 2, "trainer.precision"),
    case(
        "compile-not-a-bool", "train digits-mlp --set trainer.compile=maybe", 2, "trainer.compile"
    ),
    case("nproc-zero", "train digits-mlp --nproc 0", 2, "--nproc 0"),
    case("nproc-negative", "train digits-mlp --nproc -1", 2, "--nproc -1"),
    case("nproc-not-a-number", "train digits-mlp --nproc two", 2, "--nproc"),
    case("nproc-more-than-cores", "train digits-mlp --device cpu --nproc 100000", 2, "core"),
    case("nproc-more-than-gpus", "train digits-mlp --device cuda --nproc 64", 2, "CUDA"),
    case("nproc-one-gpu-named", "train digits-mlp --device cuda:0 --nproc 2", 2, "--device cuda:0"),
    case("nproc-on-mps", "train digits-mlp --device mps --nproc 2", 2, "MPS"),
    case(
        "nproc-bad-recipe-once",
        "train digits-mlp --nproc 2 --set trainer.epoch=1",
        2,
        "did you mean",
    ),
    case("nnodes-zero", "train digits-mlp --nproc 1 --nnodes 0", 2, "--nnodes 0"),
    case("nnodes-without-endpoint", "train digits-mlp --nproc 1 --nnodes 2", 2, "--rdzv-endpoint"),
    case(
        "nnodes-without-nproc", "train digits-mlp --nnodes 2 --rdzv-endpoint h:29500", 2, "--nproc"
    ),
    case("rdzv-no-port", "train digits-mlp --nproc 2 --rdzv-endpoint localhost", 2, "HOST:PORT"),
    case("rdzv-port-zero", "train digits-mlp --nproc 2 --rdzv-endpoint host:0", 2, "HOST:PORT"),
    case(
        "rdzv-port-too-big", "train digits-mlp --nproc 2 --rdzv-endpoint host:65536", 2, "HOST:PORT"
    ),
    case("rdzv-no-host", "train digits-mlp --nproc 2 --rdzv-endpoint :29500", 2, "HOST:PORT"),
    case("rdzv-url", "train digits-mlp --nproc 2 --rdzv-endpoint tcp://h:29500", 2, "HOST:PORT"),
    case("start-timeout-without-nproc", "train digits-mlp --start-timeout 60", 2, "--nproc"),
    case(
        "start-timeout-zero", "train digits-mlp --nproc 2 --start-timeout 0", 2, "--start-timeout"
    ),
]

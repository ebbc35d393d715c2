"""A checkpoint that does not load is exit 3, whatever part of it is broken: zeroed skops bytes,
replaced XGBoost JSON, a field of the wrong type, an edited input spec or model options."""

from __future__ import annotations

import copy
import shutil

import pytest
import torch

from classic.classic_runs import invoke, train

FAST = ["--set", "model.estimator.n_estimators=5", "--set", "model.estimator.n_jobs=1"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tamper")
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{'yes' if i % 7 > 3 else 'no'}" for i in range(60))
    (folder / "t.csv").write_text("a,b,y\n" + rows + "\n")
    xgb = train(
        folder, "tabular-xgboost", "--data", str(folder / "t.csv"), "--set", "data.target=y", *FAST
    )
    skops = train(folder, "linreg-sklearn")
    (folder / "x.csv").write_text("x\n1\n2\n")
    for run, rows in ((xgb, "t.csv"), (skops, "x.csv")):  # the untouched runs predict
        assert invoke("predict", str(run), str(folder / rows)).exit_code == 0
    return {
        "xgboost": xgb,
        "skops": skops,
        "xgboost-rows": folder / "t.csv",
        "skops-rows": folder / "x.csv",
    }


def _bytes(text: bytes) -> torch.Tensor:
    return torch.frombuffer(bytearray(text), dtype=torch.uint8)


TAMPER = {
    "zeroed-estimator": lambda c: c["state_dict"].update(
        estimator=torch.zeros_like(c["state_dict"]["estimator"])
    ),
    "replaced-estimator": lambda c: c["state_dict"].update(estimator=_bytes(b'{"learner": 5}')),
    "classes-int": lambda c: c.update(classes=5),
    "config-list": lambda c: c.update(config=[1]),
    "input-spec-shape": lambda c: c["input_spec"].update(shape="x"),
    "model-options": lambda c: c["model"]["options"].update(bogus=1),
}


CASES = [("xgboost", how) for how in TAMPER] + [
    ("skops", "zeroed-estimator"),
    ("skops", "replaced-estimator"),
]


@pytest.mark.parametrize(("kind", "how"), CASES)
def test_tampered_checkpoint_is_a_data_error(runs, kind, how, tmp_path):
    run = shutil.copytree(runs[kind], tmp_path / "run")
    for name in ("best.pt", "last.pt"):
        ckpt = copy.deepcopy(torch.load(run / name, weights_only=True))
        TAMPER[how](ckpt)
        torch.save(ckpt, run / name)
    for args in (["evaluate", str(run)], ["predict", str(run), str(runs[f"{kind}-rows"])]):
        result = invoke(*args)
        assert result.exit_code == 3, (args, result.exit_code, result.stderr)
        err = result.stderr.strip()
        assert err.startswith("dlkit: error:") and "\n" not in err and "internal" not in err


def test_resume_of_an_estimator_run_says_there_is_nothing_to_resume(runs):
    result = invoke("train", "--resume", str(runs["xgboost"]), "--epochs", "3")
    assert result.exit_code == 3
    assert "fits its estimator once, so there is nothing to resume" in result.stderr
    assert "dlkit train tabular-xgboost" in result.stderr

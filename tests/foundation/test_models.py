"""Every registered model, built from small arguments: output shape and a checkpoint round trip;
the registries' name → module maps against the decorators; lazy lookups; ``dlkit components``."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from dlkit.components import MODELS, registries
from dlkit.config.validate import INJECTED
from dlkit.engine import checkpoint
from dlkit.errors import UsageError
from dlkit.registry import Registry
from dlkit_testing import cli_env

# name → (in_shape, num_outputs, options): small enough to build and run in well under a second,
# except VGG16's base, whose size is fixed: its 60 MB checkpoint round trip takes ~10 s (slow).
MODEL_ROWS = {
    "mlp": ([1, 8, 8], 10, {"hidden": [16, 8], "dropout": 0.1, "activation": "tanh"}),
    "cnn": (
        [1, 8, 8],
        10,
        {
            "channels": [4, 8],
            "padding": "same",
            "batch_norm": True,
            "conv_dropout": 0.1,
            "hidden": [16],
            "dropout": 0.2,
        },
    ),
    "lenet": ([3, 32, 32], 10, {"channels": [3, 4], "hidden": [12, 8]}),
    "vgg_small": (
        [3, 16, 16],
        10,
        {"channels": [4, 4, 8, 8], "conv_dropout": 0.1, "batch_norm": True, "hidden": [16, 8]},
    ),
    "airbench": ([3, 16, 16], 10, {"widths": [8, 16, 16]}),
    "catsdogs_cnn": ([3, 46, 46], 1, {"channels": [4, 4, 8, 8], "hidden": 16, "dropout": 0.5}),
    "vgg16_head": ([512, 1, 1], 2, {"hidden": 8}),
    "vgg16_transfer": ([3, 32, 32], 2, {"weights": "none", "mode": "finetune", "hidden": 8}),
    "lstm": ([6, 3], 1, {"hidden": [8, 4], "dropout": 0.1}),
    "text_bilstm": ([7, 30], 2, {"embedding_dim": 8, "hidden_size": 4, "fc": 5}),
    "text_bilstm_packed": ([7, 30], 2, {"embedding_dim": 8, "hidden_size": 4, "fc": 5}),
    "text_lstm_packed": ([7, 30], 1, {"embedding_dim": 8, "hidden_size": 4, "num_layers": 2}),
    "text_lstm": ([7, 30], 1, {"embedding_dim": 8, "hidden_size": 4, "num_layers": 2}),
    "char_lstm": ([12], 12, {"hidden_size": 8}),
    "tfidf": ([1], 2, {"estimator": {"name": "decision_tree", "max_depth": 3}}),
    "vgg16": ([3, 32, 32], 2, {"weights": "none", "dropout": 0.0}),
    "dcgan": ([3, 96, 96], 3, {"nz": 8, "ngf": 4, "ndf": 4}),
    "dcgan_generator": ([8, 1, 1], 3, {"ngf": 4}),
    "dcgan_discriminator": ([3, 96, 96], 1, {"ndf": 4}),
    "vgg19_style": ([3, 32, 32], 3, {"weights": "none"}),
    "style_image": ([3, 8, 8], 3, {}),
    "rnn": ([51], 51, {"hidden": 4, "layers": 2, "legacy": False}),
    "hf_classifier": ([1], 2, {"max_length": 16}),
    "hf_seq2seq": ([1], 1, {"max_length": 16, "target_max_length": 8, "num_beams": 1}),
    "perceptron": ([2], 1, {}),
    "hand_mlp": ([2], 1, {"hidden": 3, "impl": "numpy"}),
    "table_estimator": ([3], 1, {"estimator": {"name": "xgboost", "n_estimators": 3}}),
}
HEAVY = {"vgg16_transfer", "vgg16"}
FITTED = {"tfidf"}  # fitted, not built with weights: tests/text/test_estimators.py round-trips it
# Texts in, not tensors: tests/transformers round-trips them (tiny BERT and T5 built in the test).
FITTED |= {"hf_classifier", "hf_seq2seq"}
FITTED |= {"table_estimator"}  # tests/classic/test_table_estimators.py round-trips it
# Models whose output is not (batch, num_outputs): the per-sample output shape.
OUT_SHAPES = {
    "dcgan": (),
    "dcgan_generator": (3, 96, 96),
    "dcgan_discriminator": (),
    "vgg19_style": (512, 2, 2),
    "style_image": (3, 8, 8),
}


def test_every_registered_model_has_a_row():
    missing = sorted(set(MODELS.names()) - set(MODEL_ROWS))
    assert not missing, f"add a MODEL_ROWS entry (small in_shape and options) for {missing}"
    assert sorted(MODEL_ROWS) == MODELS.names()


def _model_params():
    return [
        pytest.param(name, marks=[pytest.mark.slow] if name in HEAVY else [])
        for name in MODELS.names()
        if name not in FITTED
    ]


@pytest.mark.parametrize("name", _model_params())
def test_model_builds_and_round_trips_a_checkpoint(name, tmp_path):
    in_shape, outputs, options = MODEL_ROWS[name]
    MODELS.params_model(name, skip=INJECTED["model"]).model_validate(options)  # a legal recipe
    torch.manual_seed(0)
    model = MODELS.create(name, in_shape=in_shape, num_outputs=outputs, **options).eval()
    x = torch.randn(2, *in_shape)
    with torch.no_grad():
        y = model(x)
    assert y.shape == (2, *OUT_SHAPES.get(name, (outputs,))) and torch.isfinite(y).all()
    spec = {"name": name, "options": options, "in_shape": in_shape, "num_outputs": outputs}
    payload = {
        "recipe": "test",
        "config": {},
        "model": spec,
        "state_dict": model.state_dict(),
        "input_spec": {"kind": "image", "shape": list(spec["in_shape"])},
    }
    path = checkpoint.save(tmp_path / "best.pt", payload)
    rebuilt = checkpoint.build_model(checkpoint.load(path)).eval()
    assert list(rebuilt.state_dict()) == list(model.state_dict())
    with torch.no_grad():
        assert torch.equal(rebuilt(x), y)


def test_an_empty_hidden_list_is_the_softmax_regression():
    params = MODELS.params_model("mlp", skip=INJECTED["model"])
    assert params.model_validate({"hidden": []}).hidden == []
    model = MODELS.create("mlp", in_shape=[1, 28, 28], num_outputs=10, hidden=[])
    assert sum(p.numel() for p in model.parameters()) == 7850


# --- the registries --------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(registries()))
def test_the_name_to_module_map_agrees_with_the_decorators(kind):
    registry = registries()[kind]
    assert registry.where, f"{kind}: map each name to its module in components.py"
    assert registry.names() == sorted(registry.where), (
        f"{kind}: registered names and the components.py map differ"
    )
    for name, module in registry.where.items():
        assert registry.get(name).__module__ == module, (
            f"{kind} '{name}' is registered in {registry.get(name).__module__}, mapped to {module}"
        )


def test_a_lookup_imports_only_the_module_it_needs():
    code = (
        "import sys\nfrom dlkit.components import DATASETS, MODELS\n"
        "DATASETS.params_model('digits')\n"
        "first = 'torch' in sys.modules\n"
        "try:\n    MODELS.get('cnnn')\nexcept Exception as exc:\n    print(exc)\n"
        "print('torch' in sys.modules, first)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=cli_env(), capture_output=True, text=True, timeout=120
    )
    lines = out.stdout.splitlines()
    assert lines == [
        "unknown model 'cnnn' (did you mean 'cnn'?); known: " + ", ".join(sorted(MODELS.where)),
        "False False",
    ], out.stderr[-2000:]


def test_mapped_and_tuple_registries(tmp_path, monkeypatch):
    """A mapped name imports its own module only; the tuple form imports its modules on the first
    lookup, as registries outside components.py may still declare them."""
    (tmp_path / "fake_registry.py").write_text(
        "from dlkit.registry import Registry\n"
        "THINGS = Registry('thing', modules=('fake_things',))\n"
        "MAPPED = Registry('mapped', modules={'a': 'fake_things', 'b': 'fake_things',\n"
        "                                     'z': 'fake_other'})\n"
    )
    (tmp_path / "fake_things.py").write_text(
        "from fake_registry import MAPPED, THINGS\n"
        "@THINGS.register('alpha')\ndef alpha(size: int = 2):\n    return size\n"
        "@MAPPED.register('a')\ndef a():\n    return 1\n"
    )
    (tmp_path / "fake_other.py").write_text(
        "from fake_registry import MAPPED\n@MAPPED.register('z')\ndef z():\n    return 26\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    for module in ("fake_registry", "fake_things", "fake_other"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    from fake_registry import MAPPED, THINGS

    assert MAPPED.create("a") == 1
    assert "fake_things" in sys.modules and "fake_other" not in sys.modules
    assert isinstance(THINGS, Registry) and THINGS.create("alpha", size=3) == 3
    assert THINGS.names() == ["alpha"]
    with pytest.raises(UsageError, match=r"unknown thing 'alpah' \(did you mean 'alpha'\?\)"):
        THINGS.get("alpah")
    with pytest.raises(LookupError, match="fake_things does not register mapped 'b'"):
        MAPPED.get("b")  # a wrong map is a bug, said plainly
    assert MAPPED.names() == ["a", "z"] and "fake_other" in sys.modules
    for module in ("fake_registry", "fake_things", "fake_other"):
        monkeypatch.delitem(sys.modules, module)


# --- dlkit components --------------------------------------------------------------------------
def test_components_lists_every_kind_with_options_and_defaults(cli):
    result = cli("components", "--json")
    assert result.exit_code == 0, result.stderr
    listing = json.loads(result.stdout)
    assert list(listing) == list(registries())
    for kind, items in listing.items():
        assert [i["name"] for i in items] == registries()[kind].names()
    cnn = {o["name"]: o for o in next(i for i in listing["model"] if i["name"] == "cnn")["options"]}
    assert "in_shape" not in cnn and "num_outputs" not in cnn
    assert cnn["channels"] == {
        "name": "channels",
        "default": [32, 64],
        "required": False,
        "type": "list of int > 0, at least 1",
    }
    assert cnn["padding"]["type"] == "valid | same" and cnn["dropout"]["type"] == "float in [0, 1)"
    adam = next(i for i in listing["optimizer"] if i["name"] == "adam")
    assert {o["name"] for o in adam["options"]} == {
        "betas",
        "eps",
        "amsgrad",
        "fused",
    }  # not params, lr
    assert all(not i["options"] for i in listing["report"] + listing["predictor"])


def test_components_kind_table(cli):
    result = cli("components", "models")
    assert result.exit_code == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "models"
    for name in MODELS.names():
        assert any(line.startswith(name + " ") for line in lines), name
    assert "whiten_bias_epochs" in result.stdout and "datasets" not in result.stdout


def test_component_names_are_never_cut_on_a_narrow_terminal():
    import io

    from rich.console import Console

    from dlkit.cli.components import _table, listing

    buffer = io.StringIO()
    Console(file=buffer, width=50).print(_table("dataset", listing("data")["dataset"]))
    text = buffer.getvalue()
    for name in ("vgg16_features", "image_folder", "test_fraction", "extract_batch"):
        assert name in text
    assert "…" not in text

"""Keras-style augmentation: off means None, zero ranges are the identity, flips flip, zoom follows
Keras' direction, shapes and dtypes survive, and a seeded generator makes it reproducible."""

from __future__ import annotations

import pytest
import torch

from dlkit.data.inputs import ImageInput
from dlkit.errors import UsageError
from dlkit.families.images.augment import Augment, build_augment, parse_options

SEED_AUG = dict(
    rotation=40,
    width_shift=0.2,
    height_shift=0.2,
    shear=0.2,
    zoom=0.2,
    horizontal_flip=True,
    fill_mode="nearest",
)


def batch(n: int = 8, c: int = 3, h: int = 20, w: int = 28) -> torch.Tensor:
    return torch.rand(n, c, h, w, generator=torch.Generator().manual_seed(0))


def test_nothing_switched_on_is_none():
    assert build_augment(None) is None
    assert build_augment({}) is None
    assert build_augment({"rotation": 0, "zoom": 0.0, "fill_mode": "reflect"}) is None


def test_zero_ranges_through_the_affine_path_are_the_identity():
    aug = Augment(parse_options({}))
    x = batch()
    theta = aug.matrices(len(x), 20, 28)
    assert torch.allclose(theta, torch.tensor([[1.0, 0, 0], [0, 1.0, 0]]).expand(8, 2, 3))
    assert torch.allclose(aug._affine(x, None), x, atol=1e-5)


def test_horizontal_flip_flips_about_half():
    aug = build_augment({"horizontal_flip": True})
    x = batch(64)
    out = aug(x, torch.Generator().manual_seed(1))
    same = [(o == i).all().item() for o, i in zip(out, x)]
    flipped = [(o == i.flip(-1)).all().item() for o, i in zip(out, x)]
    assert all(s or f for s, f in zip(same, flipped))
    assert 10 < sum(flipped) < 54


def test_zoom_above_one_zooms_out_like_keras():
    aug = build_augment({"zoom": [2.0, 2.0], "fill_mode": "constant", "cval": 0})
    out = aug(torch.ones(1, 1, 40, 40), None)
    assert out[0, 0, 20, 20] == pytest.approx(1.0)
    assert out[0, 0, 1, 1] == pytest.approx(0.0)
    assert out[0, 0].mean() == pytest.approx(0.25, abs=0.05)


@pytest.mark.parametrize("fill", ["nearest", "reflect", "constant", "wrap"])
def test_shapes_dtypes_and_range_are_kept(fill):
    aug = build_augment({**SEED_AUG, "fill_mode": fill, "brightness": [0.8, 1.2]})
    for c in (1, 3):
        x = batch(5, c)
        out = aug(x, torch.Generator().manual_seed(0))
        assert out.shape == x.shape and out.dtype == x.dtype
        assert torch.isfinite(out).all() and out.min() >= 0 and out.max() <= 1.0 + 1e-6
        assert not torch.allclose(out, x)


def test_same_seed_same_batch_other_seed_other_batch():
    aug = build_augment(SEED_AUG)
    x = batch()
    first = aug(x, torch.Generator().manual_seed(7))
    again = aug(x, torch.Generator().manual_seed(7))
    other = aug(x, torch.Generator().manual_seed(8))
    assert torch.equal(first, again)
    assert not torch.allclose(first, other)


def test_constant_fill_uses_cval():
    aug = build_augment({"width_shift": 0.9, "fill_mode": "constant", "cval": 255})
    out = aug(torch.zeros(16, 1, 10, 10), torch.Generator().manual_seed(0))
    assert out.max() == pytest.approx(1.0)


def test_unknown_or_bad_keys_are_one_usage_error():
    with pytest.raises(UsageError, match=r"data.augment.rotaton.*did you mean 'rotation'"):
        build_augment({"rotaton": 10})
    with pytest.raises(UsageError, match="fill_mode"):
        build_augment({"rotation": 10, "fill_mode": "mirror"})


def test_evaluation_batches_are_never_augmented():
    spec = ImageInput([3, 20, 28], [0.5] * 3, [0.5] * 3)
    augmenting = spec.batch_transform(build_augment(SEED_AUG))
    plain = spec.batch_transform()
    x = (batch() * 255).byte().permute(0, 2, 3, 1)
    assert torch.equal(augmenting(x, train=False), plain(x))
    assert not torch.allclose(augmenting(x, train=True), plain(x))

"""The task families, one package each: a family keeps its data modules, input spec, models,
training step, predictor and report side by side and plugs into the shared core through the
registries in ``dlkit.components`` and the protocols in ``dlkit.protocols``. Families do not
import each other."""

"""The registries of ``dlkit cluster``'s components: clustering algorithms and reducers.

Built with the project's one ``Registry`` class, so a recipe names a component by key
(``cluster.name: hdbscan``), each factory's signature is the schema of its options (validated by
``cluster/recipe.py`` through ``params_model``) and an unknown name lists the close matches. The
modules below register their components with a decorator and are imported on first lookup.
"""

from dlkit.registry import Registry

# name → factory(**options, seed) → callable(vectors) → (labels, scores); labels -1 = outlier.
ALGORITHMS = Registry("cluster algorithm", modules=("dlkit.cluster.algorithms",))

# name → factory(**options, seed) → callable(vectors) → Reduced (vectors to cluster, map plane).
REDUCERS = Registry("reducer", modules=("dlkit.cluster.reduce",))

# Arguments the job passes itself; a recipe never sets them.
INJECTED = ("seed",)

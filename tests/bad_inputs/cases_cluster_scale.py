"""Bad-input rows for the options ``dlkit cluster`` gained with the stage cache, near-duplicate
collapse, sampling, float16 cache shards and torchrun sharding (issues 22 and 24)."""

from __future__ import annotations

from bad_inputs.cases import case

CLUSTER_SCALE = [
    case(
        "cluster-near-duplicates-bad",
        "cluster {csv} --near-duplicates merge",
        2,
        "input.near_duplicates",
    ),
    case("cluster-scale-sample-small", "cluster {csv} --set scale.sample=10", 2, "scale.sample"),
    case(
        "cluster-scale-neighbours-0",
        "cluster {csv} --set scale.neighbours=0",
        2,
        "scale.neighbours",
    ),
    case("cluster-scale-typo", "cluster {csv} --set scale.samples=100", 2, "did you mean"),
    case("cluster-shard-rows-0", "cluster {csv} --set embed.shard_rows=0", 2, "embed.shard_rows"),
    case("cluster-float16-not-bool", "cluster {csv} --set embed.float16=half", 2, "embed.float16"),
    case("cluster-encoder-unknown", "cluster {csv} --set embed.encoder=onnx16", 2, "embed.encoder"),
]

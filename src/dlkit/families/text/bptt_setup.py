"""The ``bptt`` step builder (``trainer.step: bptt``): a supervised step whose batches are rows
of a stream, walked chunk by chunk with the recurrent state carried and detached.

Registered in ``components.STEPS``; builds the model, optimiser and scheduler exactly as the
``supervised`` builder does and wraps its step in ``engine.bptt_step.TruncatedBPTTStep``, with the
chunk length the data's input spec records (``seq_length``, from ``families/text/text_stream.py``).
"""

from __future__ import annotations

from typing import Any

from dlkit.components import STEPS


@STEPS.register("bptt")
def bptt(
    recipe: Any, dataset: Any, device: Any, dist: Any, steps_per_epoch: int
) -> tuple[Any, dict[str, Any]]:
    """Truncated BPTT over ordered chunks (the char-LM); one optimiser step per chunk."""
    from dlkit.errors import UsageError
    from dlkit.families.text.bptt_step import TruncatedBPTTStep
    from dlkit.jobs.setup import supervised

    seq_length = getattr(dataset.input_spec, "seq_length", None)
    if not seq_length:
        raise UsageError(
            "trainer.step bptt needs a stream data module that sets seq_length "
            "(data.name: text_stream)"
        )
    chunks = -(-dataset.train.x.shape[1] // seq_length)
    step, spec = supervised(recipe, dataset, device, dist, steps_per_epoch * chunks)
    return TruncatedBPTTStep(step, int(seq_length)), spec

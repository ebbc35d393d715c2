"""The character generator (input kind ``chars``, the ``charlm`` recipe): a prompt → text.

``dlkit predict RUN --prompt TEXT [--length N] [--top-k K] [--temperature T] [--seed S]``: the
prompt's characters are fed one at a time to build the LSTM's state (as the seed does, without
sampling), then characters are drawn one by one from the ``top_k`` most likely (10 unless told),
their probabilities re-normalised after dividing the logits by ``temperature``, until a period
or ``length`` new characters (100, as the seed's solution). ``--seed`` makes it reproducible (a
``numpy`` generator of its own; the global RNGs are untouched). Prompt characters the run never saw
are named and left out.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlkit.components import PREDICTORS
from dlkit.errors import UsageError
from dlkit.predict.options import SEED, PredictOption
from dlkit.predict.protocol import PredictRequest, Prepared

DEFAULT_LENGTH, DEFAULT_TOP_K = 100, 10
MAX_LENGTH, MAX_PROMPT = 10_000, 100_000  # characters generated / read as the prompt


PROMPT = PredictOption("prompt", "--prompt", str, "Text to continue (at most 100,000 characters).")
LENGTH = PredictOption(
    "length",
    "--length",
    int,
    "Characters to generate at most (default 100, limit 10,000; stops at a period).",
    1,
)
TEMPERATURE = PredictOption(
    "temperature", "--temperature", float, "Sampling temperature, finite and > 0 (default 1)."
)
CHAR_TOP_K = PredictOption(
    "top_k", "--top-k", int, "The characters to sample from (default 10).", 1, short="-k"
)


@PREDICTORS.register("chars")
class CharPredictor:
    options = (PROMPT, LENGTH, TEMPERATURE, CHAR_TOP_K, SEED)
    needs_inputs = False
    input_help = "--prompt TEXT"

    def __init__(self, ckpt: dict[str, Any], spec: Any) -> None:
        self.ckpt, self.spec = ckpt, spec

    def read(self, request: PredictRequest) -> Prepared:
        options = request.options
        for name in ("input", "column"):
            if options.get(name) is not None:
                raise UsageError(
                    f"--{name} is for text classifiers; a generative run "
                    f"({self.ckpt['recipe']}) continues --prompt TEXT"
                )
        prompt = options.get("prompt")
        if prompt is None:
            prompt = " ".join(request.inputs)
        if not prompt:
            raise UsageError("give the text to continue: --prompt TEXT (not empty)")
        if len(prompt) > MAX_PROMPT:
            raise UsageError(
                f"--prompt: {len(prompt):,} characters; the limit is "
                f"{MAX_PROMPT:,} (only the last few hundred shape the output)"
            )
        ids, unknown = self.spec.encode(prompt)
        if unknown:
            request.warnings.append(
                "characters the run never saw, left out of the prompt: "
                + " ".join(repr(c) for c in unknown)
            )
        if not len(ids):
            raise UsageError("--prompt: none of its characters is in this run's alphabet")
        length = options.get("length") or DEFAULT_LENGTH
        if not 1 <= length <= MAX_LENGTH:
            raise UsageError(f"--length {length}: give 1 to {MAX_LENGTH:,} characters")
        temperature = options.get("temperature")
        if temperature is not None and not 0 < temperature < float("inf"):
            raise UsageError(f"--temperature {temperature}: give a finite number greater than 0")
        return Prepared(
            ids,
            [prompt],
            {
                "length": int(length),
                "top_k": int(options.get("top_k") or DEFAULT_TOP_K),
                "temperature": float(temperature or 1.0),
                "seed": options.get("seed"),
            },
        )

    def run(self, model: Any, prepared: Prepared, device: Any, batch_size: int) -> list[str]:
        import torch

        extra = prepared.extra
        rng = np.random.default_rng(extra["seed"])
        chars = self.spec.chars
        period = chars.index(".") if "." in chars else None
        k = max(1, min(extra["top_k"], len(chars)))
        x = torch.as_tensor(prepared.x, device=device).view(1, -1)
        out = []
        with torch.no_grad():
            logits, states = model(x, None, keep_state=True)  # warm up on the whole prompt
            last = logits[0, :, -1]
            for _ in range(extra["length"]):
                p = torch.softmax(last.float() / extra["temperature"], 0).cpu().numpy()
                top = np.argsort(-p, kind="stable")[:k]
                weights = p[top] / p[top].sum()
                index = int(rng.choice(top, p=weights))
                out.append(chars[index])
                if index == period:
                    break
                step = torch.tensor([[index]], device=device)
                logits, states = model(step, states, keep_state=True)
                last = logits[0, :, -1]
        return ["".join(out)]

    def rows(self, prepared: Prepared, outputs: Any, request: PredictRequest) -> list[dict]:
        prompt = prepared.keys[0]
        return [{"prompt": prompt, "generated": outputs[0], "text": prompt + outputs[0]}]

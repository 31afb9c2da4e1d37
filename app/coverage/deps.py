"""The encoder the question matcher uses: the shared MiniLM, or one a test puts on the app."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import numpy as np
from fastapi import Depends, Request

from nlp.encoder import Encoder


class SharedEncoder:
    """The process-wide MiniLM, loaded on the first encode (not when a request merely asks for it)."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from nlp.encoder import get_encoder

        return get_encoder().encode(texts)


def matcher_encoder(request: Request) -> Encoder:
    """`app.state.guide_encoder` when set (tests set a small deterministic one), else the shared model."""
    encoder: Encoder | None = getattr(request.app.state, "guide_encoder", None)
    return encoder if encoder is not None else SharedEncoder()


EncoderDep = Annotated[Encoder, Depends(matcher_encoder)]

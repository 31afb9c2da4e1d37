"""Fixtures for the coders: the real encoder and emotion coder, each loaded once per session."""

from __future__ import annotations

import pytest

from nlp.coders.emotion.coder import EmotionCoder, load_emotion_coder
from nlp.encoder import MiniLMEncoder, get_encoder


@pytest.fixture(scope="session")
def encoder() -> MiniLMEncoder:
    return get_encoder()


@pytest.fixture(scope="session")
def emotion_coder() -> EmotionCoder:
    return load_emotion_coder()

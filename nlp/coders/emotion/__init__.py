"""The emotion coder: GoEmotions labels, a CX emotion and a valence (coder, model, map, abstention, eval).

Weights: nlp/models/emotion-v1.npz; map: nlp/coders/data/emotion_map.yaml (see paths.py).
"""

"""The pain-point coder: spaCy cue rules and a logistic head (coder, rules, model, eval).

Weights: nlp/models/pain-v1.npz; cues: nlp/coders/data/pain_cues.yaml (see paths.py).
"""

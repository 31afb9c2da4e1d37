"""The JTBD forces coder: push, pull, anxiety, habit (coder, rules, model, eval).

Weights: nlp/models/forces-v1.npz; prototypes and cues: nlp/coders/data/forces.yaml (see paths.py).
"""

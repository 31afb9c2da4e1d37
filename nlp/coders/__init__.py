"""The coders: one folder each (emotion/, pain/, stage/, forces/) with its code, rules, model and
evaluation, all behind the one `Coder` call shape of nlp.types and found by name and version in
registry.py. Shared here: calibration, reliability, scoring, features, npz, paths and the spaCy rules/.
Their YAML stays in data/ and their weights in nlp/models/ (paths.py names them).
"""

"""The journey-stage coder: examples, cues, question and position of a framework (coder, parts, eval).

Stage examples ship with the frameworks (nlp/frameworks); extra cues: nlp/coders/data (see paths.py).
"""

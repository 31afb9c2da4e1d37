"""From coded evidence to deliverables: themes, persona canvases and journey maps.

Pure library: takes utterances with their codes and embeddings, returns plain dataclasses in which
every claim keeps the ids of the utterances that support it.
"""

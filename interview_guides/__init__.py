"""Shipped interview guides: one YAML file per guide, read by `nlp.guides` and checked by its schema.

The files are read-only templates; a project copies one to edit it (the copy lives in the database).
"""

from pathlib import Path

GUIDES_DIR = Path(__file__).resolve().parent

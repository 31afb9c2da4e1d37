"""Heavy libraries load where they are used: importing the service or the CLI pulls in none of them.

Each check runs in a fresh interpreter, so what an earlier test imported cannot hide a regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("bertopic", "umap", "hdbscan", "spacy", "torch", "weasyprint", "sentence_transformers", "sklearn")
READERS = ("openpyxl", "docx")  # file readers: loaded when a workbook or a DOCX arrives, not at start


def loaded_after(module: str, watched: tuple[str, ...]) -> list[str]:
    """The packages of `watched` that `import module` leaves in sys.modules of a fresh interpreter."""
    script = (
        "import json, sys\n"
        f"import {module}\n"
        f"print(json.dumps(sorted(name for name in {list(watched)!r} if name in sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize("module", ["app.main", "app.jobs.worker"])
def test_service_imports_no_heavy_library(module: str) -> None:
    assert loaded_after(module, (*HEAVY, *READERS)) == []


def test_cli_imports_no_database_layer_for_help() -> None:
    assert loaded_after("app.cli", (*HEAVY, "sqlmodel", "sqlalchemy")) == []


def test_the_check_sees_a_heavy_import() -> None:
    loaded = loaded_after("nlp.coders.rules.text; nlp.coders.rules.text.blank_english()", HEAVY)
    assert "spacy" in loaded

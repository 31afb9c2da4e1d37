"""Reading a shipped weights file: plain arrays only (never a pickle), with one clear error."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_arrays(path: Path, error: type[Exception], what: str) -> dict[str, np.ndarray]:
    """Every array of an .npz file, or `error` naming the file when it cannot be read."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except (OSError, ValueError) as exc:
        raise error(f"cannot read {what} model {path}: {exc}") from exc

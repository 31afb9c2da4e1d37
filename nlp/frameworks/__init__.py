"""Journey frameworks as data: shipped YAML files, a schema checked in code, and a loader."""

from nlp.frameworks.errors import FrameworkError, UnknownFrameworkError
from nlp.frameworks.loader import list_frameworks, load_framework, load_framework_file
from nlp.frameworks.model import JourneyFramework, Stage

__all__ = [
    "FrameworkError",
    "JourneyFramework",
    "Stage",
    "UnknownFrameworkError",
    "list_frameworks",
    "load_framework",
    "load_framework_file",
]

"""policy-timeline: dated, sourced event records compiled into a cross-linked timeline site.

The small public API: load and check a records folder, then render or export it.
"""

from .catalog import Catalog, check_folder, load_catalog
from .dates import PartialDate
from .errors import GeneratorError, Problem, RecordsInvalid
from .models import Entity, Event, Source, Thread

__version__ = "0.1.0"

__all__ = [
    "Catalog",
    "Entity",
    "Event",
    "GeneratorError",
    "PartialDate",
    "Problem",
    "RecordsInvalid",
    "Source",
    "Thread",
    "check_folder",
    "load_catalog",
]

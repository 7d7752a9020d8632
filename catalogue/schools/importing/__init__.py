"""Importers of the schools register: schools, offerings, annual reports and textbook adoption.

Every importer reports all the problems of a file at once (line, column, reason) and writes nothing unless there
are none; importing the same file again changes nothing.
"""

from .adoptions import import_adoptions
from .common import ImportCounts
from .offerings import import_offerings
from .reports import ReportImportResult, import_school_reports
from .schools import import_schools

__all__ = [
    "ImportCounts",
    "ReportImportResult",
    "import_adoptions",
    "import_offerings",
    "import_school_reports",
    "import_schools",
]

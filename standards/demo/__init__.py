"""Demo data of the standards section: the index page, the workflow and the demo standards, published.

`load_demo_standards()` is idempotent, so `setup_demo` can run it at every start.
"""

from pathlib import Path

from django.conf import settings

from ..importer import import_standard
from ..models import CourseStandardPage, TrainingStandardPage
from ..setup import ensure_standards_section

DEMO_DIR = Path(settings.BASE_DIR) / "demo" / "standards"


def load_demo_standards():
    """Index page, permissions, workflow, and each demo standard and course standard imported and published once."""
    index = ensure_standards_section()
    for path in sorted(DEMO_DIR.glob("standard-*.md")):
        text = path.read_text(encoding="utf-8")
        code = text.split('program: "', 1)[1].split('"', 1)[0]
        if not TrainingStandardPage.objects.filter(program__code=code, live=True).exists():
            import_standard(text, publish=True)
    for path in sorted(DEMO_DIR.glob("course-*.md")):
        code = path.stem.removeprefix("course-")
        if not CourseStandardPage.objects.filter(course_code=code, live=True).exists():
            import_standard(path.read_text(encoding="utf-8"), publish=True)
    return index

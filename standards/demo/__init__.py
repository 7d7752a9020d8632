"""Demo data of the standards section: the index page, the workflow and one complete published standard.

`load_demo_standards()` is idempotent, so `setup_demo` can run it at every start.
"""

from pathlib import Path

from cms.home.models import HomePage

from ..importer import import_standard
from ..models import StandardsIndexPage, TrainingStandardPage
from ..setup import ensure_standards_workflow

DEMO_FILES = [Path(__file__).resolve().parent / "standard-0104.md"]


def ensure_index_page():
    """The standards section under the site's home page (created once)."""
    index = StandardsIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    index = StandardsIndexPage(
        title="国家技能人才培养标准",
        slug="standards",
        intro="各专业的国家技能人才培养标准与一体化课程规范，以及公共课和大类通用专业课课程标准。",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def load_demo_standards():
    """Index page, group permissions, workflow, and each demo standard imported and published once."""
    index = ensure_index_page()
    ensure_standards_workflow(index)
    for path in DEMO_FILES:
        text = path.read_text(encoding="utf-8")
        code = text.split('program: "', 1)[1].split('"', 1)[0]
        if not TrainingStandardPage.objects.filter(program__code=code, live=True).exists():
            import_standard(text, publish=True)
    return index

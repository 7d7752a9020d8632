from pathlib import Path

from django.core.management import call_command

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"
DEMO_DATA = REPO / "demo"


@pytest.fixture
def shared_data():
    if not SHARED_DATA.is_dir():
        pytest.fail(f"shared data folder missing: {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def baseline(db):
    """The demo baseline catalogue (15 categories, 167 programs) imported through the real command."""
    import_baseline()


@pytest.fixture
def catalogue_2025(baseline):
    """The baseline with the 2025 adjustment batch approved and applied (169 programs in force)."""
    apply_2025_batch()


def import_baseline():
    call_command("import_programs", str(DEMO_DATA / "programs.csv"), "--no-progress", stdout=_Sink())


def apply_2025_batch():
    call_command(
        "import_adjustments",
        str(DEMO_DATA / "adjustments-2025.csv"),
        "--edition",
        "2025",
        "--approve",
        "--no-progress",
        stdout=_Sink(),
    )


class _Sink:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


@pytest.fixture(autouse=True)
def _empty_cache():
    """The in-memory cache outlives each test; counters kept in it (the public forms' abuse limits) must not."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _own_pdf_cache(settings, tmp_path):
    """Page and revision ids repeat between tests (rolled back), so each test keeps its rendered PDFs apart."""
    settings.STANDARDS_PDF_CACHE_DIR = tmp_path / "pdf-cache"

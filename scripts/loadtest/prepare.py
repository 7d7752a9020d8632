"""Fill a fresh database the way an operator would: migrate, collect static files, import the shared data through
the project's own commands, then `setup_demo` for the home page and standards (it skips the catalogue, already there).

Run in the server's own environment (`python scripts/loadtest/prepare.py DATA_DIR TEXTBOOKS_CSV`, the project
importable and `DJANGO_SETTINGS_MODULE` set), one process for all steps so Django starts once.
"""

import io
import sys
import time
from pathlib import Path

import django
from django.core.management import call_command


def steps(data_dir, textbooks_csv):
    return [
        ("migrate", ["migrate", "--noinput"]),
        ("collectstatic", ["collectstatic", "--noinput"]),
        ("import_programs", ["import_programs", str(data_dir / "programs.csv"), "--no-progress"]),
        (
            "import_adjustments",
            [
                "import_adjustments",
                str(data_dir / "adjustments-2025.csv"),
                "--edition",
                "2025",
                "--approve",
                "--no-progress",
            ],
        ),
        ("import_textbooks", ["import_textbooks", str(textbooks_csv), "--no-progress"]),
        ("setup_demo", ["setup_demo"]),
    ]


def main(argv):
    data_dir, textbooks_csv = Path(argv[0]), Path(argv[1])
    django.setup()
    for name, args in steps(data_dir, textbooks_csv):
        started = time.perf_counter()
        call_command(*args, verbosity=0, stdout=io.StringIO())
        print(f"  {name:<20} {time.perf_counter() - started:6.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

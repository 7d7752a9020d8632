"""The catalogue in force as CSV or Excel, one row per program, for anyone (no login).

"In force" is what the public index shows by default: its newest edition, the programs as that edition listed
them (`views.catalogue_entries`); without any edition, the programs registered as in force today. Choosing the
edition through the index's own functions keeps the download and the page in step if that choice changes.
"""

from cms.spreadsheets import csv_download, xlsx_download

from .models import Category
from .views import catalogue_entries, published_editions

HEADER = ["专业大类代码", "专业大类", "专业代码", "专业名称", "培养层次", "产业类型", "目录版本"]
WIDTHS = (12, 24, 10, 30, 30, 12, 12)
FILENAME = "技工院校专业目录"


def current_catalogue():
    """(edition or None, rows) of the catalogue in force, in code order."""
    editions = published_editions()
    edition = editions[0] if editions else None
    categories = {category.pk: category for category in Category.objects.all()}
    rows = []
    for entry in catalogue_entries(edition, "in_force"):
        category = categories.get(entry.category_id)
        rows.append(
            [
                category.code if category else "",
                category.name if category else "",
                entry.code,
                entry.name,
                "、".join(entry.level_labels),
                entry.sector_label,
                edition.name if edition else "",
            ]
        )
    return edition, rows


def _filename(edition, extension):
    return f"{FILENAME}（{edition.name}版）.{extension}" if edition else f"{FILENAME}.{extension}"


def catalogue_csv(request):
    edition, rows = current_catalogue()
    return csv_download(HEADER, rows, _filename(edition, "csv"))


def catalogue_xlsx(request):
    edition, rows = current_catalogue()
    return xlsx_download(HEADER, rows, _filename(edition, "xlsx"), "专业目录", WIDTHS)

"""A small corpus for behaviour tests: the same tests run on SQLite and PostgreSQL (and Elasticsearch when live)."""

import os

from django.core.cache import cache

import pytest

from catalogue.factories import CategoryFactory, OrganisationFactory, ProgramFactory
from catalogue.textbooks.models import (
    ReviewStage,
    Textbook,
    TextbookBatch,
    TextbookLevel,
    TextbookType,
)
from search import indexing
from tests.standards.conftest import category, home, index, program  # noqa: F401  (a small site with standards)


@pytest.fixture(autouse=True)
def _index_prefix_per_worker(settings):
    """Each pytest-xdist worker gets index names of its own, so workers sharing one Elasticsearch node never
    rebuild (and clean up) each other's indices."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.SEARCH_INDEX_PREFIX = f"jigong-test-{worker}-{os.getpid()}"


BOOKS = [
    # isbn, title, course, level, kind, program, publisher, description
    (
        "9787516700001",
        "焊接结构制作（高级）",
        "焊接结构制作",
        "advanced",
        "integrated",
        "0115",
        0,
        "围绕焊接结构制作的典型工作任务编写。",
    ),
    (
        "9787516700002",
        "焊条电弧焊",
        "焊条电弧焊",
        "intermediate",
        "integrated",
        "0115",
        1,
        "焊条电弧焊的基本技能。",
    ),
    (
        "9787516700003",
        "汽车电器维修",
        "汽车电器维修",
        "intermediate",
        "integrated",
        "0401",
        0,
        "汽车维修专业教材。",
    ),
    (
        "9787516700004",
        "汽车底盘构造",
        "汽车底盘构造",
        "advanced",
        "foundation",
        "0401",
        1,
        "底盘的结构与原理。",
    ),
    (
        "9787516700005",
        "新能源汽车高压安全",
        "新能源汽车高压安全",
        "advanced",
        "integrated",
        "0404",
        0,
        "新能源汽车检测与维修专业教材。",
    ),
    (
        "9787516700006",
        "数控车床编程与操作",
        "数控车床编程",
        "intermediate",
        "integrated",
        "0107",
        0,
        "数控加工专业教材。",
    ),
    (
        "9787516700007",
        "发动机维修实训",
        "发动机维修",
        "advanced",
        "integrated",
        "0401",
        1,
        "汽车发动机的拆装与检修。",
    ),
]


def make_book(row, programs, publishers, batch, **overrides):
    isbn, title, course, level, kind, code, publisher, description = row
    values = {
        "isbn": isbn,
        "title": title,
        "course": course,
        "level": level,
        "kind": kind,
        "publisher": publishers[publisher],
        "batch": batch,
        "description": description,
        "year": 2020 + int(isbn[-1]),
        "review_stage": ReviewStage.LISTED,
        "live": True,
        **overrides,
    }
    book = Textbook.objects.create(**values)
    book.programs.set([programs[code]])
    book.save()
    return book


@pytest.fixture
def corpus(db):
    """Seven listed titles, one draft and one not yet live, indexed through a full rebuild."""
    cache.clear()
    machinery = CategoryFactory(code="01", name="机械类")
    transport = CategoryFactory(code="04", name="交通类")
    programs = {
        "0115": ProgramFactory(code="0115", name="焊接加工", category=machinery),
        "0107": ProgramFactory(code="0107", name="数控加工", category=machinery),
        "0401": ProgramFactory(code="0401", name="汽车维修", category=transport),
        "0404": ProgramFactory(code="0404", name="新能源汽车检测与维修", category=transport),
    }
    publishers = [
        OrganisationFactory(name="中国劳动社会保障出版社"),
        OrganisationFactory(name="机械工业出版社"),
    ]
    batch = TextbookBatch.objects.create(name="第一批", sort_order=1)
    books = {row[0]: make_book(row, programs, publishers, batch) for row in BOOKS}
    draft_row = ("9787516700008", "焊接机器人草稿", "焊接机器人", "advanced", "integrated", "0115", 0, "")
    make_book(draft_row, programs, publishers, batch, review_stage=ReviewStage.SUBMITTED)
    hidden_row = ("9787516700009", "焊接检验未发布", "焊接检验", "advanced", "integrated", "0115", 0, "")
    make_book(hidden_row, programs, publishers, batch, live=False)
    indexing.rebuild()
    return {"books": books, "programs": programs, "publishers": publishers, "batch": batch}


__all__ = ["TextbookLevel", "TextbookType"]

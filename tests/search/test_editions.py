"""Editions of one textbook fold into one result: the newest shown, the others listed as 其他版本."""

import pytest

from search import indexing
from search.service import TextbookSearch

from .conftest import make_book

pytestmark = pytest.mark.django_db


def edition(corpus, isbn, title, year, publisher=0):
    row = (isbn, title, "机械制图", "intermediate", "foundation", "0107", publisher, "机械制图的基本知识。")
    return make_book(row, corpus["programs"], corpus["publishers"], corpus["batch"], year=year)


def test_editions_of_one_title_fold_into_the_newest_and_other_publishers_stay_apart(corpus, client):
    edition(corpus, "9787516711001", "机械制图", 2016)
    edition(corpus, "9787516711002", "机械制图（第二版）", 2019)
    edition(corpus, "9787516711003", "机械制图（第三版）", 2023)
    edition(corpus, "9787516711004", "机械制图（第二版）", 2021, publisher=1)  # another publisher's book
    indexing.rebuild()

    results = TextbookSearch("机械制图").execute(per_page=10)
    shown = [(hit.doc.title, [doc.title for doc in hit.other_editions]) for hit in results.hits]
    assert shown[:2] == [
        ("机械制图（第三版）", ["机械制图（第二版）", "机械制图"]),
        ("机械制图（第二版）", []),
    ]

    api = client.get("/search/api/", {"q": "机械制图", "type": "textbook"}).json()
    folded = next(item for item in api["results"] if item["other_editions"])
    assert folded["title"] == "机械制图（第三版）"
    assert [other["year"] for other in folded["other_editions"]] == [2019, 2016]

import csv

import pytest

from catalogue.textbooks.isbn import InvalidISBN, normalise_isbn


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("9787516726648", "9787516726648"),
        ("978-7-5167-2664-8", "9787516726648"),
        ("ISBN 978-7-5167-2664-8", "9787516726648"),
        ("９７８７５１６７２６６４８", "9787516726648"),
        (" 978 7 5167 2664 8 ", "9787516726648"),
    ],
)
def test_accepts_hyphens_spaces_and_full_width_digits(typed, stored):
    assert normalise_isbn(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("9787516726649", "校验位错误（应为 8）"),
        ("978751672664", "应为 13 位数字，实际 12 位"),
        ("97875167266X8", "只能包含数字和连字符"),
        ("1234567890128", "应以 978 或 979 开头"),
        ("", "不能为空"),
    ],
)
def test_refuses_bad_isbns_with_the_reason(typed, reason):
    with pytest.raises(InvalidISBN, match=reason.replace("（", r"\（").replace("）", r"\）")):
        normalise_isbn(typed)


def test_every_isbn_in_the_shared_list_is_valid(shared_data):
    with open(shared_data / "textbooks.csv", encoding="utf-8") as handle:
        isbns = [row["isbn"] for row in csv.DictReader(handle)]
    assert len(isbns) == 1500 and all(normalise_isbn(isbn) == isbn for isbn in isbns)

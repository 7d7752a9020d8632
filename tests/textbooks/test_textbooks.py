"""The planned-textbook list: import (good and bad files), public list with filters, pages and progress."""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest
from openpyxl import Workbook

from catalogue.textbooks.models import ListingStatus, ReviewStage, Textbook, TextbookBatch
from cms.users.models import Organisation

pytestmark = pytest.mark.django_db

HEADER = "isbn,title,series,publisher,editors,edition,year,type,level,program_codes,course,batch,status,worldskills,description"
ROWS = [
    "9787516726648,轻工材料习题册,全国技工院校专业基础课教材,中国劳动社会保障出版社,邹霞玉,1,2023,专业基础课教材,通用,1401|1402,轻工材料,第二批,已出版,,简介",
    "9787516706305,移动通信基站运维（中级）,技工院校一体化课程教材,中国劳动社会保障出版社,冯超芳、李明,1,2022,工学一体化教材,中级技能,0210,移动通信基站运维,第一批,已出版,,简介",
    "9787114283505,物业管理实务（技师）,技工院校一体化课程教材,人民交通出版社,曹杰,2,2021,工学一体化教材,预备技师（技师）,0511,物业管理实务,第一批,修订中,,简介",
]


def write_csv(tmp_path, rows, name="textbooks.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def run_import(path):
    out = StringIO()
    call_command("import_textbooks", str(path), "--no-progress", stdout=out)
    return out.getvalue()


def failure(path):
    with pytest.raises(CommandError) as caught:
        run_import(path)
    return str(caught.value)


def test_shared_list_imports_1500_listed_titles_and_again_changes_nothing(baseline, shared_data):
    assert "新增 1500 种" in run_import(shared_data / "textbooks.csv")
    assert Textbook.objects.listed().count() == 1500
    assert list(TextbookBatch.objects.values_list("name", flat=True)) == [
        "第一批",
        "第二批",
        "第三批",
        "第四批",
    ]
    assert "无变化 1500 种" in run_import(shared_data / "textbooks.csv")
    assert Textbook.objects.count() == 1500


def test_rows_are_linked_to_programs_publishers_and_batches(baseline, tmp_path):
    run_import(write_csv(tmp_path, ROWS))
    textbook = Textbook.objects.get(isbn="9787516706305")
    assert textbook.editors == ["冯超芳", "李明"] and textbook.publisher.name == "中国劳动社会保障出版社"
    assert [p.code for p in textbook.programs.all()] == ["0210"]
    assert textbook.listing_status == ListingStatus.LISTED and textbook.live
    assert Organisation.objects.get(name="人民交通出版社").kind == Organisation.Kind.PUBLISHER


def test_every_bad_row_is_reported_and_nothing_is_written(baseline, tmp_path):
    bad = [
        ROWS[0].replace("9787516726648", "978-7-5167-2664-9"),
        ROWS[1].replace(",0210,", ",9999,"),
        ROWS[2].replace("工学一体化教材", "习题集"),
        "9787516735985,世赛教材,,某出版社,张三,1,2024,世赛成果转化教材,高级技能,0101,车削,第三批,已出版,,",
        "9787516702529,思想政治,,某出版社,张三,1,2024,公共课教材,通用,0101,思想政治,第三批,已出版,,",
        ROWS[1],
    ]
    message = failure(write_csv(tmp_path, bad))
    assert "第 2 行，“isbn”列：ISBN“978-7-5167-2664-9”校验位错误（应为 8）" in message
    assert "第 3 行，“program_codes”列：专业代码 9999 不在专业目录中" in message
    assert "第 4 行，“type”列：教材类型“习题集”无效" in message
    assert "第 5 行，“worldskills”列" in message
    assert "第 6 行，“program_codes”列：公共课教材不对应具体专业" in message
    assert "第 7 行，“isbn”列：ISBN 9787516706305 重复（第 3 行已有）" in message
    assert Textbook.objects.count() == 0 and TextbookBatch.objects.count() == 0
    assert not Organisation.objects.filter(name="某出版社").exists()


def test_hyphenated_isbns_and_xlsx_files_are_accepted(baseline, tmp_path):
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(ROWS[1].replace("9787516706305", "978-7-5167-0630-5").split(","))
    workbook.save(tmp_path / "list.xlsx")
    run_import(tmp_path / "list.xlsx")
    assert Textbook.objects.get().isbn == "9787516706305"


@pytest.fixture
def listed(baseline, tmp_path):
    run_import(write_csv(tmp_path, ROWS))


def test_public_list_filters_and_hides_titles_not_listed(client, listed):
    Textbook.objects.filter(isbn="9787114283505").update(review_stage=ReviewStage.SUBMITTED)
    page = client.get("/textbooks/").content.decode()
    assert "移动通信基站运维（中级）" in page and "物业管理实务（技师）" not in page
    by_program = client.get("/textbooks/", {"program": "0210"}).content.decode()
    assert "移动通信基站运维" in by_program and "轻工材料习题册" not in by_program
    by_category = client.get("/textbooks/", {"category": "14"}).content.decode()
    assert "轻工材料习题册" in by_category and "移动通信基站运维" not in by_category
    empty = client.get("/textbooks/", {"kind": "worldskills"}).content.decode()
    assert "没有找到符合条件的教材" in empty
    bad = client.get("/textbooks/", {"level": "nonsense", "program": "99"})
    assert bad.status_code == 200 and "已忽略" in bad.content.decode()


def test_list_is_paginated_twenty_a_page(client, db):
    from catalogue.textbooks.factories import TextbookFactory

    TextbookFactory.create_batch(41, live=True, review_stage=ReviewStage.LISTED)
    first = client.get("/textbooks/").content.decode()
    assert first.count("data-isbn=") == 20 and "第 1 / 3 页" in first and "下一页" in first
    second = client.get("/textbooks/", {"page": 2}).content.decode()
    assert second.count("data-isbn=") == 20
    last = client.get("/textbooks/", {"page": 3}).content.decode()
    assert last.count("data-isbn=") == 1 and "下一页" not in last


def test_textbook_page_and_isbn_redirects(client, listed):
    response = client.get("/textbooks/978-7-5167-0630-5/")
    assert response.status_code == 302 and response["Location"] == "/textbooks/9787516706305/"
    page = client.get("/textbooks/9787516706305/").content.decode()
    assert "冯超芳、李明" in page and "/catalogue/programs/0210/" in page
    assert client.get("/textbooks/9787516706306/").status_code == 404
    Textbook.objects.filter(isbn="9787516706305").update(live=False)
    assert client.get("/textbooks/9787516706305/").status_code == 404


def test_progress_counts_against_the_plan_target(client, listed):
    page = client.get("/textbooks/progress/").content.decode()
    assert "已列入目录 <strong>3</strong> 种" in page and "目标 1500 种" in page
    assert "<td>第一批</td><td>2</td>" in page and "<td>工学一体化教材</td><td>2</td>" in page

"""Provincial-level divisions by their GB/T 2260 codes, plus the Xinjiang Production and Construction Corps,
which the human resources and social security system treats as a province of its own (统计口径 66)."""

from django.db import models


class Province(models.TextChoices):
    BEIJING = "11", "北京市"
    TIANJIN = "12", "天津市"
    HEBEI = "13", "河北省"
    SHANXI = "14", "山西省"
    INNER_MONGOLIA = "15", "内蒙古自治区"
    LIAONING = "21", "辽宁省"
    JILIN = "22", "吉林省"
    HEILONGJIANG = "23", "黑龙江省"
    SHANGHAI = "31", "上海市"
    JIANGSU = "32", "江苏省"
    ZHEJIANG = "33", "浙江省"
    ANHUI = "34", "安徽省"
    FUJIAN = "35", "福建省"
    JIANGXI = "36", "江西省"
    SHANDONG = "37", "山东省"
    HENAN = "41", "河南省"
    HUBEI = "42", "湖北省"
    HUNAN = "43", "湖南省"
    GUANGDONG = "44", "广东省"
    GUANGXI = "45", "广西壮族自治区"
    HAINAN = "46", "海南省"
    CHONGQING = "50", "重庆市"
    SICHUAN = "51", "四川省"
    GUIZHOU = "52", "贵州省"
    YUNNAN = "53", "云南省"
    TIBET = "54", "西藏自治区"
    SHAANXI = "61", "陕西省"
    GANSU = "62", "甘肃省"
    QINGHAI = "63", "青海省"
    NINGXIA = "64", "宁夏回族自治区"
    XINJIANG = "65", "新疆维吾尔自治区"
    XPCC = "66", "新疆生产建设兵团"


def province_by_name_or_code(value):
    """A Province from its code ("44") or its name, with or without the suffix ("广东省", "广东"); else None."""
    value = (value or "").strip()
    if value in Province.values:
        return Province(value)
    for province in Province:
        if value and (province.label == value or province.label.startswith(value) and len(value) >= 2):
            return province
    return None

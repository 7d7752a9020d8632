"""ISBN-13 parsing: what users type (hyphens, spaces, full-width digits) to the 13 digits we store."""

import unicodedata


class InvalidISBN(ValueError):
    """The text is not a valid ISBN-13; the message says why, in Chinese."""


def check_digit(first_twelve):
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def normalise_isbn(text):
    """The 13 digits of an ISBN-13 written with or without hyphens or spaces; InvalidISBN otherwise."""
    cleaned = unicodedata.normalize("NFKC", text or "").strip().upper()
    if cleaned.startswith("ISBN"):
        cleaned = cleaned[4:].lstrip(":： ")
    digits = cleaned.replace("-", "").replace(" ", "")
    if not digits:
        raise InvalidISBN("ISBN 不能为空")
    if not digits.isdigit() or not digits.isascii():
        raise InvalidISBN(f"ISBN“{text}”只能包含数字和连字符")
    if len(digits) != 13:
        raise InvalidISBN(f"ISBN“{text}”应为 13 位数字，实际 {len(digits)} 位")
    if not digits.startswith(("978", "979")):
        raise InvalidISBN(f"ISBN“{text}”应以 978 或 979 开头")
    expected = check_digit(digits[:12])
    if digits[12] != expected:
        raise InvalidISBN(f"ISBN“{text}”校验位错误（应为 {expected}）")
    return digits

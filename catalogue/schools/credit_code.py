"""统一社会信用代码 (GB 32100-2015): 18 characters whose last is a check character over the first seventeen.

The alphabet leaves out I, O, S, V and Z (read as 1, 0, 5, U and 2). A code that fails the check is almost
always a typing slip, so the message says which character was expected.
"""

from django.core.exceptions import ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def check_character(first_seventeen):
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first_seventeen, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(value):
    return (value or "").strip().upper()


def validate_credit_code(value):
    code = normalise_credit_code(value)
    if len(code) != 18:
        raise ValidationError(
            f"统一社会信用代码应为 18 位，“{value}”为 {len(code)} 位。", code="credit_code_length"
        )
    bad = [char for char in code if char not in ALPHABET]
    if bad:
        raise ValidationError(
            f"统一社会信用代码只能由数字和大写字母（不含 I、O、S、V、Z）组成，“{value}”含有“{bad[0]}”。",
            code="credit_code_character",
        )
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            f"统一社会信用代码“{value}”的校验位不对：按前 17 位应为“{expected}”，请核对是否输错。",
            code="credit_code_check",
        )

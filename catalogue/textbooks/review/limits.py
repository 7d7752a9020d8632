"""Abuse limits of the public objection form: how many objections an address, and a notice, may receive.

Anyone may object without an account, and each objection notifies every administrator, so the form is a way to
flood their inboxes and the database. Two fixed-window counters in the default cache bound it (the cache the
workers share in production, `CACHE_URL`): accepted objections per client address per
`OBJECTION_ADDRESS_WINDOW_SECONDS` (`OBJECTION_ADDRESS_LIMIT`), and per notice per day
(`OBJECTION_NOTICE_DAILY_LIMIT`). The address is the one behind our trusted proxies (`cms/client_address.py`).

Only objections about to be stored are counted (invalid forms and duplicates are not), and a counter is taken
with an atomic increment before the objection is stored, so concurrent posts cannot both squeeze under a limit.
A lost cache forgets the counts; the limits then start again, which is acceptable for a throttle.

`fingerprint` de-duplicates: the same content from the same address for the same notice is stored once (a
unique constraint backs the check). It is a keyed hash, so the address is not kept in the clear.
"""

import hashlib
import hmac
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

PREFIX = "objection-limit"


@dataclass
class Refusal:
    message: str
    retry_after: int  # seconds


def fingerprint(address, content):
    normalised = " ".join(unicodedata.normalize("NFKC", content).split())
    message = f"{address}\n{normalised}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def reserve(notice, address):
    """Count one more objection for the address and the notice; a Refusal if either is over its limit."""
    window = settings.OBJECTION_ADDRESS_WINDOW_SECONDS
    now = time.time()
    slot = int(now // window)
    if _take(f"{PREFIX}:address:{address}:{slot}", window) > settings.OBJECTION_ADDRESS_LIMIT:
        minutes = max(1, window // 60)
        return Refusal(
            f"提交过于频繁：同一网络地址每 {minutes} 分钟最多提交 {settings.OBJECTION_ADDRESS_LIMIT} 份异议，"
            "请稍后再试。如有多项异议，请合并在一份中写明。",
            int((slot + 1) * window - now) + 1,
        )
    today = timezone.localdate()
    if _take(f"{PREFIX}:notice:{notice.pk}:{today:%Y%m%d}", 86400) > settings.OBJECTION_NOTICE_DAILY_LIMIT:
        return Refusal(
            f"该教材今日收到的异议已达上限（{settings.OBJECTION_NOTICE_DAILY_LIMIT} 份），请明日再提交，"
            "或直接与主管部门联系。",
            _seconds_to_midnight(),
        )
    return None


def _take(key, timeout):
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _seconds_to_midnight():
    now = timezone.localtime()
    midnight = (now + timezone.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return int((midnight - now).total_seconds()) + 1

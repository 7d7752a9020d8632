"""The address of the client behind our reverse proxies, the one key every abuse limit counts by.

`REMOTE_ADDR` is the proxy's address once gunicorn sits behind nginx, so every visitor would share one counter
(one attacker could lock an account for everyone). Each proxy appends the address it received the request from to
`X-Forwarded-For`; with `TRUSTED_PROXY_COUNT` proxies in front of us, the entry that many places from the right is
the client as our outermost proxy saw it. Everything to its left was written by the client and is never trusted.
With no trusted proxy (the default) the header is ignored altogether: anyone can forge it.

django-axes uses this function too (`AXES_CLIENT_IP_CALLABLE`), so the login throttle and the public form limits
agree on who the client is.
"""

import ipaddress

from django.conf import settings


def client_address(request):
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    # Fewer entries than proxies: the request skipped an outer proxy; the left-most entry is then the earliest
    # one a trusted proxy wrote.
    candidate = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote

"""Wagtail admin views for the register, used by the viewsets in `catalogue/wagtail_hooks.py`.

Not Django's admin: the catalogue is managed in Wagtail only. `base` holds the shared behaviour (reversion,
object scope), the other modules one part of the register each.
"""

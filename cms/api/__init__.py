"""The read-only public API (`/api/v1/`): typed django-ninja endpoints whose OpenAPI 3 schema the site serves.

Every endpoint reads through the same querysets and services as the public pages (`Textbook.objects.listed()`,
live and public standards pages, `programs_as_of`, `diff_editions`, `search.views.build_search`), so the API can
never show more than a visitor without a login already sees.
"""

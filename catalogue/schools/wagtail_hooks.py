from . import public_hooks  # noqa: F401 - program/textbook page sections, retirement evidence

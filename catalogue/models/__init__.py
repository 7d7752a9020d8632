"""The program register's models: categories, programs, editions, adjustments and successions."""

from .register import *  # noqa: F403

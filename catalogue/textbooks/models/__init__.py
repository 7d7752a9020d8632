"""The textbooks app's models: the titles (`textbooks`), their review (`review`) and review flags (`curriculum`)."""

from .curriculum import *  # noqa: F403
from .review import *  # noqa: F403
from .textbooks import *  # noqa: F403

"""The textbooks app's models: the titles themselves (`textbooks`) and the records of their review (`review`)."""

from .review import *  # noqa: F403
from .textbooks import *  # noqa: F403

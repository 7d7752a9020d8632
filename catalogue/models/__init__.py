"""The catalogue app's models: the program register (`register`) and the planned textbooks (`textbooks`)."""

from .register import *  # noqa: F403
from .review import *  # noqa: F403
from .textbooks import *  # noqa: F403

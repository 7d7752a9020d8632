from django.apps import AppConfig


class TextbooksConfig(AppConfig):
    """Planned textbooks (规划教材) and their review: an app of its own inside the catalogue package.

    It depends on the program register (`catalogue`: programs, categories), never the other way round.
    """

    name = "catalogue.textbooks"
    label = "textbooks"
    verbose_name = "规划教材"

    def ready(self):
        from .curriculum import receivers  # noqa: F401 - connects the receivers

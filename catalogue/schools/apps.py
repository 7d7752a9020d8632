from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """Technical schools (技工院校): the programs they offer, their annual reports and the textbooks they adopt.

    It builds on the program register (`catalogue`), the linked curriculum (`standards.ProgramCourse`) and the
    planned textbooks (`textbooks`); none of those imports it. What it adds to their pages and to the retirement
    warnings goes through Wagtail hooks.
    """

    name = "catalogue.schools"
    label = "schools"
    verbose_name = "技工院校"

    def ready(self):
        from catalogue.adjustments import adjustments_applied

        from .adjustments import follow_adjustments
        from .cache import connect

        connect()
        adjustments_applied.connect(follow_adjustments, dispatch_uid="schools-adjustments-applied")

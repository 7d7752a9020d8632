"""The consistency panel: editors see every rule that would stop publication while they are still drafting."""

from wagtail.admin.panels import Panel


class ConsistencyPanel(Panel):
    """Read-only list of the standard's check results, computed from the instance being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "standards/admin/consistency_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["errors"] = self.instance.consistency_errors()
            return context


class ChangeImpactPanel(Panel):
    """发布影响: the course changes against the version in force and the textbooks they would flag.

    The template computes them through a template tag, so that the models need not import curriculum.py.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "standards/admin/change_impact_panel.html"

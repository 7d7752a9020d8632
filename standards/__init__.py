"""Training standards (国家技能人才培养标准) and integrated course specifications (一体化课程规范).

models/      pages (index, one TrainingStandardPage per program, CourseStandardPage; both VersionedStandardPage:
             version history, old versions, comparison, Markdown and PDF export), typed course data as
             ParentalKey children, StandardVersion, ProgramGroup (专业组, who drafts), and the workflow tasks
             (committee review, approval)
sections.py  the prose sections of both kinds of standard, read by the pages and every exporter
permissions.py  drafting scope (committee categories, program groups) and the page permission testers
checks.py    the consistency rules, shared by the editor panel, publication and the importer
versions.py  numbering 1.0 / 1.1 / 2.0 when a revision goes live; signals.py records it on `page_published`
compare.py   what changed between two published versions (sections, courses, work tasks; course standards)
exchange.py, importer.py   the Markdown + YAML exchange format (export, `manage.py import_standard`)
pdf.py       PDF export with an embedded CJK font (Debian package fonts-wqy-microhei); Markdown tables as tables
setup.py     group page permissions and the workflow; demo/ loads the Quick start's example standard
wagtail_hooks.py   admin wiring: publish guard messages, version register, program groups, scoped listings

Imports run one way, with no cycle. blocks, checks, sections, rendering, panels, permissions, forms, compare,
exchange and pdf import no standards model; the models import the first seven, and the exporters only inside the
version routes that use them; versions, signals, importer, setup, demo and wagtail_hooks import the models.
"""

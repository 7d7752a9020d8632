"""Tables the search app owns: the documents as indexed, their facet values, synonyms, and failed updates.

The full-text structures themselves (an FTS5 virtual table on SQLite, tsvector columns on PostgreSQL) are
created by migration 0002 for the database in use and written only by `search.engines.embedded`.
"""

from django.db import models

from wagtail.admin.panels import FieldPanel


class SearchDocument(models.Model):
    """One indexed item (textbook, program, standard) as the engines see it, with everything needed to show it."""

    doc_type = models.CharField("类型", max_length=20)
    object_id = models.CharField("对象编号", max_length=40)
    key = models.CharField("精确匹配键", max_length=40, db_index=True, help_text="ISBN、专业代码等")
    title = models.CharField("标题", max_length=300)
    url = models.CharField("地址", max_length=300, blank=True)
    sort_key = models.CharField("排序键", max_length=300, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    data = models.JSONField("字段", default=dict)
    # The title's toneless syllables, space-delimited (" han jie jie gou "): the admin confirms a pinyin match
    # against the title with a LIKE here instead of parsing every matched row's `data`.
    title_pinyin = models.CharField("标题拼音", max_length=1200, blank=True, default="")
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_document_unique")
        ]

    def __str__(self):
        return f"{self.doc_type}:{self.title}"


class FacetValue(models.Model):
    """A facet value of a document; multi-valued facets (programs, categories) have one row per value."""

    # No database constraint (here and on the title pairs): Django still deletes the rows with their document, and
    # the index is rebuilt from its sources anyway. With the constraint, SQLite checked the document of every row
    # written and could not empty the table at once at the start of a rebuild.
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="facet_values", db_constraint=False
    )
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=60)
    label = models.CharField(max_length=200)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"], name="search_facet_value")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class TitleSyllablePair(models.Model):
    """Two consecutive syllables of an indexed document's title ("hu li" of 护理), at their place in the title.

    The admin finds the titles of a pinyin term here: the documents where the term's pairs follow one another.
    The full-text syllable stream also holds courses and programs, and reading its doclists of common syllables
    (li, hu) costs tens of milliseconds at 150,000 documents; so does reading the matched documents' own rows,
    so the pair carries the document's type and object id and the index alone answers the query.
    """

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    doc_type = models.CharField(max_length=20)
    object_id = models.CharField(max_length=40)
    pair = models.CharField(max_length=20)
    position = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["pair", "doc_type", "object_id", "position"], name="search_title_pair")
        ]

    def __str__(self):
        return self.pair


class Synonym(models.Model):
    """A group of equivalent search terms, edited in the admin; saving it takes effect without a restart."""

    terms = models.CharField("同义词组", max_length=300, help_text="用逗号分隔，如：汽修,汽车维修")
    enabled = models.BooleanField("启用", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("enabled"), FieldPanel("note")]

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["pk"]

    def __str__(self):
        return self.terms

    def term_list(self):
        return [term.strip() for term in self.terms.replace("，", ",").split(",") if term.strip()]


class PendingUpdate(models.Model):
    """An index update that failed after its retries; retried by the next update or `search_rebuild --pending`."""

    doc_type = models.CharField(max_length=20)
    object_id = models.CharField(max_length=40)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "object_id"], name="search_pending_unique")
        ]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}"

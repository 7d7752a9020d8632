"""Rows to JSON lines and back, with content types and permissions referenced by natural key.

Primary keys are kept as they are (editions point at reversion revision ids, revisions at object ids), so only
references to the two tables that `migrate` rebuilds with database-specific ids are written as natural keys:
`["app_label", "model"]` for a content type, `["codename", "app_label", "model"]` for a permission. Django's
deserializer resolves a list value through `get_by_natural_key` and any other value as a primary key.

Wagtail stores one content type id outside a foreign key: the `content_type` entry in a page revision's JSON.
The manifest carries the source database's content types so `remap_revision_content` can translate it.
"""

import datetime
import json

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.serializers import python
from django.core.serializers.json import DjangoJSONEncoder

NATURAL_MODELS = (ContentType, Permission)
CHUNK = 2000


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts times to milliseconds (ECMA-262); a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(python.Serializer):
    """Django's python serializer, natural foreign keys switched on only for content types and permissions.

    Content types come from Django's id cache and permissions from one dictionary, not one query per row.
    """

    def __init__(self):
        super().__init__()
        self._permissions = None

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if model not in NATURAL_MODELS:
            self.use_natural_foreign_keys = False
            return super().handle_fk_field(obj, field)
        pk = getattr(obj, field.attname)
        self._current[field.name] = None if pk is None else self._natural_key(model, pk)

    def handle_m2m_field(self, obj, field):
        model = field.remote_field.model
        if model in NATURAL_MODELS and field.remote_field.through._meta.auto_created:
            ids = [related.pk for related in getattr(obj, field.name).all()]
            self._current[field.name] = [self._natural_key(model, pk) for pk in ids]
            return
        self.use_natural_foreign_keys = False
        super().handle_m2m_field(obj, field)

    def _natural_key(self, model, pk):
        if model is ContentType:
            return list(ContentType.objects.get_for_id(pk).natural_key())
        if self._permissions is None:
            self._permissions = {
                p.pk: [p.codename, p.content_type.app_label, p.content_type.model]
                for p in Permission.objects.select_related("content_type")
            }
        return self._permissions[pk]


def dump_model(model, stream):
    """Write every row of `model` as one JSON line; returns the number of rows."""
    many = [f.name for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]
    queryset = model._base_manager.order_by("pk").prefetch_related(*many)
    rows = 0
    serializer = Serializer()
    batch = []
    for obj in queryset.iterator(chunk_size=CHUNK):
        batch.append(obj)
        if len(batch) >= CHUNK:
            rows += _write(serializer, batch, stream)
    return rows + _write(serializer, batch, stream)


def _write(serializer, batch, stream):
    for data in serializer.serialize(batch):
        stream.write(json.dumps(data, cls=FullPrecisionEncoder, ensure_ascii=False))
        stream.write("\n")
    count = len(batch)
    batch.clear()
    return count


def content_type_table():
    return {str(ct.pk): [ct.app_label, ct.model] for ct in ContentType.objects.all()}


def remap_revision_content(data, old_content_types):
    """Point a page revision's stored `content_type` id at the same model's id in this database."""
    content = data["fields"].get("content")
    if isinstance(content, str):
        content = json.loads(content)
    if isinstance(content, dict) and "content_type" in content:
        natural = old_content_types.get(str(content["content_type"]))
        if natural is not None:
            content["content_type"] = ContentType.objects.get_by_natural_key(*natural).pk
    data["fields"]["content"] = content
    return data

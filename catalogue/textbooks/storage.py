"""Private storage for application files: outside MEDIA_ROOT, never given a URL, served only by a checked view.

The location is read from `settings.PRIVATE_MEDIA_ROOT` on every use (not cached at import), so tests and
deployments can move it without reloading the model that points here.
"""

import os
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("私有文件没有公开地址，请通过下载视图获取。")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage


def private_upload_to(instance, filename):
    """A random folder per upload, so names never collide and never reveal another application's files."""
    extension = os.path.splitext(filename)[1].lower() or ".pdf"
    return f"textbooks/{uuid.uuid4().hex}/{uuid.uuid4().hex[:8]}{extension}"

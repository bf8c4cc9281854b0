from django.db import models


class ContentVersion(models.Model):
    """A counter bumped whenever public content changes.

    Cached public pages carry the version in their cache key, so an edit makes
    every cached copy unreachable at once, in every process.
    """

    name = models.CharField(max_length=50, unique=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.version}"

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


class District(models.Model):
    """A wijk. Reference data every module uses; each city loads its own list
    (``manage.py load_districts FILE``; Ghent's 25 wijken ship as demo data)."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "district"
        verbose_name_plural = "districts"

    def __str__(self) -> str:
        return self.name

"""Every file a template asks for with {% static %} exists: in production the
manifest storage refuses to render a page that names a missing file."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parents[2]
STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]\s*%}""")


def test_every_static_reference_in_the_templates_exists():
    missing = []
    for template in ROOT.rglob("templates/**/*.html"):
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8")):
            if not finders.find(name):
                missing.append(f"{template.relative_to(ROOT)}: {name}")
    assert not missing, missing

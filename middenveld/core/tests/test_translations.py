"""Every interface text is translated into every language, nothing fuzzy."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def test_every_language_has_a_complete_po_file():
    for code, _name in settings.LANGUAGES:
        assert (ROOT / "middenveld" / "locale" / code / "LC_MESSAGES" / "django.po").exists(), code
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "po_status.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr

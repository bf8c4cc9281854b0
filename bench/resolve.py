"""Find the values for path placeholders in the seeded database: ``python -m bench.resolve NEED...``.

Run by run.py in its own process with the benchmark's environment (production settings,
the benchmark database); prints one JSON object {need: value or null}.
"""

from __future__ import annotations

import json
import sys


def main(needs: list[str]) -> None:
    import django

    django.setup()
    from django.db import connections

    from bench.scenarios import resolvers

    known = resolvers()
    values: dict[str, str | None] = {}
    for need in needs:
        fn = known.get(need)
        if fn is None:
            values[need] = None
            continue
        value = fn()
        values[need] = None if value is None else str(value)
    connections.close_all()
    print(json.dumps(values))


if __name__ == "__main__":
    main(sys.argv[1:])

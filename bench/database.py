"""A fresh, empty benchmark database: PostgreSQL when DATABASE_URL points there, else SQLite."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

# BENCH_DB_NAME: the PostgreSQL database the benchmark drops and recreates on the server of
# DATABASE_URL (default middenveld_bench). It must contain "bench", so that a typo can never
# drop a real database.
DEFAULT_PG_NAME = "middenveld_bench"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # the DATABASE_URL for migrate, seed_demo and the stack
    engine: str  # "postgresql" or "sqlite"
    label: str  # printable, without a password


def _pg_label(url: str) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        netloc = f"{userinfo.split(':', 1)[0]}@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def prepare(source_url: str, var_dir: Path, *, fresh: bool = True) -> BenchDatabase:
    """Drop and create the benchmark database (unless ``fresh`` is false); return its URL."""
    scheme = urlsplit(source_url).scheme if source_url else "sqlite"
    if scheme in POSTGRES_SCHEMES:
        return _prepare_postgres(source_url, fresh=fresh)
    if scheme == "sqlite":
        return _prepare_sqlite(var_dir, fresh=fresh)
    raise SystemExit(
        f"bench: DATABASE_URL scheme {scheme!r} is not supported (postgres or sqlite)."
    )


def _prepare_sqlite(var_dir: Path, *, fresh: bool) -> BenchDatabase:
    path = var_dir / "bench.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    if fresh:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return BenchDatabase(url=f"sqlite:///{path}", engine="sqlite", label=str(path))


def _prepare_postgres(source_url: str, *, fresh: bool) -> BenchDatabase:
    import psycopg
    from psycopg import sql

    name = os.environ.get("BENCH_DB_NAME") or DEFAULT_PG_NAME
    if "bench" not in name:
        raise SystemExit(
            f"bench: BENCH_DB_NAME={name!r} must contain 'bench'; refusing to drop it."
        )
    parts = urlsplit(source_url)
    url = urlunsplit((parts.scheme, parts.netloc, "/" + quote(name), parts.query, ""))
    if fresh:
        # Connect to the server's maintenance database with the same credentials.
        admin_url = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, ""))
        try:
            with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as conn:
                ident = sql.Identifier(name)
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
                conn.execute(sql.SQL("CREATE DATABASE {}").format(ident))
        except psycopg.Error as exc:
            raise SystemExit(
                f"bench: cannot recreate database {name!r} on {_pg_label(admin_url)}: {exc}"
            ) from exc
    return BenchDatabase(url=url, engine="postgresql", label=_pg_label(url))

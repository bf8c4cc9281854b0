"""The one task interface.

Background work is a function decorated with ``@task`` (Django's task API,
backported by django-tasks) and started with ``.enqueue(...)``. The backend is
chosen by the TASK_BACKEND setting: ``immediate`` runs the task inside the
request (development and tests), ``database`` and ``rq`` hand it to a worker
(``make worker``). Arguments must be JSON-serialisable.
"""

from django_tasks import task

__all__ = ["task"]

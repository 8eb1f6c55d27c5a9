"""Background work for coding: theme suggestions over many texts (decision 0032).

A task's arguments and result are stored by the database task backend, so they carry ids only
(decision 0015): the texts are read, and the themes stored, by `suggestions.run_themes`.
"""

from django_tasks import task

from carelab.insights import suggestions


@task()
def suggest_themes_for_run(run_id: int) -> int:
    """Suggest themes for a waiting run, saving its progress as it goes. Returns how many themes."""
    return suggestions.run_themes(run_id)

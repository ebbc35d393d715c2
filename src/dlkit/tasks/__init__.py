"""Tasks as a registry: what a task means to every part of dlkit, declared in one module per task.

A task (``classification``, ``binary``, ``regression``, ``seq2seq`` …) owns its losses, its metric
and how a batch sums it, its default monitor, how outputs become predictions, the post-processing
an export describes and its default report. The schema's loss and metric tables, the trainer's
task logic, the export sidecar, ``evaluate``'s report choice and ``compare``'s grouping are all
read from here, so a new task is one module plus one line in ``components.TASKS`` (or a plugin's
``TASKS.register``). ``make_task`` binds a task to the recipe's loss for the trainer.
"""

from dlkit.tasks.base import Task, TaskDefinition, balanced_weights, definition, make_task

__all__ = ["Task", "TaskDefinition", "balanced_weights", "definition", "make_task"]

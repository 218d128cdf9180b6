"""The pages of development wishes (WSH-01…12), mounted at /oensker/ (namespace ``wishes``).

Backlogs, wishes and their timelines are public. Taking part needs a login, and each
action is offered only to the people who may take it (DESIGN principle 6): the actions of
the wish page are computed from the workflow's table for the wish's current state
(workflow.TRANSITIONS) and the mandate or participation right each one names. Where an
action exists in the table but is not the viewer's, the page says who may. Every write goes
through the same services as the API; a refusal is shown on the page, naming the holder,
and nothing is written.
"""

from os2gov.wishes.views.lists import backlog, follow_ups, inbox, mine, overview, roadmap
from os2gov.wishes.views.prioritise import move_in_backlog, prioritise
from os2gov.wishes.views.submit import similar, submit
from os2gov.wishes.views.wish import act, detail, wish_actions

__all__ = [
    "act",
    "backlog",
    "detail",
    "follow_ups",
    "inbox",
    "mine",
    "move_in_backlog",
    "overview",
    "prioritise",
    "roadmap",
    "similar",
    "submit",
    "wish_actions",
]

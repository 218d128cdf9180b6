"""Reminders the daily ``os2gov remind`` job sends.

The foundation registers no sources. A domain app that has something to remind people of
registers a source in its ``AppConfig.ready()``::

    from os2gov.core import reminders

    def due_decisions(today: date) -> Iterable[reminders.Reminder]:
        for decision in selectors.decisions_due(today):
            yield reminders.Reminder(decision.owner.email, subject, body)

    reminders.register("decisions.due", due_decisions)

A source is called once per run with the day the run is for, and returns the reminders
to send that day. Sources decide themselves what is due; the job only collects and sends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Reminder:
    recipient: str  # an e-mail address
    subject: str
    body: str


ReminderSource = Callable[[date], Iterable[Reminder]]

_sources: dict[str, ReminderSource] = {}


def register(name: str, source: ReminderSource) -> ReminderSource:
    """Register ``source`` under a dotted ``name``; registering a name again replaces it."""
    if not name:
        raise ValueError("A reminder source needs a name.")
    _sources[name] = source
    return source


def unregister(name: str) -> None:
    _sources.pop(name, None)


def sources() -> dict[str, ReminderSource]:
    """The registered sources by name, in registration order (a copy)."""
    return dict(_sources)

"""``python -m django controlling_reminders`` (daily, e.g. from cron or a systemd timer):
remind owners of open reporting rounds before and after the due date, at most once a day."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from lipkit.survey.controlling.services import send_reminders


class Command(BaseCommand):
    help = "Erinnerungen an offene Berichte der Berichtsrunden senden (höchstens täglich)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Stichtag JJJJ-MM-TT (Standard: heute)")

    def handle(self, *args, **options):
        today = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        sent = send_reminders(today)
        self.stdout.write(f"{sent} Erinnerungen gesendet.")

"""The command line: help texts and what the commands print."""

from lipkit.catalogue.core import define

define(
    "cli",
    {
        "error": ("Fehler: {line}", "Error: {line}"),
        "file_not_found": ("{file}: Datei nicht gefunden", "{file}: file not found"),
    },
)

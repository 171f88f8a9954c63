"""Mail written to files (``LIPKIT_DATA/mail``, the default outside production): the files
hold live invitation links, so they and their folder are readable by the owner only."""

from __future__ import annotations

import os
from typing import IO

from django.core.mail.backends.filebased import EmailBackend


class PrivateFileBackend(EmailBackend):
    stream: IO[bytes] | None  # set to None by Django's backend, opened here

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        os.chmod(self.file_path, 0o700)

    def open(self) -> bool:
        if self.stream is None:
            name = self._get_filename()
            self.stream = os.fdopen(
                os.open(name, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600), "ab"
            )
            os.chmod(name, 0o600)
            return True
        return False

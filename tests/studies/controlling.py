"""The demo study folder as a ZIP (the upload a coordinator makes) and a plan made from it
with a login of each role: ``koord`` (coordinator), ``integ`` (owner for org unit 15, the
Stabsstelle Integration), ``soz`` (owner by name: "Koordination Integration", unit 50),
``leser`` (reader), ``fremd`` (no role). Password of each: ``Passwort-<name>-2026``."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

PEOPLE = ("koord", "integ", "soz", "leser", "fremd")


def demo_zip(folder: Path) -> bytes:
    from lipkit.demo import write_demo

    root = write_demo(folder / "demo")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                archive.write(path, "demo/" + path.relative_to(root).as_posix())
    return buffer.getvalue()


def make_people(django_user_model) -> dict:
    return {
        name: django_user_model.objects.create_user(
            name, password=f"Passwort-{name}-2026", email=f"{name}@stadt.example"
        )
        for name in PEOPLE
    }


def demo_plan(data: bytes, people: dict):
    from lipkit.survey.controlling import services
    from lipkit.survey.services.setup import Upload

    created = services.create_plan(
        Upload("demo.zip", "application/zip", data), user=people["koord"]
    )
    plan = created.plan
    koord = people["koord"]
    services.add_person(plan, by=koord, username="integ", kind="owner", unit="15")
    services.add_person(
        plan, by=koord, username="soz", kind="owner", name="Koordination Integration"
    )
    services.add_person(plan, by=koord, username="leser", kind="reader")
    return plan

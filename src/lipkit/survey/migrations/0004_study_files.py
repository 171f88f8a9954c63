"""The files of the study folder a survey was made from (report/, interviews/ …), so that
the ZIP export is the whole study folder again."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0003_unlinkable_submissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="StudyFile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "path",
                    models.CharField(
                        help_text="inside the folder, e.g. report/01.md", max_length=400
                    ),
                ),
                ("content", models.BinaryField()),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="files",
                        to="survey.survey",
                    ),
                ),
            ],
            options={
                "ordering": ["path"],
                "constraints": [
                    models.UniqueConstraint(fields=("survey", "path"), name="one_file_per_path")
                ],
            },
        ),
    ]

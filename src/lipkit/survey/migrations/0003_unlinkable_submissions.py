"""Submissions of invitations wait for their batch (PendingSubmission) and claim their
invitation (InvitationClaim); retries are recognised by SubmissionSeen instead of the
response's id, which is now random; drafts hold only sealed answers (docs/survey.md).

Drafts of the earlier kind (a readable signed state under the plain code) are converted:
the answers, page, language and version sealed with a key derived from their code, found by
the code's keyed hash; the invitation token and submission id they held are dropped.
"""

import json
import uuid
from datetime import timedelta

import django.db.models.deletion
from django.db import migrations, models


def convert_drafts(apps, schema_editor):
    from django.conf import settings
    from django.core import signing

    from lipkit.survey import crypto

    legacy = apps.get_model("survey", "LegacyDraft")
    draft = apps.get_model("survey", "Draft")
    for old in legacy.objects.all():
        try:
            state = signing.loads(old.state, salt="lipkit.survey.state")
        except signing.BadSignature:
            continue  # signed with another key: nobody could resume it anyway
        payload = {k: state.get(k) for k in ("answers", "page", "language", "version")}
        draft.objects.create(
            lookup=crypto.keyed_hash("draft", old.code),
            survey_id=old.survey_id,
            sealed=crypto.seal_with_code(old.code, json.dumps(payload).encode()),
            expires_on=old.saved_on + timedelta(days=settings.DRAFT_DAYS),
        )


class Migration(migrations.Migration):
    dependencies = [("survey", "0003_roles_and_pages")]

    operations = [
        migrations.CreateModel(
            name="InvitationClaim",
            fields=[
                ("digest", models.CharField(max_length=64, primary_key=True, serialize=False)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="claims",
                        to="survey.survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="PendingSubmission",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sealed", models.BinaryField()),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="pending",
                        to="survey.survey",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="SubmissionSeen",
            fields=[
                ("digest", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("expires_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.AlterField(
            model_name="response",
            name="id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, primary_key=True, serialize=False
            ),
        ),
        migrations.RenameModel("Draft", "LegacyDraft"),
        migrations.CreateModel(
            name="Draft",
            fields=[
                ("lookup", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("sealed", models.BinaryField()),
                ("expires_on", models.DateField(db_index=True)),
                (
                    "survey",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="drafts",
                        to="survey.survey",
                    ),
                ),
            ],
        ),
        migrations.RunPython(convert_drafts, migrations.RunPython.noop),
        migrations.DeleteModel("LegacyDraft"),
    ]

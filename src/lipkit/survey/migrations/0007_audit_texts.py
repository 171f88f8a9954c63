# The audit trail's own texts as catalogue codes with parameters (issue 13); rows written
# before keep texts = null and are shown as stored.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0006_controlling"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="texts",
            field=models.JSONField(
                blank=True,
                help_text="column -> parameters, for each of field, old, new, reason that holds "
                "a catalogue code (shown in the reader's language); null in rows written before "
                "the codes",
                null=True,
            ),
        ),
    ]

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("survey", "0004_study_files"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="previous",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="next_waves",
                to="survey.survey",
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="wave_label",
            field=models.CharField(blank=True, max_length=40),
        ),
    ]

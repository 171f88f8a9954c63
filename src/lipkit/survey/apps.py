from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "lipkit.survey"
    label = "survey"
    verbose_name = "lipkit Online-Befragung"
    default_auto_field = "django.db.models.BigAutoField"

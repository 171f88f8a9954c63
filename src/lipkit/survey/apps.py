from django.apps import AppConfig


class SurveyConfig(AppConfig):
    name = "lipkit.survey"
    label = "survey"
    verbose_name = "lipkit Online-Befragung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lipkit.survey import login  # noqa: F401  (connects the login signal)

from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="survey:team-home"), name="root"),
    path("", include("lipkit.survey.urls", namespace="survey")),
    path("", include("lipkit.survey.controlling.urls", namespace="controlling")),
]

handler404 = "lipkit.survey.views.respondent_info.not_found"

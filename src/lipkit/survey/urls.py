from django.urls import path

from lipkit.survey.views import (
    respondent,
    respondent_info,
    team,
    team_manage,
    team_results,
    team_roles,
    team_texts,
)

app_name = "survey"

urlpatterns = [
    path("s/<str:link>/", respondent.questionnaire, name="questionnaire"),
    path("s/<str:link>/danke/", respondent.thanks, name="thanks"),
    path("s/<str:link>/fortsetzen/", respondent.resume, name="resume"),
    path("s/<str:link>/verlaengern/", respondent.renew, name="renew"),
    *respondent_info.urlpatterns,
    *team.urlpatterns,
    *team_manage.urlpatterns,
    *team_results.urlpatterns,
    *team_roles.urlpatterns,
    *team_texts.urlpatterns,
]

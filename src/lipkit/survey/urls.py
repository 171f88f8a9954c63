from django.urls import path

from lipkit.survey.views import respondent, team, team_manage, team_results

app_name = "survey"

urlpatterns = [
    path("s/<str:link>/", respondent.questionnaire, name="questionnaire"),
    path("s/<str:link>/danke/", respondent.thanks, name="thanks"),
    path("s/<str:link>/fortsetzen/", respondent.resume, name="resume"),
    path("s/<str:link>/verlaengern/", respondent.renew, name="renew"),
    *team.urlpatterns,
    *team_manage.urlpatterns,
    *team_results.urlpatterns,
]

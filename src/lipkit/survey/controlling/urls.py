"""The controlling pages, included by ``root_urls`` under the namespace ``controlling``."""

from lipkit.survey.controlling.views import urlpatterns as urlpatterns

app_name = "controlling"

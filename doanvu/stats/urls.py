from django.urls import path

from doanvu.stats.views import stats_page

# Included under the "reports" namespace at /bao-cao/so-lieu/.
urlpatterns = [path("<str:code>/", stats_page, name="stats")]

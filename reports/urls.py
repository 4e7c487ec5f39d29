from django.urls import path

from reports.views import public

urlpatterns = [
    path("", public.home, name="home"),
    path("regions/<int:pk>/", public.region_detail, name="region_detail"),
    path("departments/<int:pk>/", public.department_detail, name="department_detail"),
    path("reports/<int:pk>/", public.report_detail, name="report_detail"),
]

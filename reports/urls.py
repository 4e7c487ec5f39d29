from django.urls import path, re_path

from reports.downloads import FILE_PATTERN
from reports.views import explore, feedback, help, opendata, public

EXPORT = r"(?P<fmt>csv|xlsx)"

urlpatterns = [
    path("", public.home, name="home"),
    path("search/", public.report_list, name="search"),
    path("regions/", public.region_list, name="region_list"),
    path("regions/<int:pk>/", public.region_detail, name="region_detail"),
    path("departments/<int:pk>/", public.department_detail, name="department_detail"),
    path("reports/", public.report_list, name="report_list"),
    re_path(rf"^reports/export\.{EXPORT}$", public.report_export, name="report_export"),
    path("reports/<int:pk>/", public.report_detail, name="report_detail"),
    path("reports/<int:pk>/problem/", feedback.report_problem, name="report_problem"),
    path("reports/<int:pk>/json/", public.report_json, name="report_json"),
    path("reports/<int:pk>/original/", public.report_original, name="report_original"),
    path("reports/<int:pk>/original/<int:order>/", public.report_part_original,
         name="report_part_original"),
    path("lines/", public.line_list, name="line_list"),
    re_path(rf"^lines/export\.{EXPORT}$", public.line_export, name="line_export"),
    path("indicators/", public.indicator_list, name="indicator_list"),
    re_path(rf"^indicators/export\.{EXPORT}$", public.indicator_export, name="indicator_export"),
    path("explore/", explore.explore_home, name="explore"),
    re_path(rf"^explore/export\.{EXPORT}$", explore.explore_export, name="explore_export"),
    re_path(r"^explore/(?P<code>\d{3,7})/$", explore.explore_code, name="explore_code"),
    re_path(rf"^explore/(?P<code>\d{{3,7}})/export\.{EXPORT}$", explore.explore_code_export,
            name="explore_code_export"),
    path("help/glossary/", help.glossary, name="help_glossary"),
    path("help/methodology/", help.methodology, name="help_methodology"),
    path("data/", opendata.downloads, name="downloads"),
    path("data/dictionary/", opendata.data_dictionary, name="data_dictionary"),
    re_path(rf"^data/(?P<name>{FILE_PATTERN})$", opendata.download_file, name="download_file"),
]

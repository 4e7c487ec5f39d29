"""The pages' FilterSets, as the API takes them: the same filters, without the sort menu.

An API list keeps its keyset order (see ``pagination``), so ``sort`` is left
out; every other filter is the page's own, from ``reports.filters`` and
``reports.audit_filters``, so a filter means the same on a page and in the API.
"""

from __future__ import annotations

import copy

from django_filters import FilterSet, ModelChoiceFilter
from drf_spectacular.drainage import set_override
from drf_spectacular.types import OpenApiTypes

from reports import audit_filters
from reports import filters as page_filters


def for_api(filterset: type[FilterSet]) -> type[FilterSet]:
    """``filterset`` without ``sort``; its choices of a region, department or year are ids."""
    api: type[FilterSet] = type(filterset.__name__, (filterset,), {"__module__": __name__})
    api.base_filters = {}
    for name, field in filterset.base_filters.items():
        if name == "sort":
            continue
        field = copy.deepcopy(field)
        if isinstance(field, ModelChoiceFilter):  # documented as the integer it takes
            set_override(field, "field", OpenApiTypes.INT)
        api.base_filters[name] = field
    return api


ReportFilter = for_api(page_filters.ReportFilter)
LineFilter = for_api(page_filters.LineFilter)
ExpenditureLineFilter = for_api(page_filters.ExpenditureLineFilter)
IndicatorFilter = for_api(page_filters.IndicatorFilter)
FindingFilter = for_api(audit_filters.FindingFilter)
DepartmentFilter = for_api(page_filters.DepartmentFilter)
RegionFilter = for_api(page_filters.RegionFilter)

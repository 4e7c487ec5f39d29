"""Writes to the reference data: regions, departments and their aliases."""

from __future__ import annotations

import re
from datetime import timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.text import squeeze
from reports.models import (
    DataProblem,
    Department,
    DepartmentAlias,
    FiscalYear,
    Region,
    Report,
    Spending,
    StatementRow,
)
from reports.review import AUDITORS_GROUP
from reports.spending import spending_for_report

# A printed name starts with its administrative places: 株洲市芦淞区…, 湖南省…
PLACE_PREFIX = re.compile(
    r"^(?:(?P<province>[^省市区县]{2,7}省))?"
    r"(?:(?P<city>[^省市区县]{2,7}(?:市|州|盟)))?"
    r"(?:(?P<county>[^省市区县]{1,7}(?:区|县|市|旗)))?"
)


@lru_cache(maxsize=2048)
def place_names(name: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) that the printed name itself names.

    jionlp knows the real administrative divisions and fills in the province of
    a city; a level is kept only where its full name is printed in ``name``, so
    an invented place is never mapped onto a real one that merely sounds alike.
    """
    import jionlp  # slow to import: only when a department is placed

    found = jionlp.parse_location(name)
    levels: list[str | None] = []
    for level in ("province", "city", "county"):
        value = found.get(level)
        levels.append(value if value and _printed(value, name) else None)
    province, city, county = levels
    if city and not province and found.get("province"):
        province = found["province"]  # the city is real and printed: its province is known
    if not (city or county):
        return _places_from_pattern(name)
    if province == city:  # 直辖市: 上海市 is both
        province = None
    return province, city, county


def _printed(place: str, name: str) -> bool:
    return place in name


def _places_from_pattern(name: str) -> tuple[str | None, str | None, str | None]:
    match = PLACE_PREFIX.match(name)
    if not match:
        return None, None, None
    return match.group("province"), match.group("city"), match.group("county")


def region_for_name(*, name: str) -> Region | None:
    """The most specific region named by a department's printed name, created as needed."""
    parent = None
    for level, place in zip(Region.Level.values, place_names(name), strict=True):
        if place:
            parent, _ = Region.objects.get_or_create(name=place, parent=parent, level=level)
    return parent


def department_find(*, name: str) -> Department | None:
    return Department.objects.matching_name(name).first()


@transaction.atomic
def department_get_or_create(*, name: str, region: Region | None = None) -> Department:
    name = squeeze(name)
    department = department_find(name=name)
    if department is None:
        # get_or_create: another publication may be creating the same body right now.
        department, _ = Department.objects.get_or_create(
            name=name, defaults={"region": region or region_for_name(name=name)}
        )
    return department


def department_alias_add(*, department: Department, name: str) -> DepartmentAlias | None:
    """Record another printed form of ``department``'s name; None if it is the name itself."""
    name = squeeze(name)
    if not name or name == department.name:
        return None
    alias, _ = DepartmentAlias.objects.get_or_create(name=name, defaults={"department": department})
    return alias


def fiscal_year_get(*, year: int) -> FiscalYear:
    return FiscalYear.objects.get_or_create(year=year)[0]


def report_spending_save(*, report: Report) -> list[Spending]:
    """(Re)write the explorer's spending by code for ``report`` from its statement tables."""
    tables = report.tables.order_by("order").prefetch_related(
        Prefetch("rows", queryset=StatementRow.objects.prefetch_related("cells"))
    )
    with transaction.atomic():
        Spending.objects.filter(report=report).delete()
        return Spending.objects.bulk_create(spending_for_report(report, tables, Spending))


def department_demo_mark(*, names: list[str]) -> int:
    """Mark the departments so named as fictional demo data; how many were marked."""
    return Department.objects.filter(name__in=[squeeze(n) for n in names]).update(demo=True)


def auditor_user_set(*, username: str, password: str):
    """Create an auditor (group ``auditors``: reviews findings), or reset their password."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    return user


# A sender may send this many data problems an hour (counted in the database).
DATA_PROBLEMS_PER_HOUR = 5


class DataProblemLimitError(Exception):
    """The sender reached the hourly limit: nothing was stored."""


def data_problem_sender(*, address: str) -> str:
    """A keyed hash of a network address: it counts a sender and cannot be reversed."""
    return salted_hmac("reports.DataProblem.sender", address, algorithm="sha256").hexdigest()


def data_problem_report(*, report: Report, description: str, contact: str = "",
                        address: str) -> DataProblem:
    """Store a visitor's note, at most DATA_PROBLEMS_PER_HOUR an hour from one address."""
    sender = data_problem_sender(address=address)
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        if (DataProblem.objects.filter(sender=sender, created_at__gte=since).count()
                >= DATA_PROBLEMS_PER_HOUR):
            raise DataProblemLimitError
        return DataProblem.objects.create(report=report, description=description.strip(),
                                          contact=contact.strip(), sender=sender)


# --- the published data's version (reports.cache) ------------------------------------

DATA_VERSION_KEY = "published"


def data_changed() -> None:
    """Bump the published data's version: cached overviews and counts are recomputed.

    Called by every write that changes what the public or auditors see derived from
    the whole corpus (a publication, a check run, a review mark; see reports.signals).
    """
    from django.db.models import F

    from reports.models import DataVersion

    if not DataVersion.objects.filter(pk=DATA_VERSION_KEY).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=DATA_VERSION_KEY, defaults={"value": 1})
    from reports.cache import forget_version

    forget_version()  # this request reads the new version from now on

"""Whose records a user may see and change: school staff their own schools', provincial staff their province's
schools', administrators everything. Every admin view, download and API answer of this app filters through here."""

from django.db.models import Q

from cms.users.roles import is_administrator

from .models import Adoption, AnnualReport, Offering, School


def provinces_of(user):
    """The province codes a user acts for as provincial staff."""
    if not user.is_authenticated:
        return []
    return list(user.provincial_departments.values_list("province", flat=True))


def visible_schools(user):
    """Schools whose records a user may read."""
    if is_administrator(user):
        return School.objects.all()
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    return School.objects.filter(Q(staff=user) | Q(province__in=provinces_of(user))).distinct()


def own_schools(user):
    """Schools whose offerings, reports and adoptions a user may write: their own (administrators: all)."""
    if is_administrator(user):
        return School.objects.all()
    if not user.is_authenticated or not user.is_active:
        return School.objects.none()
    return School.objects.filter(staff=user)


def visible_offerings(user):
    return Offering.objects.filter(school__in=visible_schools(user))


def visible_reports(user):
    return AnnualReport.objects.filter(school__in=visible_schools(user))


def visible_adoptions(user):
    return Adoption.objects.filter(school__in=visible_schools(user))


def approvable_reports(user):
    """Submitted or approved reports a user may approve or return: their province's (administrators: all)."""
    if is_administrator(user):
        return AnnualReport.objects.all()
    return AnnualReport.objects.filter(school__province__in=provinces_of(user))


def can_approve(user, report):
    return approvable_reports(user).filter(pk=report.pk).exists()


def can_edit(user, school):
    return own_schools(user).filter(pk=school.pk).exists()

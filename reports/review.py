"""Auditors' review marks on findings: who may mark, and the one writer of a mark."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import Finding

AUDITORS_GROUP = "auditors"


def can_review(user) -> bool:
    """Staff and members of the auditors group mark findings; everyone else reads."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(
        user.is_staff
        or user.is_superuser
        or user.groups.filter(name=AUDITORS_GROUP).exists()
    )


@transaction.atomic
def finding_review(*, finding: Finding, user, review: str, note: str = "") -> Finding:
    """Mark ``finding`` confirmed, dismissed or open again, with the reviewer's note.

    The mark is keyed by the finding's rule and fingerprint, so a re-upload of
    the same report carries it over (see reports.checks.report_check).
    """
    if not can_review(user):
        raise PermissionDenied(_("Only staff and auditors can review findings."))
    if review not in Finding.Review.values:
        raise ValidationError(_("Unknown review state: %(review)s") % {"review": review})
    if review == Finding.Review.DISMISSED and not note.strip():
        # A dismissal hides a finding from auditors who come later: they need the reason.
        raise ValidationError(_("Say why the finding is dismissed."))
    finding.review = review
    finding.review_note = note.strip()
    finding.reviewed_by = user
    finding.reviewed_at = timezone.now()
    finding.save(update_fields=["review", "review_note", "reviewed_by", "reviewed_at"])
    return finding

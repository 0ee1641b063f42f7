"""The reasons the services record in the audit, as stored (English keys, in the history
rows), and the text people read for each in the page's language (``audit.reason_text``).

A service that records a new reason adds it here; ``tests/core/test_audit_labels.py`` reads
every one in Catalan and Spanish. A reason typed by a person is shown as it was typed."""

from __future__ import annotations

from django.utils.translation import gettext_noop

# Whole reasons.
REASONS = {
    "minutes uploaded": gettext_noop("minutes uploaded"),
    "published": gettext_noop("published"),
    "unpublished": gettext_noop("unpublished"),
    "submitted": gettext_noop("submitted"),
    "returned": gettext_noop("returned"),
    "validated": gettext_noop("validated"),
    "validated by import": gettext_noop("validated by import"),
    "value replaced": gettext_noop("value replaced"),
    "corrected": gettext_noop("corrected"),
    "opened": gettext_noop("opened"),
    "first answer": gettext_noop("first answer"),
    "the municipality answered": gettext_noop("the municipality answered"),
    "triage": gettext_noop("triage"),
    "satisfaction": gettext_noop("satisfaction"),
    "password set by an administrator": gettext_noop("password set by an administrator"),
    "password changed": gettext_noop("password changed"),
    "password reset": gettext_noop("password reset"),
    # territory/importer.py: every row the register import writes.
    "register import": gettext_noop("register import"),
    # strategy's measurement deletion without a reason typed: the kind of change says it.
    "deleted": "",
}

# Reasons that begin with a key and go on with data (a reference, a file name, a number):
# the key is read in the page's language and the rest is kept ("approved: ACORD-1" ->
# "aprovat: ACORD-1"). Longer keys first: the first that matches is used.
REASON_PREFIXES = {
    # participation: a consultation closed when its plan is approved ("... (ACORD-1)").
    "closed: plan approved": gettext_noop("closed: plan approved"),
    "approved": gettext_noop("approved"),
    "closed": gettext_noop("closed"),
    "restored version": gettext_noop("restored version"),
    # strategy, maturity and connectivity imports: "import <file name>".
    "import": gettext_noop("imported from the file"),
}

"""The roster review (planner.people.operations.review_roster), specified without a client.

The file is read and planned once; the import runs the plan the review made.
"""

from __future__ import annotations

import pytest

from planner.people import operations
from planner.people.operations import RosterAction
from tests.operations.test_people_operations import roster


@pytest.fixture
def workshop(make):
    return make.workshop()


def test_review_roster_reads_and_plans_a_valid_file_once(workshop):
    review = operations.review_roster(
        workshop, roster("Ani Hakobyan,armenian,ani@example.org,"), workshop.owner
    )
    assert review.preview.is_valid
    assert [p.action for p in review.plan] == [RosterAction.CREATE]
    result = operations.import_roster(workshop, review.preview, workshop.owner, review.plan)
    assert result.created == 1


def test_review_roster_turns_a_strangers_email_into_a_neutral_line_error(workshop, make):
    make.person(name="Stranger", email="stranger@example.org")
    review = operations.review_roster(
        workshop, roster("Stranger,armenian,stranger@example.org,"), workshop.owner
    )
    assert review.plan == ()
    assert [(e.line, e.reason) for e in review.preview.errors] == [(2, operations.EMAIL_NOT_USABLE)]
    assert not review.preview.is_valid


def test_review_roster_of_a_file_with_errors_plans_nothing(workshop):
    review = operations.review_roster(workshop, roster(",nowhere,,"), workshop.owner)
    assert review.preview.errors and review.plan == ()

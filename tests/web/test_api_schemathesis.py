"""The JSON API against its own OpenAPI document (schemathesis), on a published edition.

Schemathesis generates requests from ``/api/v1/openapi.json`` and checks every answer: no
server error, a documented status and content type, a body matching the documented schema.
The generated years are mostly unknown (404s, which must match the error schema too); the
published edition's year is then asked explicitly on every route so the 200 bodies are
checked against the document as well.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from awards.extensions import db
from tests.certificates_factory import published

ROUTES = ("categories", "nominees", "results")


@pytest.fixture
def api_schema(app, make_edition, make_user):  # type: ignore[no-untyped-def]
    published(make_edition, make_user, counts_public=True)
    db.session.commit()
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_every_answer_matches_the_document(api_schema) -> None:  # type: ignore[no-untyped-def]
    # Each operation's Hypothesis strategy run by hand: ``schemathesis.pytest.from_fixture``
    # (``@schema.parametrize()`` on a fixture) fails under pytest 9 (``_nodeid``).
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=20,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        )
        def check(case) -> None:  # type: ignore[no-untyped-def]
            case.call_and_validate()

        check()


@pytest.mark.parametrize("route", ROUTES)
def test_the_published_edition_matches_the_document(api_schema, route) -> None:  # type: ignore[no-untyped-def]
    operation = api_schema[f"/api/v1/editions/{{year}}/{route}"]["GET"]
    response = operation.Case(path_parameters={"year": 2021}).call_and_validate()
    assert response.status_code == 200

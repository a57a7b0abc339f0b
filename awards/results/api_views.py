"""The read-only JSON API under ``/api/v1`` and its OpenAPI document, generated from the code.

Every answer is dumped through a marshmallow schema of ``awards/results/api_schemas.py``; the
OpenAPI document at ``/api/v1/openapi.json`` is made by apispec from these views' docstrings
and the same schemas. Answers carry an ETag (304 on ``If-None-Match``); published data (the
nominees, the results) may be cached publicly for a minute. Errors are JSON:
``{"error": {"status": 404, "message": "..."}}``.
"""

from __future__ import annotations

from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Blueprint, Response, current_app, jsonify, request
from marshmallow import Schema

from awards import clock
from awards.results import api_data
from awards.results.api_schemas import (
    CategoriesSchema,
    EditionsSchema,
    ErrorSchema,
    NomineesSchema,
    ResultsSchema,
)

bp = Blueprint("api", __name__, url_prefix="/api/v1")
YEAR = "<int(min=1, max=9999):year>"


def _answer(schema: Schema, data: dict[str, Any], *, public: bool = False) -> Response:
    response = jsonify(schema.dump(data))
    response.add_etag()
    if public:
        response.cache_control.public = True
        response.cache_control.max_age = 60
    else:
        response.cache_control.no_cache = True
    response.make_conditional(request)  # in place: 304 and no body when the ETag matches
    return response


def _error(status: int, message: str) -> Response:
    response = jsonify(ErrorSchema().dump({"error": {"status": status, "message": message}}))
    response.status_code = status
    return response


def _unknown(year: int) -> Response:
    return _error(404, f"No edition {year}.")


@bp.get("/editions")
def editions() -> Response:
    """The editions, newest first, with their phase and dates.
    ---
    get:
      summary: The editions
      responses:
        200:
          description: Every edition
          content:
            application/json:
              schema: EditionsSchema
    """
    return _answer(EditionsSchema(), api_data.editions(clock.utcnow()))


@bp.get(f"/editions/{YEAR}/categories")
def categories(year: int) -> Response:
    """An edition's categories with their translated names.
    ---
    get:
      summary: An edition's categories
      parameters:
        - {in: path, name: year, required: true, schema: {type: integer, minimum: 1, maximum: 9999}}
      responses:
        200:
          description: The categories
          content:
            application/json:
              schema: CategoriesSchema
        404:
          description: No such edition
          content:
            application/json:
              schema: ErrorSchema
    """
    edition = api_data.edition_by_year(year)
    if edition is None:
        return _unknown(year)
    return _answer(CategoriesSchema(), api_data.categories(edition))


@bp.get(f"/editions/{YEAR}/nominees")
def nominees(year: int) -> Response:
    """The confirmed nominees, once public voting has opened.
    ---
    get:
      summary: An edition's nominees
      parameters:
        - {in: path, name: year, required: true, schema: {type: integer, minimum: 1, maximum: 9999}}
      responses:
        200:
          description: The nominees of every confirmed category
          content:
            application/json:
              schema: NomineesSchema
        404:
          description: No such edition, or its nominees are not published yet
          content:
            application/json:
              schema: ErrorSchema
    """
    edition = api_data.edition_by_year(year)
    if edition is None:
        return _unknown(year)
    data = api_data.nominees(edition, clock.utcnow())
    if data is None:
        return _error(404, f"The nominees of {year} are not published yet.")
    return _answer(NomineesSchema(), data, public=True)


@bp.get(f"/editions/{YEAR}/results")
def results(year: int) -> Response:
    """The published results: Winners, Champions, each category's Merkle root and size.
    ---
    get:
      summary: An edition's results
      parameters:
        - {in: path, name: year, required: true, schema: {type: integer, minimum: 1, maximum: 9999}}
      responses:
        200:
          description: The results (valid votes per project only when the counts are public)
          content:
            application/json:
              schema: ResultsSchema
        404:
          description: No such edition, or its results are not published yet
          content:
            application/json:
              schema: ErrorSchema
    """
    edition = api_data.edition_by_year(year)
    if edition is None:
        return _unknown(year)
    data = api_data.results(edition)
    if data is None:
        return _error(404, f"The results of {year} are not published yet.")
    return _answer(ResultsSchema(), data, public=True)


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 document of this API."""
    spec = current_app.extensions.get("awards_openapi")
    if spec is None:
        spec = current_app.extensions["awards_openapi"] = build_spec()
    return _answer_document(spec)


@bp.get("/<path:anything>")
def not_found(anything: str) -> Response:
    return _error(404, "No such API route.")


def _answer_document(spec: dict[str, Any]) -> Response:
    response = jsonify(spec)
    response.add_etag()
    response.make_conditional(request)  # in place: 304 and no body when the ETag matches
    return response


def build_spec() -> dict[str, Any]:
    """The OpenAPI document, from the views above and the schemas they dump through."""
    spec = APISpec(
        title="WSIS Prizes API",
        version="1",
        openapi_version="3.0.3",
        plugins=[FlaskPlugin(), MarshmallowPlugin()],
        info={"description": "Read-only data of the WSIS Prizes: editions, nominees, results."},
        servers=[{"url": "/"}],
    )
    for view in (editions, categories, nominees, results):
        spec.path(view=view)
    return spec.to_dict()

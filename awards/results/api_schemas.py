"""The JSON API's response shapes, as marshmallow schemas.

The views dump every response through these schemas and the OpenAPI document is generated
from them (``awards/results/api_views.py``), so the document cannot drift from the answers.
"""

from __future__ import annotations

from marshmallow import Schema, fields


class ErrorBodySchema(Schema):
    status = fields.Integer(required=True)
    message = fields.String(required=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class DatesSchema(Schema):
    submission_opens = fields.AwareDateTime(required=True)
    submission_closes = fields.AwareDateTime(required=True)
    nomination_opens = fields.AwareDateTime(required=True)
    nomination_closes = fields.AwareDateTime(required=True)
    voting_opens = fields.AwareDateTime(required=True)
    voting_closes = fields.AwareDateTime(required=True)
    selection_opens = fields.AwareDateTime(required=True)
    selection_closes = fields.AwareDateTime(required=True)
    ceremony_at = fields.AwareDateTime(required=True)


class EditionSchema(Schema):
    year = fields.Integer(required=True)
    title = fields.String(required=True)
    phase = fields.String(required=True)
    dates = fields.Nested(DatesSchema, required=True)


class EditionsSchema(Schema):
    editions = fields.List(fields.Nested(EditionSchema), required=True)


class CategorySchema(Schema):
    number = fields.Integer(required=True)
    action_line = fields.String(required=True)
    name = fields.String(required=True)
    translations = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class CategoriesSchema(Schema):
    year = fields.Integer(required=True)
    categories = fields.List(fields.Nested(CategorySchema), required=True)


class ProjectSchema(Schema):
    entry_id = fields.Integer(required=True)
    title = fields.String(required=True)
    entity = fields.String(required=True)
    country = fields.String(required=True, allow_none=True)
    category_number = fields.Integer(required=True)


class NomineesSchema(Schema):
    year = fields.Integer(required=True)
    nominees = fields.List(fields.Nested(ProjectSchema), required=True)


class AwardedSchema(ProjectSchema):
    #: Only when the organisers made the counts public.
    valid_votes = fields.Integer()


class CategoryResultSchema(Schema):
    number = fields.Integer(required=True)
    winner = fields.Nested(AwardedSchema, required=True, allow_none=True)
    champions = fields.List(fields.Nested(AwardedSchema), required=True)
    merkle_root = fields.String(required=True)
    merkle_size = fields.Integer(required=True)


class ResultsSchema(Schema):
    year = fields.Integer(required=True)
    published_at = fields.AwareDateTime(required=True)
    counts_public = fields.Boolean(required=True)
    categories = fields.List(fields.Nested(CategoryResultSchema), required=True)

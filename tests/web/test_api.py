"""The read-only JSON API: every route, its 404s, ETags, nothing before publication."""

from __future__ import annotations

from awards.extensions import db
from tests.certificates_factory import published, tallied
from tests.conftest import Clock


def test_editions_with_phase_and_dates(client, make_edition) -> None:  # type: ignore[no-untyped-def]
    make_edition(year=2021)
    db.session.commit()
    make_edition(year=2020)
    db.session.commit()
    response = client.get("/api/v1/editions")
    assert response.status_code == 200
    body = response.get_json()
    assert [e["year"] for e in body["editions"]] == [2021, 2020]
    first = body["editions"][0]
    assert set(first) == {"year", "title", "phase", "dates"}
    assert first["dates"]["voting_opens"].startswith("2021-")
    assert response.headers["ETag"]


def test_categories_with_translations(client, make_edition) -> None:  # type: ignore[no-untyped-def]
    edition = make_edition(year=2021, categories=2)
    db.session.commit()
    edition.categories[0].name_translations = {"fr": "Accès"}
    db.session.commit()
    body = client.get("/api/v1/editions/2021/categories").get_json()
    assert [c["number"] for c in body["categories"]] == [1, 2]
    assert body["categories"][0]["translations"] == {"fr": "Accès"}
    assert set(body["categories"][0]) == {"number", "action_line", "name", "translations"}


def test_unknown_years_are_json_404s(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("categories", "nominees", "results"):
        response = client.get(f"/api/v1/editions/1999/{path}")
        assert response.status_code == 404
        assert response.get_json() == {"error": {"status": 404, "message": "No edition 1999."}}
    assert client.get("/api/v1/editions/abc/results").get_json()["error"]["status"] == 404
    assert client.get("/api/v1/nothing").status_code == 404


def test_nominees_once_voting_opens_without_counts(client, make_edition, make_user, app) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    db.session.commit()
    body = client.get("/api/v1/editions/2021/nominees").get_json()
    ids = {n["entry_id"] for n in body["nominees"]}
    assert ids == {world.first.id, world.second.id} | {e.id for e in world.others}
    row = next(n for n in body["nominees"] if n["entry_id"] == world.first.id)
    assert row == {
        "entry_id": world.first.id,
        "title": "Digital Library for All",
        "entity": "جمعية تقنية المعلومات",
        "country": world.first.country,
        "category_number": 1,
    }


def test_no_nominees_before_voting(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = tallied(make_edition, make_user)
    db.session.commit()
    world.edition.voting_opens = Clock.DURING_SELECTION.replace(year=2099)
    db.session.commit()
    response = client.get("/api/v1/editions/2021/nominees")
    assert response.status_code == 404
    assert "not published yet" in response.get_json()["error"]["message"]


def test_results_404_before_publication(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    tallied(make_edition, make_user)
    db.session.commit()
    response = client.get("/api/v1/editions/2021/results")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "The results of 2021 are not published yet."
    assert "winner" not in response.get_data(as_text=True)


def test_results_once_published_without_counts(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user)
    db.session.commit()
    response = client.get("/api/v1/editions/2021/results")
    assert response.status_code == 200
    assert "public" in response.headers["Cache-Control"]
    body = response.get_json()
    assert body["counts_public"] is False
    first = body["categories"][0]
    assert first["winner"]["entry_id"] == world.first.id
    assert [c["entry_id"] for c in first["champions"]] == [world.first.id]
    assert first["merkle_size"] == 3
    assert len(first["merkle_root"]) == 64
    assert "valid_votes" not in response.get_data(as_text=True)


def test_results_with_counts_when_public(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    world = published(make_edition, make_user, counts_public=True)
    db.session.commit()
    body = client.get("/api/v1/editions/2021/results").get_json()
    assert body["categories"][0]["winner"]["valid_votes"] == 2
    assert body["categories"][1]["champions"][0] == body["categories"][1]["winner"]
    assert body["categories"][1]["winner"]["entry_id"] == world.second.id


def test_etag_gives_304(client, make_edition, make_user) -> None:  # type: ignore[no-untyped-def]
    published(make_edition, make_user)
    db.session.commit()
    for url in ("/api/v1/editions", "/api/v1/editions/2021/results", "/api/v1/openapi.json"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, url
        assert again.data == b""
        changed = client.get(url, headers={"If-None-Match": '"something else"'})
        assert changed.status_code == 200


def test_the_openapi_document_names_every_route(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {
        "/api/v1/editions",
        "/api/v1/editions/{year}/categories",
        "/api/v1/editions/{year}/nominees",
        "/api/v1/editions/{year}/results",
    }
    ok = document["paths"]["/api/v1/editions/{year}/results"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Results"}
    assert "merkle_root" in document["components"]["schemas"]["CategoryResult"]["properties"]


def test_the_api_changes_nothing(client, make_edition) -> None:  # type: ignore[no-untyped-def]
    make_edition(year=2021)
    db.session.commit()
    assert client.post("/api/v1/editions").status_code == 405
    assert client.delete("/api/v1/editions/2021/results").status_code == 405

def test_home_page_renders_with_security_headers(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"WSIS Prizes" in response.data
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_404_page_without_trace(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert b"Traceback" not in response.data


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"

"""Links over HTTP: the configured external tools, for signed-in people only."""

from fastapi.testclient import TestClient

from tests.content_payloads import Auth


def test_signed_in_people_get_the_configured_links(client: TestClient, auth: Auth) -> None:
    reply = client.get("/api/links", headers=auth("officer"))
    assert reply.status_code == 200
    items = reply.json()["items"]
    assert [link["name"] for link in items] == [
        "Social media",
        "Hotspot policing",
        "Community messaging",
    ]
    assert all({"name", "url", "description"} <= set(link) for link in items)
    assert reply.json()["next"] is None


def test_links_need_a_sign_in(client: TestClient) -> None:
    reply = client.get("/api/links")
    assert reply.status_code == 401
    assert reply.headers["content-type"] == "application/problem+json"

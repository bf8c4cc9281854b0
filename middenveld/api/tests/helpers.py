"""Helpers for API tests (other apps' API tests may import them)."""


def bearer(plain):
    return {"Authorization": f"Bearer {plain}"}


def error_of(response):
    """The ``error`` object of a response, after checking the shape."""
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) <= {"code", "message", "details"}
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"].endswith((".", "?", "!"))
    return error

"""The API answers a URL it does not know in JSON, like its other errors."""

import pytest


@pytest.mark.parametrize(
    "path", ["/api/v1/people/abc/", "/api/v1/plans/1x/", "/api/v1/nothing/"]
)
def test_an_unknown_api_url_is_a_json_404(client, inst, path):
    client.force_login(inst.user("office"))
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_site_page_that_does_not_exist_is_still_the_html_404(client, inst):
    client.force_login(inst.user("office"))
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")

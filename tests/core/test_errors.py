"""Error pages: a malformed request gets the product's own translated 400 page."""

from django.test import Client


def test_a_malformed_request_gets_a_translated_400_page(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    # A Host header outside ALLOWED_HOSTS is one of Django's 400s.
    response = client.get("/", HTTP_HOST="attacker.example")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Bad Request" not in body
    assert "无法理解此请求" in body
    assert 'data-testid="error-400"' in body


def test_the_400_page_reads_in_english_too(db):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.get("/", HTTP_HOST="attacker.example")
    assert "The request could not be understood" in response.content.decode()

"""The API's schema (/api/schema/) and docs page (/api/docs/), served from our own host.

Swagger UI is vendored under ``static/vendor/swagger-ui/`` (intranets have no CDN) and
its start-up script comes from a second request to the same page (``?script``), so the
page runs under the content security policy ``script-src 'self'``.
"""

from django.templatetags.static import static
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

DESCRIPTION = """\
Organisations, people, campaigns, plans, pledges, evaluation rounds with their results,
and scores of the 创先争优 campaign. Every answer holds what your roles reach, exactly as
the pages show it: an object out of your scope is a 404, one you may read but not change
a 403.

**Signing in.** Get your token on the page [/api/token/](/api/token/) (or `POST
/api/v1/token/` while signed in) and send it as `Authorization: Token <key>`. In a
signed-in browser the session works too; writes then need the CSRF header, which this
page adds for you.

**Lists** come 50 a page: `?page=2`; `count`, `next` and `previous` say where you are.

**Filing.** `POST` a plan or pledge to start it from its category's template, `PUT` the
whole of it with the `revision` you read, then `POST …/submit/`. A stale revision is
answered 409 with the current one; a step the state does not allow, or missing content,
400 with the reason.

**Language.** Messages follow `Accept-Language`: Chinese by default, `en` for English.
"""

# Settings for this schema only (the global SPECTACULAR_SETTINGS give title and version).
SCHEMA_SETTINGS = {
    "DESCRIPTION": DESCRIPTION,
    # Request bodies get components of their own, without the read-only fields.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "FiledStatusEnum": "pledges.models.Status",
        "RoundStatusEnum": "evaluations.models.Round.Status",
        "RoundKindEnum": "evaluations.models.Round.Kind",
        "UnitKindEnum": "organizations.models.Organization.Kind",
    },
}


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema of /api/v1/ (YAML; JSON with ``?format=json``)."""

    custom_settings = SCHEMA_SETTINGS


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI on the schema, from vendored files."""

    url_name = "api-schema"
    title = "chuangxian API"

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"vendor/swagger-ui/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("vendor/swagger-ui/favicon-32x32.png")

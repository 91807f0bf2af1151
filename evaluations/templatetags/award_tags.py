"""Template tags of the awards: the member model posts shown on the public board."""

from django import template

from core import versioned_cache
from evaluations.awards.selectors import model_posts

register = template.Library()

BOARD_POSTS = 12


@register.inclusion_tag("awards/_board_model_posts.html")
def board_model_posts(campaign):
    """The campaign's active member model posts (党员示范岗), for the public board:
    the same for everyone who sees the board, so kept in the shared cache."""
    if campaign is None:
        return {"posts": [], "campaign": None}
    return {
        "posts": versioned_cache.get_or_compute(
            versioned_cache.FIGURES,
            campaign.scope.institute_id,
            ("board_model_posts", campaign.pk),
            lambda: _board_posts(campaign),
        ),
        "campaign": campaign,
    }


def _board_posts(campaign) -> list[dict]:
    return list(
        model_posts(campaign, active_only=True).values(
            "post_name", "person__name", "person__branch__name"
        )[:BOARD_POSTS]
    )

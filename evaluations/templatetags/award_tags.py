"""Template tags of the awards: the member model posts shown on the public board."""

from django import template

from evaluations.awards.selectors import model_posts

register = template.Library()

BOARD_POSTS = 12


@register.inclusion_tag("awards/_board_model_posts.html")
def board_model_posts(campaign):
    """The campaign's active member model posts (党员示范岗), for the public board."""
    if campaign is None:
        return {"posts": [], "campaign": None}
    return {
        "posts": list(model_posts(campaign, active_only=True)[:BOARD_POSTS]),
        "campaign": campaign,
    }

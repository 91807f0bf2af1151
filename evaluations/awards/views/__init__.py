"""Pages of the award selection (评选表彰) and the rest of phases 3 to 5.

Office: quotas, the proposal with its exclusions and reasons, adjustments, nominations,
submit, publish; duty-report round; model posts; exchange sessions. Leaders: the
sign-off page. Staff: the published commendation list (printable), the winners'
先进事迹, submitted duty reports, model posts and exchange sessions.
"""

from evaluations.awards.views.academy import (
    recommend,
    recommend_submit,
    recommend_withdraw,
    recommendation_quotas,
    recommendations,
    recommendations_receive,
)
from evaluations.awards.views.commendations import (
    PRINT_LIMIT,
    commendations,
    deeds,
    print_view,
)
from evaluations.awards.views.committees import (
    committee,
    committee_submit,
    committee_withdraw,
    nomination_file,
)
from evaluations.awards.views.duty_reports import (
    duty_report,
    duty_report_edit,
    duty_reports,
    duty_round,
)
from evaluations.awards.views.exchanges import (
    exchange,
    exchange_create,
    exchange_edit,
    exchange_file,
    exchanges,
)
from evaluations.awards.views.index import index
from evaluations.awards.views.lists import (
    award_list,
    candidate_add,
    candidate_include,
    candidate_remove,
    propose,
    publish,
    quotas,
    recall,
    submit,
)
from evaluations.awards.views.model_posts import (
    model_post_create,
    model_post_edit,
    model_posts,
)
from evaluations.awards.views.nominations import nomination, nominations
from evaluations.awards.views.signoff import signoff

__all__ = [
    "recommend",
    "recommend_submit",
    "recommend_withdraw",
    "recommendation_quotas",
    "recommendations",
    "recommendations_receive",
    "committee",
    "committee_submit",
    "committee_withdraw",
    "nomination_file",
    "award_list",
    "candidate_add",
    "candidate_include",
    "candidate_remove",
    "commendations",
    "deeds",
    "duty_report",
    "duty_report_edit",
    "duty_reports",
    "duty_round",
    "exchange",
    "exchange_create",
    "exchange_edit",
    "exchange_file",
    "exchanges",
    "index",
    "model_post_create",
    "model_post_edit",
    "model_posts",
    "nomination",
    "nominations",
    "PRINT_LIMIT",
    "print_view",
    "propose",
    "publish",
    "quotas",
    "recall",
    "signoff",
    "submit",
]

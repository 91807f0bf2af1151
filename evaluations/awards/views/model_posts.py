"""Member model posts (党员示范岗)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.views import apply_errors, paginate
from evaluations.awards import access, selectors, services
from evaluations.awards.forms import ModelPostForm
from evaluations.awards.views.common import _campaign_from_query, _context
from organizations.access import scope_of


@login_required
def model_posts(request):
    scope, campaign = _campaign_from_query(request)
    return render(
        request,
        "awards/model_posts.html",
        _context(
            request,
            campaign,
            "posts",
            page=paginate(request, selectors.model_posts(campaign)),
            can_edit=access.is_office(scope, campaign),
        ),
    )


def _model_post_form(request, campaign, post=None):
    initial = {}
    if post is not None:
        initial = {
            "staff_no": post.person.staff_no,
            "post_name": post.post_name,
            "description": post.description,
            "since": post.since,
            "ended_on": post.ended_on,
        }
    form = ModelPostForm(request.POST or None, campaign=campaign, initial=initial)
    back = reverse("awards:model_posts") + f"?campaign={campaign.pk}"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.model_post_save(
                campaign=campaign,
                by=request.user,
                post=post,
                person=data["person"],
                post_name=data["post_name"],
                description=data["description"],
                since=data["since"],
                ended_on=data["ended_on"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "person" in error.error_dict:
                error.error_dict["staff_no"] = error.error_dict.pop("person")
            apply_errors(form, error)
        else:
            messages.success(request, _("Model post saved."))
            return redirect(back)
    return render(
        request,
        "awards/form.html",
        _context(
            request,
            campaign,
            "posts",
            form=form,
            title=_("Edit the model post")
            if post
            else _("Designate a member model post"),
            back=back,
        ),
    )


@login_required
def model_post_create(request, pk):
    campaign = access.get_public_campaign_for(request.user, pk)
    if not access.is_office(scope_of(request.user), campaign):
        raise PermissionDenied
    return _model_post_form(request, campaign)


@login_required
def model_post_edit(request, post_pk):
    campaign, post = access.get_model_post_for(request.user, post_pk)
    return _model_post_form(request, campaign, post)

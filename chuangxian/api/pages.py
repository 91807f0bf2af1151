"""The page where a signed-in user gets their API token (接口令牌)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from chuangxian.api import services


@never_cache
@login_required
def token_page(request):
    """Shows whether one has a token; a POST creates or replaces it (shown once) or
    withdraws it."""
    new_key = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.token_revoke(user=request.user)
        else:
            new_key = services.token_rotate(user=request.user).key
    token = Token.objects.filter(user=request.user).only("created").first()
    return render(
        request,
        "api/token.html",
        {"token": token, "new_key": new_key},
    )

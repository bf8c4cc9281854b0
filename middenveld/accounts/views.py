"""Account pages. Views translate HTTP; the services in services.py decide."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse, reverse_lazy, translate_url
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from middenveld.accounts import forms, privacy, services
from middenveld.accounts.models import ApiToken, User
from middenveld.accounts.tokens import TOKEN_PREFIX, api_token_create, api_token_revoke
from middenveld.core import rules
from middenveld.core.errors import DomainError

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _client_address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "")


def _safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` when it points inside this site, otherwise None."""
    if (
        not candidate
        or len(candidate) > 2000
        or any(ord(ch) < 32 or ord(ch) == 127 for ch in candidate)
    ):
        return None
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


# --- Sign in and out ------------------------------------------------------------


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.user.is_authenticated and request.method != "POST":
        return redirect(next_url or "accounts:profile")
    form = forms.SigninForm(request.POST or None)
    status = 200
    unverified = False
    if request.method == "POST" and form.is_valid():
        try:
            user = services.signin_attempt(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                address=_client_address(request),
            )
        except services.SignInThrottled as error:
            form.add_error(None, error.message)
            status = 429
        except services.EmailNotVerified as error:
            form.add_error(None, error.message)
            unverified = True
        except services.AccountError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend=MODEL_BACKEND)
            return HttpResponseRedirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))
    return render(
        request,
        "accounts/signin.html",
        {"form": form, "next": next_url or "", "unverified": unverified},
        status=status,
    )


class SignoutView(auth_views.LogoutView):
    """POST only (Django's default); says goodbye with a message."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        was_signed_in = request.user.is_authenticated
        response = super().post(request, *args, **kwargs)
        if was_signed_in:
            messages.success(request, _("You are signed out. See you soon."))
        return response


# --- Sign up and confirm ------------------------------------------------------------


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = forms.SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.signup_request(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            name=form.cleaned_data["name"],
            language=translation.get_language(),
        )
        return redirect("accounts:mail_sent")
    return render(request, "accounts/signup.html", {"form": form})


@require_safe
def mail_sent(request: HttpRequest) -> HttpResponse:
    """The one answer after sign-up and after asking for a new link."""
    return render(request, "accounts/mail_sent.html")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verification_resend(request: HttpRequest) -> HttpResponse:
    initial = {"email": request.GET.get("email", "")[:254]}
    form = forms.EmailOnlyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.verification_resend(
            email=form.cleaned_data["email"], language=translation.get_language()
        )
        return redirect("accounts:mail_sent")
    return render(request, "accounts/verification_resend.html", {"form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button, POST confirms.

    Mail scanners open links to check them; confirming (and signing in) only
    on a button press keeps them from using the link up.
    """
    try:
        if request.method == "POST":
            user = services.email_verify(uidb64=uidb64, token=token)
        else:
            services.verification_link_check(uidb64=uidb64, token=token)
    except services.VerificationLinkUsed as error:
        return render(
            request, "accounts/verify_invalid.html", {"message": error.message, "used": True}
        )
    except services.InvalidVerificationLink as error:
        return render(
            request, "accounts/verify_invalid.html", {"message": error.message}, status=400
        )
    if request.method != "POST":
        return render(request, "accounts/verify.html")
    login(request, user, backend=MODEL_BACKEND)
    messages.success(
        request, _("Thank you. Your e-mail address is confirmed and you are signed in.")
    )
    return redirect("accounts:profile")


# --- Password reset (Django's views, our templates and mail) ---------------------------


class PasswordResetView(auth_views.PasswordResetView):
    form_class = forms.PasswordResetRequestForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(sensitive_post_parameters("new_password1", "new_password2"), name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = forms.PasswordSetForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- My account -------------------------------------------------------------------


def _profile_page(request: HttpRequest, **context: Any) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    context.setdefault(
        "profile_form", forms.ProfileForm(initial={"name": user.name, "language": user.language})
    )
    context.setdefault("token_form", forms.TokenCreateForm())
    context["token_prefix"] = TOKEN_PREFIX
    context["tokens"] = list(ApiToken.objects.filter(user=user).order_by("-created_at", "-pk"))
    status = context.pop("status", 200)
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if request.method != "POST":
        return _profile_page(request)
    form = forms.ProfileForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, profile_form=form)
    language = form.cleaned_data["language"]
    services.profile_update(user=user, name=form.cleaned_data["name"], language=language)
    with translation.override(language):
        messages.success(request, _("Your details are saved."))
    return HttpResponseRedirect(translate_url(reverse("accounts:profile"), language))


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    decision = rules.check("accounts.manage_own_tokens", user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = forms.TokenCreateForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, token_form=form)
    token, plain = api_token_create(user=user, name=form.cleaned_data["name"])
    # The plain key is in this response only; it is stored nowhere.
    return _profile_page(request, new_token=token, new_token_plain=plain, status=201)


@never_cache
@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    if not rules.check("accounts.revoke_token", request.user, token):
        raise Http404  # someone else's key: do not even say it exists
    api_token_revoke(token=token)
    messages.success(request, _("The key “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:profile")


@never_cache
@login_required
@require_safe
def export(request: HttpRequest) -> JsonResponse:
    user = request.user
    assert isinstance(user, User)
    response = JsonResponse(
        privacy.user_export(user), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="middenveld-my-data.json"'
    return response


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = forms.EraseForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.password_confirm(
                user=user, password=form.cleaned_data["password"], address=_client_address(request)
            )
            privacy.user_erase(user)
        except services.SignInThrottled as error:
            form.add_error(None, error.message)
            status = 429
        except services.InvalidPassword as error:
            form.add_error("password", error.message)
        except services.AccountError as error:
            form.add_error(None, error.message)
        except DomainError as error:
            # Another app refuses (the last admin of an organisation, for instance).
            form.add_error(None, str(error.message))
            status = error.http_status
        else:
            logout(request)
            messages.success(request, _("Your account is deleted. Thank you for taking part."))
            return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/erase.html", {"form": form}, status=status)

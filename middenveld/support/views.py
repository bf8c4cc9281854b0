from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from middenveld.core.errors import Invalid
from middenveld.support.forms import QuestionForm
from middenveld.support.services import question_submit
from middenveld.trajectory.selectors import contact_get


def ask(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.user.is_authenticated:
        initial = {"email": request.user.email, "name": request.user.get_full_name()}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["website"]:
            return redirect("support:sent")
        try:
            question_submit(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                question=form.cleaned_data["question"],
            )
        except Invalid as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("support:sent")
    return render(request, "support/ask.html", {"form": form, "contact": contact_get()})


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "support/sent.html", {"contact": contact_get()})

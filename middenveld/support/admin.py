"""The support desk in the back office (/beheer/support/): where staff handle questions.

* The question list: open questions first by due date, with filters for "mine",
  "my teams" and late ones; built to stay fast with hundreds of thousands of rows.
* The question page (the change view): the facts, the whole thread (with merged
  questions and internal notes), and forms to answer, note, assign, merge,
  close or reopen, and turn an answer into a knowledge-base article.
* "Log a phone call" (``telefoon/``).
* Topics, routing rules and mails kept aside.

Every change goes through ``middenveld.support.services``; a refusal
(``DomainError``) is shown as a message, never as an error page.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from middenveld.core import rules
from middenveld.core.admin_site import MissingTranslationsMixin, RulesModelAdmin, staff_site
from middenveld.core.errors import DomainError, NotFound
from middenveld.core.storage import private_file_response
from middenveld.organisations.privacy import personal_data_access_log
from middenveld.support import inbound, selectors, services
from middenveld.support.admin_forms import (
    AssignForm,
    MergeForm,
    NoteForm,
    PhoneForm,
    ReplyForm,
    RoutingRuleAdminForm,
    TopicAdminForm,
)
from middenveld.support.mailbox import (
    PROBLEM_LABELS,
    REASON_LABELS,
    kept_mail_dismiss,
    kept_mail_release,
)
from middenveld.support.models import (
    OPEN_STATUSES,
    Channel,
    MessageKind,
    QuarantinedMail,
    Question,
    QuestionStatus,
    RoutingRule,
    Topic,
)

# What the mail reader's problem codes and reasons for keeping a mail aside mean, for staff:
# ``mailbox.PROBLEM_LABELS`` (``inbound.PROBLEM_CODES`` and the reader's own) and
# ``mailbox.REASON_LABELS``.
PROBLEM_SENTENCES: dict[str, Any] = PROBLEM_LABELS


def problem_sentences(codes: Any) -> list[str]:
    return [str(PROBLEM_SENTENCES.get(code, code)) for code in codes or ()]


def reason_sentence(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason))


def due_words(due: datetime | None, *, now: datetime | None = None) -> str:
    """``late``, ``due today`` or nothing: the state of a deadline in words (not colour)."""
    if due is None:
        return ""
    now = now or timezone.now()
    if due < now:
        return _("late")
    if timezone.localdate(due) == timezone.localdate(now):
        return _("due today")
    return ""


def _moment(value: datetime | None) -> str:
    return date_format(timezone.localtime(value), "d/m/Y H:i") if value else "—"


def _error_text(error: DomainError) -> str:
    return str(error.message)


# --- the question list ---------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    """Open questions unless asked otherwise."""

    title = gettext_lazy("status")
    parameter_name = "status"
    OPEN, ALL = "open", "all"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            (self.OPEN, gettext_lazy("Open (not closed)")),
            *QuestionStatus.choices,
            (self.ALL, gettext_lazy("All")),
        ]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or self.OPEN
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        value = self.value() or self.OPEN
        if value == self.ALL:
            return queryset
        if value == self.OPEN:
            return queryset.filter(status__in=OPEN_STATUSES)
        if value in QuestionStatus.values:
            return queryset.filter(status=value)
        return queryset.filter(status__in=OPEN_STATUSES)


class WhoseFilter(admin.SimpleListFilter):
    title = gettext_lazy("whose")
    parameter_name = "van"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("mij", gettext_lazy("Mine")),
            ("teams", gettext_lazy("My teams")),
            ("niemand", gettext_lazy("Not yet given to anyone")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        value = self.value()
        if value == "mij":
            return queryset.filter(assignee_id=request.user.pk)
        if value == "teams":
            from middenveld.city.models import TeamMember

            teams = TeamMember.objects.filter(user_id=request.user.pk or 0).values("team_id")
            return queryset.filter(team_id__in=teams)
        if value == "niemand":
            return queryset.filter(assignee__isnull=True)
        return queryset


class DueFilter(admin.SimpleListFilter):
    title = gettext_lazy("response time")
    parameter_name = "termijn"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("laat", gettext_lazy("Late")),
            ("vandaag", gettext_lazy("Due today or late")),
            ("op-tijd", gettext_lazy("On time")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        value = self.value()
        now = timezone.now()
        if value == "laat":
            return queryset.filter(due_at__lt=now)
        if value == "vandaag":
            midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
            return queryset.filter(due_at__lt=midnight + timedelta(days=1))
        if value == "op-tijd":
            return queryset.filter(Q(due_at__gte=now) | Q(due_at__isnull=True))
        return queryset


class TeamFilter(admin.RelatedFieldListFilter):
    """Every team, named with its department, in one query."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> Any:
        from middenveld.city.models import Team

        return [(team.pk, str(team)) for team in Team.objects.select_related("department")]


@admin.register(Question, site=staff_site)
class QuestionAdmin(RulesModelAdmin):
    permission = "support.handle"
    change_list_template = "support/admin/question_change_list.html"
    list_display = [
        "subject",
        "who",
        "topic",
        "team",
        "assignee",
        "status",
        "due",
        "channel",
    ]
    list_display_links = ["subject"]
    list_filter = [
        StatusFilter,
        WhoseFilter,
        DueFilter,
        ("team", TeamFilter),
        "channel",
        "topic",
    ]
    search_fields = ["subject", "asker_email"]
    search_help_text = gettext_lazy(
        "Search on subject or e-mail address; type #1234 to go to a question number."
    )
    ordering = ["due_at", "id"]
    sortable_by = ()  # one order (due, then number) keeps the partial indexes in use
    list_select_related = ["organisation", "asker", "topic", "team__department", "assignee"]
    list_per_page = 50
    show_full_result_count = False

    # --- the list ---------------------------------------------------------------

    def get_ordering(self, request: HttpRequest) -> Any:
        """Open questions: soonest due first (the partial indexes on due_at). Closed, merged
        or all: newest first (the primary key), as due dates no longer matter there."""
        status = request.GET.get(StatusFilter.parameter_name) or StatusFilter.OPEN
        if status in (StatusFilter.OPEN, *[s.value for s in OPEN_STATUSES]):
            return ["due_at", "id"]
        return ["-id"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Question], search_term: str
    ) -> tuple[QuerySet[Question], bool]:
        term = search_term.strip()
        if term.startswith("#") and term[1:].strip().isdigit():
            return queryset.filter(pk=int(term[1:].strip())), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=gettext_lazy("organisation / asker"))
    def who(self, obj: Question) -> str:
        person = obj.asker_name or (obj.asker.get_full_name() if obj.asker else "")
        person = person or obj.asker_email or obj.asker_phone
        if obj.organisation is not None:
            return f"{obj.organisation.name} ({person})" if person else obj.organisation.name
        return person or "—"

    @admin.display(description=gettext_lazy("due"))
    def due(self, obj: Question) -> str:
        if obj.due_at is None or not obj.is_open:
            return "—"
        words = due_words(obj.due_at)
        shown = date_format(timezone.localtime(obj.due_at), "d/m/Y")
        return f"{shown} ({words})" if words else shown

    # --- permissions ------------------------------------------------------------

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # questions come in by the form, mail, the API or "Log a phone call"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history stays; a duplicate is merged, a handled one closed

    # --- urls -------------------------------------------------------------------

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("telefoon/", wrap(self.phone_view), name="support_question_phone"),
            path("<int:pk>/antwoorden/", wrap(self.reply_view), name="support_question_reply"),
            path("<int:pk>/notitie/", wrap(self.note_view), name="support_question_note"),
            path("<int:pk>/toewijzen/", wrap(self.assign_view), name="support_question_assign"),
            path("<int:pk>/samenvoegen/", wrap(self.merge_view), name="support_question_merge"),
            path("<int:pk>/sluiten/", wrap(self.close_view), name="support_question_close"),
            path("<int:pk>/heropenen/", wrap(self.reopen_view), name="support_question_reopen"),
            path(
                "<int:pk>/artikel/<int:message_pk>/",
                wrap(self.article_view),
                name="support_question_article",
            ),
            path(
                "<int:pk>/bijlage/<int:attachment_pk>/",
                wrap(self.attachment_view),
                name="support_question_attachment",
            ),
            *super().get_urls(),
        ]

    # --- helpers ----------------------------------------------------------------

    def _allow(self, request: HttpRequest) -> None:
        if not rules.check(self.permission, request.user):
            raise PermissionDenied

    def _question(self, request: HttpRequest, pk: Any) -> Question:
        self._allow(request)
        try:
            number = int(str(pk))
        except ValueError:
            raise Http404 from None
        try:
            return services.question_get(pk=number, user=request.user)
        except NotFound:
            raise Http404 from None

    def _back(self, question: Question) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("beheer:support_question_change", args=[question.pk]))

    def _page(
        self, request: HttpRequest, template: str, title: str, status: int = 200, **context: Any
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
            status=status,
        )

    # --- the question page --------------------------------------------------------

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        question = self._question(request, object_id)
        if request.method == "POST":
            return self._back(question)  # changes go through the forms' own addresses
        return self._question_page(request, question)

    def _question_page(
        self, request: HttpRequest, question: Question, *, status: int = 200, **forms: Any
    ) -> HttpResponse:
        question = (
            Question.objects.select_related(
                "organisation",
                "asker",
                "topic",
                "team__department",
                "assignee",
                "district",
                "merged_into",
            )
            .filter(pk=question.pk)
            .get()
        )
        if question.organisation_id:
            personal_data_access_log(
                viewer=request.user,
                organisation=question.organisation,
                what="support question",
                path=request.get_full_path(),
            )
        thread = selectors.thread_for_staff(question)
        for message in thread:
            message.problem_sentences = problem_sentences(message.problems)  # type: ignore[attr-defined]
        merged = list(Question.objects.filter(merged_into=question).order_by("id"))
        now = timezone.now()
        due = [
            (_("First answer due"), question.first_answer_due, question.first_answered_at),
            (_("Resolution due"), question.resolution_due, question.closed_at),
        ]
        return self._page(
            request,
            "support/admin/question.html",
            _("Question %(ref)s: %(subject)s")
            % {"ref": question.reference, "subject": question.subject},
            status=status,
            question=question,
            routed_by=_routing_reason(question),
            asker_name=question.asker_name
            or (question.asker.get_full_name() if question.asker else ""),
            thread=thread,
            merged=merged,
            due=[
                {
                    "label": label,
                    "at": _moment(at),
                    "done": _moment(done) if done else "",
                    "words": "" if done or not question.is_open else due_words(at, now=now),
                }
                for label, at, done in due
            ],
            can_write_article=_knowledge_available()
            and bool(rules.check("knowledge.manage_articles", request.user)),
            reply_form=forms.get("reply_form") or ReplyForm(),
            note_form=forms.get("note_form") or NoteForm(),
            assign_form=forms.get("assign_form")
            or AssignForm(initial={"team": question.team_id, "assignee": question.assignee_id}),
            merge_form=forms.get("merge_form") or MergeForm(),
        )

    def _refused(
        self, request: HttpRequest, question: Question, error: DomainError, **forms: Any
    ) -> HttpResponse:
        messages.error(request, _error_text(error))
        for form in forms.values():
            fields = error.details.get("fields") or {}
            for name, errors in fields.items():
                if name in form.fields:
                    for sentence in errors:
                        form.add_error(name, str(sentence))
        return self._question_page(request, question, status=422, **forms)

    def _invalid(self, request: HttpRequest, question: Question, **forms: Any) -> HttpResponse:
        messages.error(request, _("Nothing was changed. Look at the message below the form."))
        return self._question_page(request, question, status=422, **forms)

    # --- the forms on the question page ---------------------------------------------

    def reply_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method != "POST":
            return self._back(question)
        form = ReplyForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._invalid(request, question, reply_form=form)
        try:
            services.question_reply(
                question=question,
                by=request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["attachments"],
            )
        except DomainError as error:
            return self._refused(request, question, error, reply_form=form)
        if question.contact_email:
            messages.success(request, _("Your answer is sent by e-mail and shows in the thread."))
        else:
            messages.success(
                request,
                _("Your answer is saved. There is no e-mail address: call the asker to tell them."),
            )
        return self._back(question)

    def note_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method != "POST":
            return self._back(question)
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, question, note_form=form)
        try:
            services.question_note(
                question=question, by=request.user, body=form.cleaned_data["body"]
            )
        except DomainError as error:
            return self._refused(request, question, error, note_form=form)
        messages.success(request, _("Your note is saved. Only city staff can see it."))
        return self._back(question)

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method != "POST":
            return self._back(question)
        form = AssignForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, question, assign_form=form)
        try:
            services.question_assign(
                question=question,
                by=request.user,
                team=form.cleaned_data["team"],
                assignee=form.cleaned_data["assignee"],
            )
        except DomainError as error:
            return self._refused(request, question, error, assign_form=form)
        messages.success(request, _("The question is passed on."))
        return self._back(question)

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method != "POST":
            return self._back(question)
        form = MergeForm(request.POST)
        if not form.is_valid():
            return self._invalid(request, question, merge_form=form)
        try:
            into = services.question_get(pk=form.cleaned_data["into"], user=request.user)
            services.question_merge(question=question, into=into, by=request.user)
        except NotFound:
            form.add_error("into", _("There is no question with this number."))
            return self._invalid(request, question, merge_form=form)
        except DomainError as error:
            form.add_error("into", _error_text(error))
            messages.error(request, _error_text(error))
            return self._question_page(request, question, status=422, merge_form=form)
        messages.success(
            request,
            _("Question %(ref)s is merged into this one.") % {"ref": question.reference},
        )
        return self._back(into)

    def close_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method == "POST":
            try:
                services.question_close(question=question, by=request.user)
            except DomainError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The question is closed."))
        return self._back(question)

    def reopen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        question = self._question(request, pk)
        if request.method == "POST":
            try:
                services.question_reopen(question=question, by=request.user)
            except DomainError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The question is open again."))
        return self._back(question)

    def article_view(self, request: HttpRequest, pk: int, message_pk: int) -> HttpResponse:
        """Turn one of the city's answers into a draft knowledge-base article."""
        question = self._question(request, pk)
        if request.method != "POST":
            return self._back(question)
        reply = next(
            (
                m
                for m in selectors.thread_for_staff(question)
                if m.pk == message_pk and m.kind == MessageKind.REPLY
            ),
            None,
        )
        if reply is None:
            messages.error(request, _("Only an answer from the city can become an article."))
            return self._back(question)
        if not _knowledge_available():
            messages.error(request, _("The knowledge base is not available."))
            return self._back(question)
        from middenveld.knowledge.services import article_create

        try:
            article = article_create(
                by=request.user,
                title=question.subject,
                body=reply.body,
                language=question.language,
            )
        except DomainError as error:
            messages.error(request, _error_text(error))
            return self._back(question)
        messages.success(
            request,
            _(
                "A draft article is made from the answer. Remove personal details "
                "before you publish it."
            ),
        )
        return HttpResponseRedirect(reverse("beheer:knowledge_article_change", args=[article.pk]))

    def attachment_view(
        self, request: HttpRequest, pk: int, attachment_pk: int
    ) -> HttpResponseBase:
        question = self._question(request, pk)
        found = selectors.question_attachment(question=question, pk=attachment_pk, staff=True)
        if found is None:
            raise Http404
        return private_file_response(
            found.file, filename=found.filename, content_type=found.content_type
        )

    # --- log a phone call ----------------------------------------------------------------

    def phone_view(self, request: HttpRequest) -> HttpResponse:
        """A phone call becomes a question (channel phone), logged by the employee.

        When the employee answered on the phone, the answer is saved as the city's
        reply (``question_reply``): it counts as the first answer, shows in the
        organisation's portal and, when an e-mail address was given, reaches the
        caller in writing too (then no separate receipt is sent). Without an
        answer, a receipt goes to the e-mail address, if any.
        """
        self._allow(request)
        form = PhoneForm(request.POST or None, admin_site=self.admin_site)
        status = 200
        if request.method == "POST":
            status = 422
            if form.is_valid():
                data = form.cleaned_data
                answer = (data.get("answer") or "").strip()
                try:
                    with transaction.atomic():
                        question = services.question_ask(
                            body=data["question"],
                            subject=data["subject"],
                            email=data["email"],
                            name=data["name"],
                            phone=data["phone"],
                            organisation=data["organisation"],
                            topic=data["topic"],
                            language=data["language"],
                            channel=Channel.PHONE,
                            logged_by=request.user,
                            rate_limit=False,
                            send_receipt=bool(data["email"]) and not answer,
                        )
                        if answer:
                            services.question_reply(question=question, by=request.user, body=answer)
                            if data["close"]:
                                services.question_close(question=question, by=request.user)
                except DomainError as error:
                    fields = error.details.get("fields") or {}
                    placed = False
                    for name, errors in fields.items():
                        target = {"body": "question"}.get(name, name)
                        if target in form.fields:
                            for sentence in errors:
                                form.add_error(target, str(sentence))
                            placed = True
                    if not placed:
                        form.add_error(None, _error_text(error))
                    messages.error(request, _error_text(error))
                else:
                    messages.success(
                        request,
                        _("The phone call is saved as question %(ref)s.")
                        % {"ref": question.reference},
                    )
                    return self._back(question)
        return self._page(
            request,
            "support/admin/phone.html",
            _("Log a phone call"),
            status=status,
            form=form,
            media=self.media + form.media,
        )


def _routing_reason(question: Question) -> str:
    """Why the question went where it is, in words (``routed_by`` holds a rule's name,
    the topic's name, or "by hand by …")."""
    reason = question.routed_by
    if not reason:
        return _("No rule fitted and the topic has no team.")
    if question.topic is not None and reason == str(question.topic.name):
        return _("The team of the topic %(topic)s.") % {"topic": reason}
    if RoutingRule.objects.filter(name=reason).exists():
        return _("The routing rule %(rule)s.") % {"rule": reason}
    return reason


def _knowledge_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("middenveld.knowledge.services") is not None


# --- topics and routing rules ----------------------------------------------------------------


@admin.register(Topic, site=staff_site)
class TopicAdmin(MissingTranslationsMixin, RulesModelAdmin, TranslationAdmin):
    permission = "support.manage"
    form = TopicAdminForm
    translated_fields = Topic.TRANSLATED
    list_display = [
        "name",
        "team",
        "first_answer_days",
        "resolution_days",
        "active",
        "order",
        "missing_translations",
    ]
    list_select_related = ["team__department"]
    list_filter = ["active"]
    prepopulated_fields = {"slug": ("name_nl",)}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # questions keep their topic; switch "people can choose it" off instead


@admin.register(RoutingRule, site=staff_site)
class RoutingRuleAdmin(RulesModelAdmin):
    permission = "support.manage"
    form = RoutingRuleAdminForm
    change_list_template = "support/admin/routingrule_change_list.html"
    list_display = [
        "name",
        "order",
        "topic",
        "district",
        "keywords",
        "only_organisations",
        "to_contact_person",
        "team",
        "active",
    ]
    list_display_links = ["name"]
    list_editable = ["order", "active"]
    list_select_related = ["topic", "district", "team__department"]
    list_filter = ["active", ("team", TeamFilter)]
    search_fields = ["name", "keywords"]
    ordering = ["order", "id"]


# --- mails kept aside ------------------------------------------------------------------------


class HandledFilter(admin.SimpleListFilter):
    """Mails still waiting for someone, unless asked otherwise."""

    title = gettext_lazy("handled")
    parameter_name = "afgehandeld"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("nee", gettext_lazy("Still to handle")),
            ("ja", gettext_lazy("Handled")),
            ("alle", gettext_lazy("All")),
        ]

    def choices(self, changelist: Any) -> Any:
        current = self.value() or "nee"
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value() or "nee"
        if value == "ja":
            return queryset.filter(handled_at__isnull=False)
        if value == "alle":
            return queryset
        return queryset.filter(handled_at__isnull=True)


def _parse(mail: QuarantinedMail) -> tuple[Any, str]:
    """(the parsed mail or None, why not) for a kept-aside mail."""
    try:
        with mail.raw.open("rb") as handle:
            raw = handle.read()
    except (OSError, ValueError):
        return None, _("The original message cannot be found in the file storage.")
    try:
        return inbound.parse_message(raw), ""
    except inbound.UnparseableMail as error:
        return None, _("This is not an e-mail message we can read (%(reason)s).") % {
            "reason": error.reason
        }


class ReasonFilter(admin.SimpleListFilter):
    title = gettext_lazy("reason")
    parameter_name = "reden"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(REASON_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(reason=self.value()) if self.value() else queryset


@admin.register(QuarantinedMail, site=staff_site)
class QuarantinedMailAdmin(RulesModelAdmin):
    """Mails the reader kept aside: never dropped, each one looked at by a person."""

    permission = "support.handle"
    change_list_template = "support/admin/change_list.html"
    list_display = ["received_at", "from_address", "subject", "reason_label", "state"]
    list_filter = [HandledFilter, ReasonFilter, "source"]
    search_fields = ["from_address", "subject"]
    list_select_related = ["handled_by", "question"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-received_at", "-id"]

    @admin.display(description=gettext_lazy("reason"))
    def reason_label(self, obj: QuarantinedMail) -> str:
        return reason_sentence(obj.reason)

    @admin.display(description=gettext_lazy("state"))
    def state(self, obj: QuarantinedMail) -> str:
        if obj.handled_at:
            if obj.question_id:
                return _("handled: question #%(number)s") % {"number": obj.question_id}
            return _("handled")
        if obj.question_id:
            return _("to handle (about question #%(number)s)") % {"number": obj.question_id}
        return _("to handle")

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # only the mail reader keeps mails aside

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # never dropped: mark it handled

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/eml/", wrap(self.raw_view), name="support_quarantinedmail_raw"),
            path(
                "<int:pk>/vraag/",
                wrap(self.to_question_view),
                name="support_quarantinedmail_question",
            ),
            path(
                "<int:pk>/toevoegen/",
                wrap(self.add_to_question_view),
                name="support_quarantinedmail_add",
            ),
            path(
                "<int:pk>/afgehandeld/",
                wrap(self.handled_view),
                name="support_quarantinedmail_handled",
            ),
            *super().get_urls(),
        ]

    def _mail(self, request: HttpRequest, pk: Any) -> QuarantinedMail:
        if not rules.check(self.permission, request.user):
            raise PermissionDenied
        try:
            number = int(str(pk))
        except ValueError:
            raise Http404 from None
        found = (
            QuarantinedMail.objects.select_related("handled_by", "question")
            .filter(pk=number)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def _back(self, mail: QuarantinedMail) -> HttpResponseRedirect:
        return HttpResponseRedirect(
            reverse("beheer:support_quarantinedmail_change", args=[mail.pk])
        )

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        mail = self._mail(request, object_id)
        if request.method == "POST":
            return self._back(mail)
        parsed, why_not = _parse(mail)
        target = services.thread_target(mail.question) if mail.question else None
        return TemplateResponse(
            request,
            "support/admin/quarantined_mail.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Mail kept aside: %(subject)s")
                % {"subject": mail.subject or _("(no subject)")},
                "mail": mail,
                "reason": reason_sentence(mail.reason),
                "target": target,
                "parsed": parsed,
                "why_not": why_not,
                "problems": problem_sentences(parsed.problems if parsed else ()),
            },
        )

    def raw_view(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        mail = self._mail(request, pk)
        if not mail.raw:
            raise Http404
        try:
            return private_file_response(
                mail.raw, filename=f"mail-{mail.pk}.eml", content_type="message/rfc822"
            )
        except (OSError, ValueError):
            raise Http404 from None

    def handled_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        mail = self._mail(request, pk)
        if request.method == "POST":
            try:
                kept_mail_dismiss(kept=mail, by=request.user)
            except DomainError as error:
                messages.error(request, _error_text(error))
            else:
                messages.success(request, _("The mail is marked as handled."))
        return self._back(mail)

    def to_question_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Make a new question of a kept-aside mail that can be read."""
        return self._take(
            request, pk, new_question=True, done=_("The mail is now question %(ref)s.")
        )

    def add_to_question_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Add a kept-aside mail to the thread of the question it answers, after all
        (for example: a colleague of the asker wrote from another address)."""
        mail = self._mail(request, pk)
        if mail.question is None:
            messages.error(request, _("This mail is not about a question we know."))
            return self._back(mail)
        return self._take(
            request, pk, new_question=False, done=_("The mail is added to question %(ref)s.")
        )

    def _take(
        self, request: HttpRequest, pk: int, *, new_question: bool, done: str
    ) -> HttpResponse:
        """Store the kept mail through the mail reader's service, once (it locks the row)."""
        mail = self._mail(request, pk)
        if request.method != "POST":
            return self._back(mail)
        try:
            outcome = kept_mail_release(kept=mail, by=request.user, new_question=new_question)
        except DomainError as error:
            messages.error(request, _error_text(error))
            return self._back(mail)
        question = outcome.question
        assert question is not None  # a released mail always lands in a question
        messages.success(request, done % {"ref": question.reference})
        return HttpResponseRedirect(reverse("beheer:support_question_change", args=[question.pk]))


__all__ = [
    "PROBLEM_SENTENCES",
    "QuarantinedMailAdmin",
    "QuestionAdmin",
    "RoutingRuleAdmin",
    "TopicAdmin",
    "due_words",
    "problem_sentences",
    "reason_sentence",
]

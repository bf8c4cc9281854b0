"""Who may do what in the knowledge base: every role × every page and endpoint.

Anonymous visitors, citizens and members of an organisation read published articles;
they never reach drafts (a 404, never a hint) or the back office. City staff and
administrators manage articles and categories. A refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from middenveld.accounts.tests.factories import AdministratorFactory, StaffFactory, UserFactory
from middenveld.accounts.tokens import api_token_create
from middenveld.knowledge.models import Article, ArticleStatus, Category
from middenveld.knowledge.tests.factories import ArticleFactory, CategoryFactory
from middenveld.organisations.models import MemberRole
from middenveld.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "citizen", "member", "staff", "administrator"]
EVERYONE = frozenset(ROLES)
STAFF = frozenset({"staff", "administrator"})


@dataclass
class World:
    published: Article
    draft: Article
    category: Category
    users: dict[str, Any]

    def fingerprint(self) -> list[tuple[Any, ...]]:
        return sorted(
            Article.objects.values_list("id", "title_nl", "status", "body_nl", "category_id")
        ) + sorted(Category.objects.values_list("id", "name_nl", "slug"))


@pytest.fixture
def world(db) -> World:
    category = CategoryFactory(slug="starten")
    published = ArticleFactory(slug="gepubliceerd", title_nl="Gepubliceerd", category=category)
    draft = ArticleFactory(
        slug="klad", title_nl="Klad", status=ArticleStatus.DRAFT, published_at=None
    )
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation, role=MemberRole.ADMIN).user
    users = {
        "anonymous": None,
        "citizen": UserFactory(),
        "member": member,
        "staff": StaffFactory(),
        "administrator": AdministratorFactory(),
    }
    return World(published=published, draft=draft, category=category, users=users)


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    url: Callable[[World], str]
    allowed: frozenset[str]
    data: Callable[[World], dict[str, Any]] | None = None
    api: bool = False

    def __str__(self) -> str:
        return self.name


def _article_form(world: World) -> dict[str, Any]:
    return {
        "title_nl": "Nieuwe titel",
        "summary_nl": "",
        "body_nl": "Nieuwe tekst.",
        "slug": "nieuw-artikel",
        "category": world.category.pk,
    }


CASES = [
    Case("page knowledge base", "get", lambda w: "/vragen/faq/", EVERYONE),
    Case("page search", "get", lambda w: "/vragen/faq/?q=gepubliceerd", EVERYONE),
    Case("page article", "get", lambda w: "/vragen/faq/gepubliceerd/", EVERYONE),
    Case("page draft", "get", lambda w: "/vragen/faq/klad/", STAFF),
    Case("page draft in english", "get", lambda w: "/en/vragen/faq/klad/", STAFF),
    Case("fragment suggestions", "get", lambda w: "/vragen/faq/suggesties/?q=klad", EVERYONE),
    Case("back office articles", "get", lambda w: "/beheer/knowledge/article/", STAFF),
    Case("back office new article", "get", lambda w: "/beheer/knowledge/article/add/", STAFF),
    Case(
        "back office draft",
        "get",
        lambda w: f"/beheer/knowledge/article/{w.draft.pk}/change/",
        STAFF,
    ),
    Case("back office categories", "get", lambda w: "/beheer/knowledge/category/", STAFF),
    Case(
        "back office add article",
        "post",
        lambda w: "/beheer/knowledge/article/add/",
        STAFF,
        data=_article_form,
    ),
    Case(
        "back office publish action",
        "post",
        lambda w: "/beheer/knowledge/article/",
        STAFF,
        data=lambda w: {"action": "publish", "_selected_action": [w.draft.pk]},
    ),
    Case(
        "back office delete article",
        "post",
        lambda w: f"/beheer/knowledge/article/{w.published.pk}/delete/",
        STAFF,
        data=lambda w: {"post": "yes"},
    ),
    Case("api list", "get", lambda w: "/api/v1/articles?q=klad", EVERYONE, api=True),
    Case("api article", "get", lambda w: "/api/v1/articles/gepubliceerd", EVERYONE, api=True),
    Case("api draft", "get", lambda w: "/api/v1/articles/klad", STAFF, api=True),
    Case("api categories", "get", lambda w: "/api/v1/article-categories", EVERYONE, api=True),
]

WRITES = {"back office add article", "back office publish action", "back office delete article"}


def _call(client: Any, world: World, case: Case, role: str) -> Any:
    user = world.users[role]
    headers: dict[str, str] = {}
    if user is not None:
        if case.api:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {api_token_create(user=user, name='t')[1]}"
        else:
            client.force_login(user)
    data = case.data(world) if case.data else None
    if case.method == "get":
        return client.get(case.url(world), **headers)
    return client.post(case.url(world), data or {}, **headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_role_may_or_may_not(client, world, case, role):
    before = world.fingerprint()
    response = _call(client, world, case, role)
    if role in case.allowed:
        assert response.status_code in (200, 302), (case.name, role, response.status_code)
        if case.name in WRITES:
            assert response.status_code == 302, response.content.decode()[:2000]
            assert world.fingerprint() != before
        else:
            assert world.fingerprint() == before
    else:
        if case.api or case.name.startswith("page"):
            assert response.status_code == 404, (case.name, role, response.status_code)
        else:
            # The back office sends people without access to sign in; a signed-in person
            # without access is then told so (403), never shown the page.
            location = response.get("Location", "")
            assert response.status_code == 302, (case.name, role, response.status_code)
            assert "/aanmelden/" in location or "/beheer/login/" in location
            if role != "anonymous":
                assert client.get(location).status_code == 403
        assert world.fingerprint() == before
        if "draft" in case.name:
            assert "Klad" not in response.content.decode()

"""Gatekeepers for participants: the only way views reach applications, drafts and profile cards."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from carelab.core.kept_facts import kept_object
from carelab.labs.access import is_lab_team, role_in_lab
from carelab.labs.models import Lab, Role
from carelab.participants.forms import CARD_VISIBILITY_STATEMENT, CONSENT_STATEMENTS
from carelab.participants.models import Application, ConsentUse, LabTopic, ProfileCard, ProfileCardEvent, hash_token
from carelab.safeguarding.models import SafeguardingFlag


def directory_audience(user, lab: Lab) -> str:
    """Whose cards this person may see in the lab's directory: 'team', 'participants' or 'public'."""
    if is_lab_team(user, lab):
        return "team"
    if role_in_lab(user, lab) == Role.PARTICIPANT:
        return "participants"
    return "public"


# The draft being filled in is remembered in the session by its token, one per lab.


_SESSION_PREFIX = "participant-application-"


def _session_key(lab: Lab) -> str:
    return f"{_SESSION_PREFIX}{lab.pk}"


def remember_draft(request, lab: Lab, token: str) -> None:
    request.session[_session_key(lab)] = token


def forget_draft(request, lab: Lab) -> None:
    request.session.pop(_session_key(lab), None)


def unsent_application_url(request) -> str | None:
    """Where to check and send an application this browser started before signing in, if there is one."""
    tokens = [value for key, value in request.session.items() if key.startswith(_SESSION_PREFIX) and value]
    draft = (
        Application.objects.drafts()
        .filter(draft_token_hash__in=[hash_token(token) for token in tokens])
        .unexpired()
        .select_related("lab")
        .first()
        if tokens
        else None
    )
    return reverse("participants:check", args=[draft.lab.slug]) if draft else None


def draft_in_session(request, lab: Lab) -> Application | None:
    """The draft this browser is filling in for the lab, if it has not expired or been claimed by someone else.

    A draft started while signed out belongs to whoever signs in next in this browser. A draft that
    belongs to someone else (another person signed in on a shared computer later) is forgotten.
    """
    token = request.session.get(_session_key(lab))
    if not token:
        return None
    draft = (
        Application.objects.for_lab(lab)
        .for_draft_token(token)
        .unexpired()
        .prefetch_related("interests")
        .select_related("lab")
        .first()
    )
    if draft is None:
        forget_draft(request, lab)
        return None
    if draft.applicant_id is not None and draft.applicant_id != getattr(request.user, "pk", None):
        if request.user.is_authenticated:
            forget_draft(request, lab)
        return None
    return draft


def _sent_applications(user, lab: Lab):
    """The person's sent applications to the lab, the latest first."""
    return Application.objects.for_lab(lab).sent().filter(applicant=user).order_by("-submitted_at", "-pk")


def own_application(user, lab: Lab) -> Application | None:
    """The person's latest sent application to the lab, if any."""
    if not user.is_authenticated:
        return None
    return _sent_applications(user, lab).prefetch_related("interests").first()


def sent_application(user, lab: Lab) -> Application | None:
    """The person's latest sent application to the lab, without its answers: for links to it."""
    if not user.is_authenticated:
        return None
    return _sent_applications(user, lab).only("pk", "lab_id", "submitted_at", "status").first()


def has_sent_application(user, lab: Lab) -> bool:
    return user.is_authenticated and _sent_applications(user, lab).exists()


def latest_applications_of(user) -> list[Application]:
    """The person's latest sent application to each lab, newest first, with its lab: for "Your account"."""
    latest = {}
    sent = Application.objects.sent().filter(applicant=user).select_related("lab").order_by("-submitted_at", "-pk")
    for application in sent.only("pk", "status", "submitted_at", "lab__slug", "lab__title"):
        latest.setdefault(application.lab_id, application)
    return list(latest.values())


def get_application_for_team(request, pk: int) -> Application:
    """A sent application in the lab that `lab_team_required` put on the request; anything else is a 404."""
    return get_object_or_404(
        Application.objects.for_lab(request.lab).sent().select_related("applicant").prefetch_related("interests"),
        pk=pk,
    )


def get_own_card(request, lab: Lab) -> ProfileCard:
    """The person's own card in the lab. Only people accepted into the lab have one."""
    card = ProfileCard.objects.in_lab(lab).filter(user=request.user).select_related("lab").first()
    if card is None:
        raise PermissionDenied("Only the lab's participants have a profile card.")
    return card


def own_card_as_saved(card: ProfileCard) -> ProfileCard:
    """The person's card as it is stored (a bound form has copied what was typed onto the instance)."""
    return ProfileCard.objects.select_related("lab").get(pk=card.pk)


def latest_change_request(card: ProfileCard) -> str:
    """The lab team's latest message asking the person to change their card, while the request stands."""
    if card.review_status != ProfileCard.ReviewStatus.CHANGES_ASKED:
        return ""
    event = card.review_events.filter(action=ProfileCardEvent.Action.CHANGES_ASKED).order_by("-created_at", "-pk")
    return event.values_list("note", flat=True).first() or ""


def get_card_for_team(request, pk: int) -> ProfileCard:
    """A card in the lab that `lab_team_required` put on the request; another lab's is a 404."""
    return get_object_or_404(
        ProfileCard.objects.filter(lab=request.lab).select_related("lab", "user", "organisation"), pk=pk
    )


def flag_for_card(card: ProfileCard) -> SafeguardingFlag | None:
    """The safeguarding flag urgent words on the card raised, if any."""
    return SafeguardingFlag.objects.filter(source_kind=SafeguardingFlag.Source.PROFILE_CARD, source_id=card.pk).first()


def get_topic_for_team(request, pk: int) -> LabTopic:
    """A topic of the lab that `lab_team_required` put on the request; another lab's topic is a 404."""
    return get_object_or_404(LabTopic.objects.for_lab(request.lab), pk=pk)


# A person's own consents: reached only through these, so nobody can withdraw or give anyone else's.


@dataclass(frozen=True)
class OwnConsent:
    """One of the person's consents in a lab: on their card (`card`) or on their application."""

    use: ConsentUse
    application: Application | None
    card: ProfileCard | None
    wording: str  # the words they agreed to, or for giving again, the words they will agree to

    @property
    def on_card(self) -> bool:
        return self.card is not None


def _own_consent(request, lab: Lab, use: str, *, standing: bool) -> OwnConsent:
    if use not in ConsentUse.values:
        raise Http404("No such consent.")
    use = ConsentUse(use)
    application = own_application(request.user, lab)
    if use == ConsentUse.PROFILE_CARD:
        card = ProfileCard.objects.filter(lab=lab, user=request.user).select_related("lab").first()
        if card is not None:
            if card.is_hidden == standing:
                raise Http404("Your card's consent is not in that state.")
            return OwnConsent(use, application, card, card.visibility_consent.get("wording", ""))
    if application is None or (use in application.consents) != standing:
        raise Http404("You have no such consent to change.")
    if standing:
        wording = application.consents[use].get("wording", "")
    else:
        wording = CONSENT_STATEMENTS.get(use, CARD_VISIBILITY_STATEMENT)
    return OwnConsent(use, application, None, wording)


def get_consent_to_withdraw(request, lab: Lab, use: str) -> OwnConsent:
    """The person's own consent for this use in the lab, while it stands; anything else is a 404."""
    return _own_consent(request, lab, use, standing=True)


def get_consent_to_give_again(request, lab: Lab, use: str) -> OwnConsent:
    """The person's own consent for this use in the lab, once withdrawn, to give again; anything else is a 404.

    Consent to use an application still waiting cannot be given again: withdrawing it deleted the
    application, and the person applies again instead.
    """
    return _own_consent(request, lab, use, standing=False)


def cards_in_lab(lab: Lab):
    """Profile cards of the people still in the lab (the query every card list starts from)."""
    return ProfileCard.objects.in_lab(lab)


def own_card_in_lab(user, lab: Lab) -> ProfileCard | None:
    """The person's card in the lab while they are still in it, or None."""
    if not user.is_authenticated:
        return None
    return kept_object(("own card", user.pk, lab.pk), ProfileCard, lambda: cards_in_lab(lab).filter(user=user))

from django import forms

from carelab.accounts.forms import ProfileForm
from carelab.core.forms import too_long
from carelab.labs.models import Lab
from carelab.lib.organisations_csv import name_key
from carelab.organisations.models import Organisation
from carelab.participants.letters import PLACEHOLDERS, QUESTION_PROMPT, unknown_placeholders
from carelab.participants.models import (
    REGION_CHOICES,
    Activity,
    Application,
    ApplicationEvent,
    LabTopic,
    ProfileCard,
    Visibility,
    Who,
)

WHO_LABELS = {
    Who.LIVED_EXPERIENCE: "I have lived experience of the problems this lab is about",
    Who.CARER: "I care for, or have cared for, someone with this experience",
    Who.PROFESSIONAL: "I work in health or care",
    Who.ORGANISATION: "I am here for an organisation, such as a charity or local group",
}

# -- Consent ---------------------------------------------------------------------------------------

CONSENT_WORDING_VERSION = "participant-application-2"
"""Change this whenever a statement below changes: each application records the version it was shown."""

CARD_WITHOUT_ORGANISATION_VERSIONS = frozenset({"participant-application-1"})
"""Versions whose card wording did not say the card shows the person's organisation: cards made from
applications that agreed to them leave it off, and the person can add it themselves."""

CONSENT_STATEMENTS = {
    "use_application": (
        "I agree that the lab team can use what I write in this application, including anything about my "
        "health or caring, to decide on my application and to arrange my taking part."
    ),
    "contact": "The lab team may email me about the lab's activities, such as workshops, research and updates.",
    "quote": (
        "The lab team may quote what I say in the lab's research and workshops, without my name, in what the lab "
        "publishes (for example “Lab participant, lived experience, North West”)."
    ),
}
CARD_VISIBILITY_STATEMENT = "Who may see your profile card if you become a participant?"
CARD_VISIBILITY_HINT = (
    "Your card shows your display name, how you describe yourself, your organisation if you name one, your region, "
    "your interests and what people can ask you about. Never your email address. You can change this at any time."
)


def visibility_consent(visibility: str) -> dict:
    """What a person agreed to when they chose who sees their card, to be kept with the card or application."""
    return {
        "wording": f"{CARD_VISIBILITY_STATEMENT} {Visibility(visibility).label}",
        "choice": visibility,
        "version": CONSENT_WORDING_VERSION,
    }


# -- Naming one's organisation ---------------------------------------------------------------------

NOT_LISTED = "not-listed"
ORGANISATION_HINT = "If you are here for an organisation, or you work for one. For example, a local Mind."


class OrganisationChoice:
    """Choosing one's organisation from the lab's directory, or typing its name when it is not listed.

    Mixed into a form with an `organisation_name` text field. When the lab lists any organisations
    it adds `organisation`, a select of them, and `organisation_name` becomes the fallback below it.
    After cleaning, `organisation` is the chosen Organisation or None and `organisation_name` the name
    to keep: the chosen one's, or the typed one. A typed name that matches a listed organisation is
    linked to it. Only the lab's public organisations can be chosen; anything else is an error.
    """

    organisation_label = "Organisation (optional)"

    def add_organisation_choice(self, lab: Lab) -> None:
        listed = Organisation.objects.for_lab(lab).public().alphabetical().only("pk", "name", "is_public")
        self.listed_organisations = {str(organisation.pk): organisation for organisation in listed}
        if not self.listed_organisations:
            return
        self.fields["organisation"] = forms.ChoiceField(
            label=self.organisation_label,
            help_text="If you are here for an organisation, or you work for one, choose it from the lab's list.",
            choices=[
                ("", "No organisation"),
                *((pk, organisation.name) for pk, organisation in self.listed_organisations.items()),
                (NOT_LISTED, "My organisation is not listed"),
            ],
            required=False,
            error_messages={
                "invalid_choice": "Choose your organisation from the list, or choose “My organisation is not listed”"
            },
        )
        name_field = self.fields["organisation_name"]
        name_field.label = "If your organisation is not listed, its name (optional)"
        name_field.help_text = "Choose “My organisation is not listed” above, then type its name here."
        if not self.is_bound:
            self.initial.update(self._organisation_initial())

    def _organisation_initial(self) -> dict:
        chosen = self.initial.get("organisation")
        chosen = str(chosen.pk if isinstance(chosen, Organisation) else chosen or "")
        if chosen in self.listed_organisations:
            return {"organisation": chosen, "organisation_name": ""}
        # Typed, or chosen from the list before the lab hid or removed it: the name is what is left.
        typed = self.initial.get("organisation_name", "")
        return {"organisation": NOT_LISTED if typed else "", "organisation_name": typed}

    def clean_organisation_choice(self) -> None:
        """Call from clean(): turn the choice and the typed name into the organisation and name to keep."""
        data = self.cleaned_data
        # Until it is an Organisation (or None), the choice must not reach a model form's instance.
        choice = data.pop("organisation", "")
        if "organisation" in self.errors or "organisation_name" in self.errors:
            return
        typed = " ".join(data.get("organisation_name", "").split())
        chosen = self.listed_organisations.get(choice)
        if chosen is not None:
            if typed and name_key(typed) != name_key(chosen.name):
                self.add_error(
                    "organisation_name",
                    f"You chose {chosen.name} from the list and also typed a name. Delete the name you typed, "
                    "or choose “My organisation is not listed” above",
                )
                return
        elif choice == NOT_LISTED and not typed:
            self.add_error("organisation_name", "Enter the name of your organisation, or choose it from the list")
            return
        elif typed:
            chosen = next(
                (each for each in self.listed_organisations.values() if name_key(each.name) == name_key(typed)), None
            )
        data["organisation"] = chosen
        data["organisation_name"] = chosen.name if chosen is not None else typed


# -- Applying --------------------------------------------------------------------------------------


class ApplicationForm(OrganisationChoice, forms.Form):
    """The application, on one page. Its consents are separate statements, each ticked on its own."""

    who = forms.MultipleChoiceField(
        label="Which of these describe you?",
        help_text="Choose all that apply.",
        choices=list(WHO_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing that describes you"},
    )
    organisation_name = forms.CharField(
        label="Organisation (optional)",
        help_text=ORGANISATION_HINT,
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"max_length": too_long("The organisation's name", 200)},
    )
    region = forms.ChoiceField(
        label="Where are you?",
        help_text="Choose the region you live or work in.",
        choices=[("", "Choose a region")] + REGION_CHOICES,
        error_messages={"required": "Choose the region you live or work in"},
    )
    activities = forms.MultipleChoiceField(
        label="What would you like to do? (optional)",
        help_text="Choose all that interest you. You can change your mind later.",
        choices=Activity.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.CharField(
        label="When are you usually available? (optional)",
        help_text="For example, weekday evenings, or Tuesday mornings.",
        required=False,
        max_length=500,
        error_messages={"max_length": too_long("Your availability", 500)},
    )
    access_needs = forms.CharField(
        label="Is there anything we can do to make it easier for you to take part? (optional)",
        help_text="For example, large print, breaks, a quiet room, a British Sign Language interpreter, or help "
        "with travel costs.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long("Your answer", 1000)},
    )
    motivation = forms.CharField(
        label="Why would you like to take part? (optional)",
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": too_long("Your answer", 1500)},
    )
    how_heard = forms.CharField(
        label="How did you hear about the lab? (optional)",
        required=False,
        max_length=300,
        error_messages={"max_length": too_long("Your answer", 300)},
    )
    card_visibility = forms.ChoiceField(
        label=CARD_VISIBILITY_STATEMENT,
        help_text=CARD_VISIBILITY_HINT,
        choices=Visibility.choices,
        initial=Visibility.TEAM,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who may see your profile card"},
    )
    use_application = forms.BooleanField(
        label=CONSENT_STATEMENTS["use_application"],
        error_messages={"required": "Tick the box to agree to the use of your application, or leave this page"},
    )
    contact = forms.BooleanField(label=CONSENT_STATEMENTS["contact"], required=False)
    quote = forms.BooleanField(label=CONSENT_STATEMENTS["quote"], required=False)

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        topics = LabTopic.objects.for_lab(lab)
        self.fields["interests"] = forms.ModelMultipleChoiceField(
            label="Which of the lab's topics interest you? (optional)",
            help_text="Choose all that apply.",
            queryset=topics,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            error_messages={"invalid_choice": "Choose topics from the list"},
        )
        self.has_topics = topics.exists()
        self.add_organisation_choice(lab)
        # Keep the fields in the order the page shows them.
        self.order_fields(["who", "organisation", "organisation_name", "region", "interests"])

    @classmethod
    def initial_from(cls, application: Application) -> dict:
        return {
            "who": application.who,
            "organisation": application.organisation_id,
            "organisation_name": application.organisation_name,
            "region": application.region,
            "interests": [topic.pk for topic in application.interests.all()],
            "activities": application.activities,
            "availability": application.availability,
            "access_needs": application.access_needs,
            "motivation": application.motivation,
            "how_heard": application.how_heard,
            "card_visibility": application.card_visibility,
            **{name: name in application.consents for name in CONSENT_STATEMENTS},
        }

    def clean(self):
        cleaned = super().clean()
        self.clean_organisation_choice()
        return cleaned

    def answers(self) -> dict:
        """The application's fields from the form, ready for the model (interests apart)."""
        data = self.cleaned_data
        return {
            "who": list(data["who"]),
            "organisation": data.get("organisation"),
            "organisation_name": data["organisation_name"],
            "region": data["region"],
            "activities": list(data["activities"]),
            "availability": data["availability"],
            "access_needs": data["access_needs"],
            "motivation": data["motivation"],
            "how_heard": data["how_heard"],
            "card_visibility": data["card_visibility"],
        }

    def chosen_interests(self) -> list[LabTopic]:
        return list(self.cleaned_data["interests"])

    def consents(self) -> dict:
        """Each consent given, with the exact wording shown and its version, and the card choice."""
        given = {
            name: {"wording": CONSENT_STATEMENTS[name], "version": CONSENT_WORDING_VERSION}
            for name in CONSENT_STATEMENTS
            if self.cleaned_data.get(name)
        }
        given["profile_card"] = visibility_consent(self.cleaned_data["card_visibility"])
        return given


# -- Reviewing -------------------------------------------------------------------------------------

QUEUE_STATUSES = [
    (Application.Status.SUBMITTED, "Waiting for a decision"),
    (Application.Status.MORE_INFO, "Asked for more information"),
    (Application.Status.ACCEPTED, "Accepted"),
    (Application.Status.DECLINED, "Not accepted"),
    ("all", "All"),
]


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", choices=QUEUE_STATUSES, required=False)
    region = forms.ChoiceField(label="Region", choices=[("", "All regions")] + REGION_CHOICES, required=False)

    def status_wanted(self) -> str:
        if self.is_valid() and self.cleaned_data["status"]:
            return self.cleaned_data["status"]
        return Application.Status.SUBMITTED

    def region_wanted(self) -> str:
        return self.cleaned_data["region"] if self.is_valid() else ""


class DecisionForm(forms.Form):
    """The message the applicant gets with the decision, prefilled from the lab's template."""

    message = forms.CharField(
        label="Message to the applicant",
        help_text="Plain text. Check it and change anything you need to before you send it. "
        "The email also links to their application.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={
            "required": "Enter the message to the applicant",
            "max_length": too_long("The message", 5000),
        },
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if QUESTION_PROMPT in message:
            raise forms.ValidationError(f"Replace “{QUESTION_PROMPT}” with what you would like to ask")
        unknown = unknown_placeholders(message)
        if unknown:
            raise forms.ValidationError(_unknown_placeholder_message(unknown))
        return message


def _unknown_placeholder_message(unknown: list[str]) -> str:
    allowed = " and ".join(PLACEHOLDERS)
    return f"CareLab cannot fill in {', '.join(unknown)}. You can use {allowed}, or remove the curly brackets"


DECISION_LABELS = {
    ApplicationEvent.Action.ACCEPTED: "Message when you accept an application",
    ApplicationEvent.Action.DECLINED: "Message when you do not accept an application",
    ApplicationEvent.Action.MORE_INFO: "Message when you ask for more information",
}


class MessageTemplatesForm(forms.Form):
    """The lab's wording for each decision's message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for decision, label in DECISION_LABELS.items():
            self.fields[str(decision)] = forms.CharField(
                label=label,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 12}),
                error_messages={"required": "Enter the message", "max_length": too_long("The message", 5000)},
            )

    def clean(self):
        cleaned = super().clean()
        for name in DECISION_LABELS:
            text = cleaned.get(str(name))
            if text:
                unknown = unknown_placeholders(text)
                if unknown:
                    self.add_error(str(name), _unknown_placeholder_message(unknown))
        return cleaned


class TopicForm(forms.Form):
    name = forms.CharField(
        label="Topic",
        help_text="A few words, for example “Sleep” or “Getting back to work”.",
        max_length=100,
        error_messages={"required": "Enter the topic", "max_length": too_long("The topic", 100)},
    )

    def __init__(self, *args, lab: Lab, topic: LabTopic | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lab, self.topic = lab, topic

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = LabTopic.objects.for_lab(self.lab).filter(name__iexact=name)
        if self.topic is not None:
            clash = clash.exclude(pk=self.topic.pk)
        if clash.exists():
            raise forms.ValidationError("The lab already has this topic")
        return name


# -- Profile cards and the directory ---------------------------------------------------------------


class CardConsentForm(forms.Form):
    """Agreeing again to showing one's profile card, choosing who may see it (recorded with today's wording)."""

    visibility = forms.ChoiceField(
        label=CARD_VISIBILITY_STATEMENT,
        help_text=CARD_VISIBILITY_HINT,
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who may see your profile card"},
    )


class ProfileCardForm(OrganisationChoice, forms.ModelForm):
    organisation_label = "Your organisation (optional)"

    class Meta:
        model = ProfileCard
        fields = [
            "display_name",
            "role",
            "role_detail",
            "organisation",
            "organisation_name",
            "region",
            "interests",
            "ask_me_about",
            "visibility",
        ]
        labels = {
            "display_name": "Display name",
            "role": "Which best describes you in the lab?",
            "role_detail": "Your role, in your own words (optional)",
            "organisation_name": "Your organisation (optional)",
            "region": "Region",
            "interests": "Your interests (optional)",
            "ask_me_about": "Ask me about (optional)",
            "visibility": "Who may see your card?",
        }
        help_texts = {
            "display_name": "The name on your card. It can be a first name or a nickname. "
            "Do not use your email address.",
            "role_detail": "For example, peer support worker, or living with back pain for 10 years.",
            "organisation_name": ORGANISATION_HINT,
            "interests": "Choose all that apply.",
            "ask_me_about": "What you are happy to talk to other participants about.",
            "visibility": "You can change this at any time.",
        }
        widgets = {
            "role": forms.RadioSelect,
            "interests": forms.CheckboxSelectMultiple,
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "ask_me_about": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "display_name": {"required": "Enter a display name", "max_length": too_long("The display name", 80)},
            "role": {"required": "Choose what best describes you"},
            "region": {"required": "Choose your region"},
            "role_detail": {"max_length": too_long("Your role", 120)},
            "organisation_name": {"max_length": too_long("The organisation's name", 200)},
            "ask_me_about": {"max_length": too_long("What people can ask you about", 500)},
            "visibility": {"required": "Choose who may see your card"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Who.choices
        self.fields["region"].choices = [("", "Choose a region")] + REGION_CHOICES
        self.fields["visibility"].choices = Visibility.choices
        self.fields["interests"].queryset = LabTopic.objects.for_lab(self.instance.lab)
        # The model's own select would offer every lab's organisations; this one offers the lab's list.
        del self.fields["organisation"]
        self.add_organisation_choice(self.instance.lab)
        self.order_fields(self.Meta.fields)

    def clean_display_name(self):
        return ProfileForm.clean_display_name(self)

    def clean(self):
        cleaned = super().clean()
        self.clean_organisation_choice()
        return cleaned


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label="Search names and “ask me about”", required=False, max_length=100)
    role = forms.ChoiceField(label="Describes themselves as", choices=[("", "Anyone")] + Who.choices, required=False)
    region = forms.ChoiceField(label="Region", choices=[("", "All regions")] + REGION_CHOICES, required=False)

    def __init__(self, *args, lab: Lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interest"] = forms.ModelChoiceField(
            label="Interested in",
            queryset=LabTopic.objects.for_lab(lab),
            required=False,
            empty_label="Any topic",
            error_messages={"invalid_choice": "Choose a topic from the list"},
        )

    def filters(self) -> dict:
        """The filters to apply; none when the form is not valid (the page shows why)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"].strip(), "role": data["role"], "region": data["region"], "topic": data["interest"]}


class CardChangeRequestForm(forms.Form):
    message = forms.CharField(
        label="What should they change?",
        help_text="They will see this on their card page and by email. Say what to change, kindly and plainly.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the message to the person", "max_length": too_long("The message", 2000)},
    )

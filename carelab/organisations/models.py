from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Lower

from carelab.labs.models import Lab
from carelab.lib import organisations_csv
from carelab.lib.organisations_csv import name_key
from carelab.lib.regions import REGIONS

HTTPS_ONLY = URLValidator(schemes=["https"], message="Enter a web address that starts with https://")


class OrganisationQuerySet(models.QuerySet):
    def for_lab(self, lab: Lab):
        return self.filter(lab=lab)

    def public(self):
        """The organisations everyone may see in the lab's directory."""
        return self.filter(is_public=True)

    def partners(self):
        return self.filter(kind=Organisation.Kind.PARTNER)

    def alphabetical(self):
        return self.order_by(Lower("name"), "pk")

    def search(self, words: str):
        """Organisations whose name contains the words, in any case."""
        words = " ".join(words.split())
        return self.filter(name__icontains=words) if words else self

    def name_taken(self, name: str, *, exclude_pk: int | None = None) -> bool:
        """Whether another organisation in this set has the name, ignoring case and spacing.

        Compared in Python with the same rule as the CSV import, so the two always agree
        (SQLite's lower() only folds ASCII).
        """
        wanted = name_key(name)
        names = self.exclude(pk=exclude_pk).values_list("name", flat=True)
        return any(name_key(existing) == wanted for existing in names)


class Organisation(models.Model):
    """An organisation in a lab's directory: a partner of the lab, a local organisation or another."""

    class Kind(models.TextChoices):
        PARTNER = "partner", "Lab partner"
        LOCAL = "local", "Local organisation"
        OTHER = "other", "Other"

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=organisations_csv.NAME_MAX_LENGTH)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LOCAL)
    region = models.CharField(max_length=30, choices=REGIONS)
    website = models.URLField(max_length=organisations_csv.WEBSITE_MAX_LENGTH, blank=True, validators=[HTTPS_ONLY])
    description = models.TextField(
        max_length=organisations_csv.DESCRIPTION_MAX_LENGTH, blank=True, help_text="Plain text, shown as it is."
    )
    contact_page = models.URLField(max_length=300, blank=True, validators=[HTTPS_ONLY])
    is_public = models.BooleanField(default=True, help_text="Shown in the lab's public directory.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        constraints = [
            # Names differ by more than case; forms and the import check first, with the same rule.
            models.UniqueConstraint(Lower("name"), "lab", name="organisation_name_unique_in_lab"),
        ]

    def __str__(self):
        return self.name

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class CareLabUserManager(UserManager):
    """Users are known by e-mail address; there are no usernames."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="The name other people see next to what you write. It can be a first name or a nickname.",
    )
    organisation = models.CharField(max_length=120, blank=True, help_text="Optional.")
    role_title = models.CharField(
        "role", max_length=120, blank=True, help_text="Optional. For example, peer support worker."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = CareLabUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name shown to others. Never the e-mail address."""
        return self.display_name or "A CareLab member"

    def get_full_name(self):
        return self.public_name

    def fresh_copy(self) -> "User":
        """This account as stored now, apart from the one the request carries (a form with errors
        must not change the name the header shows)."""
        return type(self).objects.get(pk=self.pk)

    def has_two_factor(self) -> bool:
        """Whether they have set up an authenticator app."""
        return self.authenticator_set.filter(type=Authenticator.Type.TOTP).exists()

    def get_short_name(self):
        return self.public_name

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

STAFF_GROUP = "Staff"
PARTNERS_GROUP = "Partners"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        INTERNATIONAL = "international", _("International")
        NETWORK = "network", _("Network")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.LOCAL)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
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
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class MailFrequency(models.TextChoices):
    """How a member hears about the hashtags and discussions they follow."""

    AT_ONCE = "now", _("At once, one e-mail for each new item")
    DAILY = "daily", _("A daily digest")
    WEEKLY = "weekly", _("A weekly digest")
    NEVER = "never", _("Never")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(
        _("name"), max_length=150, help_text=_("As you would like to be known.")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("about you"), max_length=2000, blank=True)
    mail_frequency = models.CharField(
        _("e-mail about what you follow"),
        max_length=10,
        choices=MailFrequency.choices,
        default=MailFrequency.AT_ONCE,
        help_text=_(
            "New lessons and reports under the hashtags you follow, and new comments in "
            "the discussions you follow or started."
        ),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Can sign in to the Django admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(group.name for group in self.groups.all())

    @property
    def is_staff_member(self) -> bool:
        """Staff of the organisation: a member of the Staff group, or a superuser."""
        return self.is_superuser or STAFF_GROUP in self.group_names

    @property
    def is_partner(self) -> bool:
        """A member of a partner organisation whom staff have confirmed."""
        return PARTNERS_GROUP in self.group_names


class Voice(models.TextChoices):
    """Whose voice a lesson or comment carries, as it was when written: kept with it, so a
    member who later changes organisation or role does not change what was said then."""

    PARTNER = "partner", _("Local and national partners")
    STAFF = "staff", _("Staff")
    MEMBER = "member", _("Other members")


def voice_field():
    """Whose voice a lesson, comment or follow-up carries, as it was when written: kept
    with it for the insight page to count."""
    return models.CharField(
        _("voice"),
        max_length=10,
        choices=Voice.choices,
        default=Voice.MEMBER,
        db_default=Voice.MEMBER,
        editable=False,
    )


def voice_of(user) -> str:
    if user is None or not user.is_authenticated:
        return Voice.MEMBER
    if user.is_staff_member:
        return Voice.STAFF
    if user.is_partner:
        return Voice.PARTNER
    return Voice.MEMBER


def country_of(user) -> str:
    """A member's country, or else their organisation's."""
    if user is None or not user.is_authenticated:
        return ""
    organisation = user.organisation
    return user.country.code or (organisation.country.code if organisation else "") or ""


def display_name(user) -> str:
    """How allauth names a user on its pages and in its e-mails."""
    return str(user)

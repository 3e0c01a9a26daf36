"""Demo organisations and people, written for this project, for `manage.py load_demo`."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from accounts.models import PARTNERS_GROUP, STAFF_GROUP, Organisation, User

ORGANISATIONS = [
    {
        "slug": "bridges-for-learning",
        "name": "Bridges for Learning",
        "country": "GB",
        "kind": Organisation.Kind.INTERNATIONAL,
    },
    {
        "slug": "sahel-savoirs-partages",
        "name": "Association Sahel Savoirs Partagés",
        "country": "ML",
        "kind": Organisation.Kind.NATIONAL,
    },
    {
        "slug": "maji-safi-kibera",
        "name": "Maji Safi Kibera Self-Help Group",
        "country": "KE",
        "kind": Organisation.Kind.LOCAL,
    },
    {
        "slug": "red-aprendizaje-altiplano",
        "name": "Red de Aprendizaje del Altiplano",
        "country": "BO",
        "kind": Organisation.Kind.NETWORK,
    },
    {
        "slug": "jamiyat-al-nahda",
        "name": "جمعية النهضة للتعلم المجتمعي",
        "country": "JO",
        "kind": Organisation.Kind.LOCAL,
    },
]

# (email, name, organisation slug, country, preferred language, role, bio)
PEOPLE = [
    (
        "staff@learning-exchange.example",
        "Clara Mendes",
        "bridges-for-learning",
        "GB",
        "en",
        STAFF_GROUP,
        "Learning adviser. I write up the seminars our team attends and look after this site.",
    ),
    (
        "partner@learning-exchange.example",
        "Amina Diallo",
        "sahel-savoirs-partages",
        "ML",
        "fr",
        PARTNERS_GROUP,
        "Coordinatrice de programmes d'alphabétisation pour adultes à Ségou.",
    ),
    (
        "joseph@learning-exchange.example",
        "Joseph Otieno",
        "maji-safi-kibera",
        "KE",
        "en",
        PARTNERS_GROUP,
        "Community water committee chair. We learn by fixing things together.",
    ),
    (
        "lucia@learning-exchange.example",
        "Lucía Quispe",
        "red-aprendizaje-altiplano",
        "BO",
        "es",
        PARTNERS_GROUP,
        "Facilitadora de escuelas de campo con comunidades aymaras.",
    ),
    (
        "rania@learning-exchange.example",
        "رانيا حداد",
        "jamiyat-al-nahda",
        "JO",
        "ar",
        PARTNERS_GROUP,
        "أعمل مع النساء في المجتمعات المضيفة على برامج التعلم المستمر.",
    ),
]

DEMO_PASSWORDS = {
    STAFF_GROUP: "exchange-staff-demo",
    PARTNERS_GROUP: "exchange-partner-demo",
}


def load_demo_accounts() -> list[tuple[str, str]]:
    """Create or refresh the demo organisations and people.

    Returns the sign-ins that work: (email, password) pairs, only in DEBUG. Outside DEBUG
    the demo people get no usable password, so known passwords never reach a real site.
    """
    organisations = {}
    for fields in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            slug=fields["slug"],
            defaults={key: value for key, value in fields.items() if key != "slug"},
        )
        organisations[organisation.slug] = organisation

    groups = {group.name: group for group in Group.objects.filter(name__in=DEMO_PASSWORDS)}
    sign_ins = []
    for email, name, organisation_slug, country, language, role, bio in PEOPLE:
        user, created = User.objects.update_or_create(
            email=email,
            defaults={
                "name": name,
                "organisation": organisations[organisation_slug],
                "country": country,
                "preferred_language": language,
                "bio": bio,
                "is_staff": role == STAFF_GROUP,
            },
        )
        if settings.DEBUG:
            user.set_password(DEMO_PASSWORDS[role])
            sign_ins.append((email, DEMO_PASSWORDS[role]))
        elif created:
            user.set_unusable_password()
        user.save()
        user.groups.add(groups[role])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return sign_ins

from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import PARTNERS_GROUP, Organisation, User
from page_cache.versions import pages_changed


@transaction.atomic
def partner_confirm(*, user: User, organisation: Organisation | None = None) -> User:
    """Confirm a member as a partner: their organisation is set and they join Partners.
    Their comments show them as a partner from then on."""
    if organisation is not None:
        user.organisation = organisation
        user.save(update_fields=["organisation"])
    if user.organisation_id is None:
        raise ValueError("A partner must belong to an organisation.")
    user.groups.add(Group.objects.get(name=PARTNERS_GROUP))
    pages_changed()
    return user

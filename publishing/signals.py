from django.dispatch import Signal

# Sent in the publication's transaction when a publication is public for the first time
# (never again when it is unpublished and published anew). Arguments: publication.
publication_published = Signal()

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def languages(request):
    """The interface languages, each with the address of this page in that language."""
    current = get_language()
    path = request.get_full_path()
    return {
        "interface_languages": [
            {
                "code": code,
                "name": name,
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]
    }

"""A demo discussion, written for this project, for `manage.py load_demo`."""

from accounts.models import User
from learning_exchange.discussion.models import Comment
from learning_exchange.discussion.services import comment_create
from seminars.models import SeminarReport

REPORT_TITLE = "Listen before you design: notes from a forum on community-led water"

# (author e-mail, language, text, index of the comment it answers)
DISCUSSION = [
    (
        "joseph@learning-exchange.example",
        "en",
        "Thank you for writing this up. One question: how did the forum make room for "
        "committee members who do not read? In Kibera half of our water committee would "
        "have been left out of a session built on printed handouts.",
        None,
    ),
    (
        "staff@learning-exchange.example",
        "en",
        "Good question, Joseph. The organisers ran each session twice: once with slides, "
        "once as a walk around the pump with a facilitator who translated into Swahili. "
        "The second one was where the *real* problems came out.",
        0,
    ),
    (
        "partner@learning-exchange.example",
        "fr",
        "C'est aussi notre expérience à Ségou : les meilleures idées viennent pendant la "
        "visite, pas dans la salle. Nous enregistrons maintenant les échanges en bambara "
        "et nous les réécoutons ensemble avant d'écrire le rapport.",
        1,
    ),
    (
        "rania@learning-exchange.example",
        "ar",
        "نفس الشيء عندنا في الأردن: عندما نمشي مع النساء إلى نقطة المياه، يتكلمن بحرية "
        "أكثر. شكرًا على مشاركة هذه التجربة.",
        0,
    ),
]


def load_demo_discussion() -> None:
    report = SeminarReport.objects.published().get(title=REPORT_TITLE)
    if Comment.objects.on(report).exists():
        return
    authors = {user.email: user for user in User.objects.filter(email__endswith=".example")}
    saved = []
    for email, language, text, answers in DISCUSSION:
        saved.append(
            comment_create(
                target=report,
                author=authors[email],
                text=text,
                language=language,
                parent=saved[answers] if answers is not None else None,
                published=True,
            )
        )

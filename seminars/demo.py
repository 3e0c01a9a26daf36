"""Demo seminar reports and a discussion of one, written for this project, for
`manage.py load_demo`."""

import datetime

from accounts.models import Organisation, User
from discussion.models import Comment
from discussion.services import comment_create
from publishing.models import EditorAction
from seminars.models import SeminarReport
from seminars.services import report_write

REPORTS = [
    {
        "title": "Listen before you design: notes from a forum on community-led water",
        "summary": (
            "Three days with water committees from four countries left us with one lesson: "
            "the people who fix the pumps already know why they break."
        ),
        "event_name": "Community-Led Water Management Forum",
        "organiser": "East Africa Resilience Learning Network",
        "event_date": datetime.date(2026, 9, 17),
        "place": "Nairobi, Kenya",
        "online": False,
        "event_url": "",
        "language": "en",
        "takeaways": [
            "Water committees keep repair logs that no project report has ever asked for.",
            "Spare parts sold within a day's walk matter more than new boreholes.",
            "Women who collect water are rarely in the room when pumps are chosen.",
        ],
        "body": (
            "We went to Nairobi expecting to present our new monitoring framework. We came back "
            "having rewritten it.\n\n"
            "## What we heard\n\n"
            "Joseph Otieno, who chairs a water committee in Kibera, showed a school exercise "
            "book: eleven years of repairs, written by hand. Every failure had a date, a cause "
            "and a cost. None of it had ever reached a donor report. That is #LocalKnowledge "
            "in its plainest form, and we had never asked for it.\n\n"
            "> The pump does not break on the day you visit. It breaks on the day the part is "
            "not in the market.\n\n"
            "## What we will change\n\n"
            "- Start every assessment by asking the committee for its own records.\n"
            "- Budget for spare parts within reach, not only for new infrastructure.\n"
            "- Hold design meetings at times when the women who carry water can come.\n\n"
            "We are still learning how to do this well. #ContinuousLearning"
        ),
        "organisations": ["maji-safi-kibera"],
        "hashtags": ["WASH"],
    },
    {
        "title": "Ce que le forum de Ségou nous a appris sur l'alphabétisation des adultes",
        "summary": (
            "Au forum régional de Ségou, les animatrices des centres d'alphabétisation ont "
            "montré que la langue d'apprentissage compte autant que la méthode."
        ),
        "event_name": "Forum régional sur l'éducation des adultes",
        "organiser": "Réseau Sahel Éducation",
        "event_date": datetime.date(2026, 6, 5),
        "place": "Ségou, Mali",
        "online": False,
        "event_url": "",
        "language": "fr",
        "takeaways": [
            "Apprendre d'abord en bambara accélère la lecture en français ensuite.",
            "Les horaires des cours doivent suivre le calendrier agricole.",
            "Les apprenantes veulent des textes utiles : reçus, ordonnances, contrats.",
        ],
        "body": (
            "Amina Diallo et son équipe ont ouvert le forum par une question simple : "
            "« Dans quelle langue rêvez-vous ? » Tout le reste en a découlé.\n\n"
            "## Les langues locales d'abord\n\n"
            "Les centres qui commencent en bambara voient leurs apprenantes lire des phrases "
            "complètes en quelques semaines. Le passage au français vient ensuite, plus vite. "
            "C'est une leçon d'#InclusiveLearning que nous voulons partager largement.\n\n"
            "## Ce que nous retenons\n\n"
            "1. Adapter les supports aux usages quotidiens.\n"
            "2. Former des animatrices issues des villages mêmes.\n"
            "3. Mesurer ce que les apprenantes font de la lecture, pas seulement leurs notes.\n\n"
            "Merci aux partenaires qui nous ont rappelé que le #LocalKnowledge vient avant nos "
            "cadres logiques."
        ),
        "organisations": ["sahel-savoirs-partages"],
        "hashtags": [],
    },
    {
        "title": "Failing forward: what an online session on sharing failure taught us",
        "summary": (
            "An honest hour with partners about projects that did not work, and why saying so "
            "in public made the next ones better."
        ),
        "event_name": "Learning from Failure Webinar Series",
        "organiser": "East Africa Resilience Learning Network",
        "event_date": datetime.date(2026, 3, 12),
        "place": "",
        "online": True,
        "event_url": "",
        "language": "en",
        "takeaways": [
            "A failure shared early costs less than a success reported late.",
            "Partners speak more freely when staff share their own failures first.",
        ],
        "body": (
            "Lucía Quispe opened with a farmer field school that closed after one season: the "
            "seeds came, but the rains did not, and nobody had asked the elders about the "
            "signs they read in the sky.\n\n"
            "Staff then told their own story: a cash programme whose forms were only in "
            "English. The room changed once we went first.\n\n"
            "We left with a commitment to publish one lesson about something that did not "
            "work every quarter. #LearningFromFailure #ContinuousLearning"
        ),
        "organisations": ["red-aprendizaje-altiplano"],
        "hashtags": [],
    },
]


def load_demo_reports() -> None:
    author = User.objects.get(email="staff@learning-exchange.example")
    for fields in REPORTS:
        fields = dict(fields)
        organisations = Organisation.objects.filter(slug__in=fields.pop("organisations"))
        hashtags = fields.pop("hashtags")
        report = SeminarReport.objects.filter(title=fields["title"]).first() or SeminarReport()
        for name, value in fields.items():
            setattr(report, name, value)
        report_write(
            report=report,
            by=author,
            organisations=organisations,
            extra_hashtags=hashtags,
            action=EditorAction.PUBLISH,
        )


# The demo discussion, on the report about listening first.
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

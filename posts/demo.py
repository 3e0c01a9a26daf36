"""Demo lessons-learned posts, written for this project, for `manage.py load_demo`."""

from django.utils import timezone

from accounts.models import User
from followups.models import FollowUp, State
from followups.services import follow_up_save
from posts.models import Post
from posts.services import post_write

POSTS = [
    {
        "author": "joseph@learning-exchange.example",
        "action": "publish",
        "title": "The committee kept the money safe, and the pump kept breaking",
        "summary": "We saved every shilling for repairs, but nobody in the village could do them.",
        "language": "en",
        "shares_failure": True,
        "context": (
            "Our water committee in Kibera collects a small fee at the kiosk. For two years "
            "we kept the repair fund in a group account, proud that none of it went missing."
        ),
        "what_worked": "Keeping the accounts in the open: the book is read aloud every month.",
        "what_did_not_work": (
            "When the pump broke we had money but no mechanic. The nearest trained one was "
            "two days away, and we waited three weeks for a spare part."
        ),
        "what_we_would_change": (
            "Train two young people from the village as pump mechanics, and keep the most "
            "common spare parts at the kiosk."
        ),
        "body": (
            "Money was never our problem. Skills near the pump were. #LocalKnowledge "
            "#LearningFromFailure #WASH"
        ),
    },
    {
        "author": "partner@learning-exchange.example",
        "action": "publish",
        "title": "Cours du soir : pourquoi les femmes ne venaient pas",
        "summary": "Nous avions ouvert des cours du soir. Les femmes n'y venaient pas, et elles "
        "avaient de bonnes raisons.",
        "language": "fr",
        "shares_failure": True,
        "context": (
            "Dans trois villages autour de Ségou, nous avons ouvert des cours "
            "d'alphabétisation le soir, après les travaux des champs."
        ),
        "what_worked": "Les cours en bambara, animés par des femmes du village.",
        "what_did_not_work": (
            "Le soir, les femmes préparent le repas et les routes ne sont pas éclairées. "
            "Les premières semaines, presque personne n'est venu."
        ),
        "what_we_would_change": (
            "Demander d'abord aux femmes quand elles sont libres. Nous avons déplacé les cours "
            "en début d'après-midi, pendant la saison sèche."
        ),
        "body": "Écouter avant de planifier. #InclusiveLearning #LocalKnowledge",
    },
    {
        "author": "lucia@learning-exchange.example",
        "action": "publish",
        "title": "Escuelas de campo: escuchar a los abuelos antes de sembrar",
        "summary": "Los abuelos leen señales del clima que ningún pronóstico incluye.",
        "language": "es",
        "shares_failure": False,
        "context": (
            "En el altiplano, nuestras escuelas de campo reúnen a familias aymaras para probar "
            "variedades de papa y quinua."
        ),
        "what_worked": (
            "Abrir cada temporada con una conversación con los abuelos sobre las señales del "
            "año: los pájaros, las flores, el viento."
        ),
        "what_did_not_work": "Al principio, las fichas técnicas estaban solo en castellano.",
        "what_we_would_change": "Preparar los materiales en aymara desde el primer día.",
        "body": "El conocimiento local primero. #LocalKnowledge #ContinuousLearning",
    },
    {
        "author": "staff@learning-exchange.example",
        "action": "publish",
        "title": "We translated our forms last, and it cost us a season",
        "summary": "A cash programme designed in English reached the people who needed it late.",
        "language": "en",
        "shares_failure": True,
        "context": (
            "We ran a cash programme with host communities in Jordan. Registration forms were "
            "written in English first and translated at the end."
        ),
        "what_worked": "Partners who went door to door and read the forms aloud with families.",
        "what_did_not_work": (
            "The translated forms arrived weeks after registration opened, and some terms did "
            "not make sense in local Arabic."
        ),
        "what_we_would_change": (
            "Write the forms with partners in Arabic first, and test them with families "
            "before anything is printed."
        ),
        "body": "Language is not a last step. #InclusiveLearning #LearningFromFailure",
    },
    {
        "author": "rania@learning-exchange.example",
        "action": "publish",
        "translation_of": "We translated our forms last, and it cost us a season",
        "title": "ترجمنا الاستمارات في النهاية، فخسرنا موسمًا كاملًا",
        "summary": "برنامج نقدي صُمّم بالإنجليزية وصل متأخرًا إلى من يحتاجونه.",
        "language": "ar",
        "shares_failure": True,
        "context": (
            "نفّذنا برنامجًا للمساعدات النقدية مع المجتمعات المضيفة في الأردن. كُتبت استمارات "
            "التسجيل بالإنجليزية أولًا ثم تُرجمت في النهاية."
        ),
        "what_worked": "الشركاء الذين زاروا البيوت وقرأوا الاستمارات بصوت عالٍ مع العائلات.",
        "what_did_not_work": (
            "وصلت الاستمارات المترجمة بعد أسابيع من بدء التسجيل، وبعض المصطلحات لم تكن مفهومة "
            "باللهجة المحلية."
        ),
        "what_we_would_change": (
            "أن نكتب الاستمارات مع الشركاء بالعربية أولًا، وأن نجربها مع العائلات قبل الطباعة."
        ),
        "body": "اللغة ليست الخطوة الأخيرة. #InclusiveLearning #LearningFromFailure",
    },
    {
        "author": "rania@learning-exchange.example",
        "action": "submit",
        "title": "حلقات القراءة للأمهات: ما تعلمناه في السنة الأولى",
        "summary": "بدأنا حلقات قراءة صغيرة للأمهات في مخيم، وتعلمنا أن الوقت أهم من المكان.",
        "language": "ar",
        "shares_failure": False,
        "context": "حلقات قراءة أسبوعية لعشر أمهات في كل مجموعة، في مركز مجتمعي صغير.",
        "what_worked": "اختيار الأمهات أنفسهن للكتب والمواضيع.",
        "what_did_not_work": "المواعيد الصباحية تعارضت مع توزيع المساعدات.",
        "what_we_would_change": "تحديد المواعيد مع الأمهات كل شهر.",
        "body": "#ContinuousLearning #InclusiveLearning",
    },
]

# What came of the lessons, recorded the day the demo is loaded:
# (lesson, writer, state, country, language, note).
FOLLOW_UPS = [
    (
        "The committee kept the money safe, and the pump kept breaking",
        "joseph@learning-exchange.example", State.APPLIED, "KE", "en",
        "Two young women from the committee finished the pump mechanics course. The last "
        "breakdown was fixed in two days.",
    ),
    (
        "The committee kept the money safe, and the pump kept breaking",
        "lucia@learning-exchange.example", State.PARTLY, "BO", "es",
        "Formamos a un mecánico en la comunidad, pero los repuestos siguen llegando desde "
        "La Paz.",
    ),
    (
        "The committee kept the money safe, and the pump kept breaking",
        "staff@learning-exchange.example", State.NOT_APPLIED, "ML", "en",
        "The borehole in Ségou is run by the district, which trains its own mechanics: the "
        "committee had no say in it. We wrote to the district instead.",
    ),
]  # fmt: skip


def load_demo_posts() -> None:
    for fields in POSTS:
        fields = dict(fields)
        author = User.objects.get(email=fields.pop("author"))
        action = fields.pop("action")
        original_title = fields.pop("translation_of", None)
        if original_title:
            fields["translation_of"] = Post.objects.get(title=original_title)
        post = Post.objects.filter(title=fields["title"]).first() or Post()
        for name, value in fields.items():
            setattr(post, name, value)
        post_write(post=post, by=author, extra_hashtags=[], action=action)
    for title, email, state, country, language, note in FOLLOW_UPS:
        lesson = Post.objects.get(title=title)
        author = User.objects.get(email=email)
        if not FollowUp.objects.of(lesson).filter(author=author, state=state).exists():
            follow_up = FollowUp(
                state=state, country=country, happened_on=timezone.localdate(),
                language=language,
                note=note,
            )  # fmt: skip
            follow_up_save(follow_up=follow_up, lesson=lesson, by=author)

# ruff: noqa: E501 (prose: one sentence a line reads and diffs better than wrapped strings)
"""Curated Persian phrases the demo stories are written from.

Each topic of the organization's work (rehabilitation, disability, the elderly, children,
addiction prevention, the social emergency line 123, women heads of household, partners,
international cooperation, the PR network itself) has headline, lead and paragraph templates.
Placeholders: ``{place}`` (استان اصفهان), ``{source}`` (the unit's PR office), ``{official}``
(who speaks), ``{n1}``–``{n3}`` (numbers), ``{partner}``, ``{country}``, ``{focus}``,
``{event}`` and ``{message}`` (awareness days). The organization and its programs are real;
the people quoted, the numbers and the events are invented.

Real Persian text is messy, and search must still find it, so ``messy`` roughens some stories
the way copy from other systems arrives: kashida (tatweel) stretching, Arabic ي and ك,
missing zero-width non-joiners ("می شود"), ASCII digits among Persian ones.
"""

import random
from dataclasses import dataclass

ZWNJ = "\u200c"
TATWEEL = "\u0640"
_FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


@dataclass(frozen=True)
class Topic:
    key: str
    subjects: tuple[str, ...]
    domains: tuple[str, ...]
    tags: tuple[str, ...]
    national_official: str
    local: tuple[str, ...]  # headlines for a province, county or center
    national: tuple[str, ...]  # headlines for HQ
    leads: tuple[str, ...]
    paragraphs: tuple[str, ...]


REHAB = "معاون امور توانبخشی سازمان بهزیستی کشور"
SOCIAL = "معاون امور اجتماعی سازمان بهزیستی کشور"
PREVENTION = "معاون پیشگیری و درمان اعتیاد سازمان بهزیستی کشور"
PR_HEAD = "مدیرکل دفتر روابط عمومی و امور بین‌الملل سازمان بهزیستی کشور"

# fmt: off
TOPICS = [
    Topic(
        "rehabilitation", ("process", "achievement"), ("extra_agency", "intra_agency"),
        ("توانبخشی", "غربالگری"), REHAB,
        local=(
            "افتتاح مرکز روزانه توانبخشی با ظرفیت {n1} نفر در {place}",
            "{n1} هزار نوزاد {place} از غربالگری شنوایی بهره‌مند شدند",
            "خدمات توانبخشی در منزل به {n1} خانواده {place} رسید",
            "اجرای طرح توانبخشی مبتنی بر جامعه در {n1} روستای {place}",
        ),
        national=(
            "طرح ملی پیشگیری از تنبلی چشم در {n1} هزار مهد کودک اجرا می‌شود",
            "پوشش غربالگری شنوایی نوزادان به {n1} درصد رسید",
            "{n1} تیم سیار توانبخشی به مناطق کم‌برخوردار اعزام شدند",
        ),
        leads=(
            "{official} از بهره‌مندی {n2} نفر از خدمات توانبخشی {place} در شش ماه نخست امسال خبر داد.",
            "{official} گفت: توانبخشی به‌هنگام، هزینه‌های درمان را کاهش می‌دهد و فرد را به زندگی مستقل بازمی‌گرداند.",
        ),
        paragraphs=(
            "{official} با اشاره به گسترش مراکز توانبخشی روزانه و شبانه‌روزی گفت: هدف ما رساندن خدمت به نزدیک‌ترین نقطه به محل زندگی مددجویان است تا خانواده‌ها برای دریافت خدمات، مسافت‌های طولانی را طی نکنند.",
            "وی افزود: در این مراکز خدمات فیزیوتراپی، کاردرمانی، گفتاردرمانی و مشاوره خانواده به‌صورت رایگان یا با یارانه بهزیستی ارائه می‌شود.",
            "به گفته وی، {n3} کارشناس توانبخشی در قالب تیم‌های سیار به روستاها و مناطق کم‌برخوردار اعزام شده‌اند.",
            "{official} همچنین از خیرین و سازمان‌های مردم‌نهاد برای مشارکت در تجهیز مراکز توانبخشی دعوت کرد.",
        ),
    ),
    Topic(
        "disability", ("capability", "need"), ("extra_agency", "inter_agency"),
        ("معلولان", "مناسب‌سازی", "توانمندی‌ها"), REHAB,
        local=(
            "اهدای {n1} وسیله کمک‌توانبخشی به افراد دارای معلولیت {place}",
            "مناسب‌سازی {n1} ساختمان عمومی {place} برای افراد دارای معلولیت",
            "جشنواره توانمندی‌های افراد دارای معلولیت در {place} برگزار شد",
            "{n1} فرد دارای معلولیت در {place} صاحب شغل شدند",
        ),
        national=(
            "پیگیری سهم سه درصدی استخدام افراد دارای معلولیت در دستگاه‌های اجرایی",
            "تأمین {n1} هزار وسیله کمک‌توانبخشی برای افراد دارای معلولیت در سراسر کشور",
            "قهرمانان پارالمپیکی الگوی توانمندی جامعه هدف بهزیستی‌اند",
        ),
        leads=(
            "{official} گفت: افراد دارای معلولیت توانمندی‌های فراوانی دارند و جامعه باید فرصت بروز آن را فراهم کند.",
            "{official} از اختصاص {n2} میلیارد ریال اعتبار برای حمایت از افراد دارای معلولیت {place} خبر داد.",
        ),
        paragraphs=(
            "{official} در این مراسم گفت: ویلچر، سمعک، عصای سفید و تشک مواج از جمله وسایلی است که با مشارکت خیرین در اختیار مددجویان قرار گرفت.",
            "وی با بیان اینکه مناسب‌سازی فضاهای شهری یک الزام قانونی است، افزود: همکاری شهرداری‌ها و دستگاه‌های اجرایی در این زمینه نقش تعیین‌کننده دارد.",
            "بنا بر این گزارش، {n3} نفر از افراد دارای معلولیت شدید و خیلی شدید تحت پوشش مستمری ماهانه بهزیستی قرار دارند.",
            "در حاشیه این برنامه، نمایشگاهی از آثار هنری و صنایع‌دستی هنرمندان دارای معلولیت نیز برپا شد.",
        ),
    ),
    Topic(
        "elderly", ("need", "process"), ("extra_agency",), ("سالمندان", "مراقبت در منزل"), SOCIAL,
        local=(
            "افتتاح مرکز روزانه سالمندان در {place}",
            "ارائه خدمات مراقبت در منزل به {n1} سالمند {place}",
            "آموزش {n1} مراقب سالمند در {place}",
        ),
        national=(
            "نظارت بر {n1} مرکز نگهداری سالمندان در کشور تشدید شد",
            "مراقبت در منزل، اولویت بهزیستی در خدمات سالمندی",
        ),
        leads=(
            "{official} گفت: با افزایش جمعیت سالمند، توسعه خدمات مراقبت در منزل یک ضرورت است.",
            "{official} از فعالیت {n2} مرکز روزانه و شبانه‌روزی سالمندان در {place} خبر داد.",
        ),
        paragraphs=(
            "وی افزود: مراکز روزانه سالمندان فرصتی برای حضور فعال سالمندان در جامعه و کاهش انزوای آنان فراهم می‌کند.",
            "{official} با اشاره به آموزش خانواده‌های دارای سالمند گفت: مراقبت درست در خانه بهترین شیوه نگهداری از سالمندان است.",
            "بنا بر اعلام {source}، خدمات فیزیوتراپی، مشاوره و تغذیه سالم در برنامه این مراکز گنجانده شده است.",
        ),
    ),
    Topic(
        "children", ("need", "process"), ("extra_agency", "intra_agency"),
        ("کودکان", "فرزندخواندگی", "مهد کودک"), SOCIAL,
        local=(
            "{n1} کودک بی‌سرپرست {place} در خانواده‌های جایگزین سامان یافتند",
            "بازدید از {n1} مهد کودک {place} برای ارتقای کیفیت آموزش",
            "طرح ساماندهی کودکان کار در {place} اجرا شد",
        ),
        national=(
            "{n1} کودک امسال به خانواده‌های متقاضی فرزندخواندگی سپرده شدند",
            "استاندارد تازه ایمنی مهدهای کودک ابلاغ شد",
        ),
        leads=(
            "{official} گفت: جای هر کودک در خانواده است و بهزیستی همه توان خود را برای تحقق این هدف به کار گرفته است.",
            "{official} از شناسایی و حمایت از {n2} کودک کار در {place} خبر داد.",
        ),
        paragraphs=(
            "وی با بیان اینکه روند بررسی صلاحیت خانواده‌های متقاضی با دقت کامل انجام می‌شود، افزود: پس از سپردن کودک، کارشناسان بهزیستی تا مدتی خانواده را همراهی می‌کنند.",
            "{official} ادامه داد: مهدهای کودک زیر نظر بهزیستی باید استانداردهای ایمنی، بهداشت و آموزش را رعایت کنند.",
            "به گفته وی، همکاری با سازمان‌های مردم‌نهاد در شناسایی کودکان در معرض آسیب نتایج خوبی داشته است.",
        ),
    ),
    Topic(
        "prevention", ("problem", "model"), ("inter_agency", "extra_agency"),
        ("پیشگیری از اعتیاد", "مهارت‌های زندگی"), PREVENTION,
        local=(
            "اجرای برنامه پیشگیری از اعتیاد در {n1} مدرسه {place}",
            "پویش «نه به اعتیاد» در {place} آغاز شد",
            "آموزش مهارت‌های زندگی به {n1} دانش‌آموز {place}",
        ),
        national=(
            "{n1} مرکز درمان سرپایی اعتیاد زیر نظر بهزیستی فعالیت می‌کنند",
            "پیشگیری از اعتیاد با محوریت خانواده و مدرسه دنبال می‌شود",
        ),
        leads=(
            "{official} گفت: پیشگیری از اعتیاد از خانواده آغاز می‌شود و آموزش مهارت‌های زندگی مؤثرترین راه آن است.",
            "{official} از آموزش {n2} نفر از والدین و دانش‌آموزان {place} در قالب برنامه‌های پیشگیری خبر داد.",
        ),
        paragraphs=(
            "وی افزود: برنامه‌های پیشگیری با همکاری آموزش و پرورش و سازمان‌های مردم‌نهاد در مدارس و محله‌ها اجرا می‌شود.",
            "{official} با اشاره به نقش رسانه‌ها در آگاه‌سازی جامعه گفت: روایت درست از درمان‌پذیری اعتیاد، انگ اجتماعی را کاهش می‌دهد.",
            "بنا بر این گزارش، مشاوره تلفنی پیشگیری از اعتیاد از طریق خط ۱۴۸۰ صدای مشاور بهزیستی در دسترس است.",
        ),
    ),
    Topic(
        "emergency", ("problem", "process"), ("extra_agency", "inter_agency"),
        ("اورژانس اجتماعی ۱۲۳", "آسیب‌های اجتماعی"), SOCIAL,
        local=(
            "پاسخ‌گویی به {n1} تماس اورژانس اجتماعی ۱۲۳ در {place}",
            "تیم سیار اورژانس اجتماعی {place} تقویت شد",
            "{n1} کودک در معرض آسیب با مداخله اورژانس اجتماعی {place} حمایت شدند",
        ),
        national=(
            "خط ۱۲۳ اورژانس اجتماعی شبانه‌روزی پاسخ‌گوست",
            "{n1} هزار تماس با اورژانس اجتماعی در شش ماه نخست امسال",
        ),
        leads=(
            "{official} گفت: اورژانس اجتماعی با شماره ۱۲۳ به‌صورت شبانه‌روزی در کنار خانواده‌ها و افراد در معرض آسیب است.",
            "{official} از رسیدگی به {n2} مورد کودک‌آزاری و همسرآزاری در {place} خبر داد.",
        ),
        paragraphs=(
            "وی افزود: بیشترین تماس‌ها درباره اختلافات خانوادگی، کودک‌آزاری و افکار خودکشی بوده است.",
            "{official} ادامه داد: تیم‌های سیار اورژانس اجتماعی با حضور مددکار اجتماعی و روان‌شناس در کوتاه‌ترین زمان در محل حاضر می‌شوند.",
            "شهروندان می‌توانند در صورت مشاهده هرگونه آسیب اجتماعی با شماره ۱۲۳ تماس بگیرند؛ هویت تماس‌گیرنده محرمانه می‌ماند.",
        ),
    ),
    Topic(
        "women", ("capability", "achievement"), ("extra_agency", "inter_agency"),
        ("زنان سرپرست خانوار", "توانمندسازی", "اشتغال"), SOCIAL,
        local=(
            "پرداخت تسهیلات اشتغال به {n1} زن سرپرست خانوار {place}",
            "نمایشگاه توانمندی‌های زنان سرپرست خانوار {place} گشایش یافت",
            "آموزش مهارت‌های فنی و حرفه‌ای به {n1} زن سرپرست خانوار در {place}",
        ),
        national=(
            "توانمندسازی زنان سرپرست خانوار با رویکرد اشتغال خانگی",
            "{n1} هزار زن سرپرست خانوار از تسهیلات خوداشتغالی بهره‌مند شدند",
        ),
        leads=(
            "{official} گفت: توانمندسازی اقتصادی زنان سرپرست خانوار بهترین راه خروج آنان از چرخه حمایت است.",
            "{official} از ایجاد {n2} فرصت شغلی برای زنان سرپرست خانوار {place} خبر داد.",
        ),
        paragraphs=(
            "وی افزود: مشاغل خانگی همچون خیاطی، قالی‌بافی، تولید صنایع‌دستی و فرآوری محصولات کشاورزی بیشترین سهم را در طرح‌های اشتغال داشته است.",
            "{official} با اشاره به همکاری با بانک‌های عامل گفت: تسهیلات قرض‌الحسنه با کارمزد اندک و بازپرداخت بلندمدت پرداخت می‌شود.",
            "در این نمایشگاه، محصولات {n3} زن کارآفرین به فروش گذاشته شد.",
        ),
    ),
    Topic(
        "partners", ("model", "event"), ("inter_agency",), ("تفاهم‌نامه", "هم‌افزایی"), PR_HEAD,
        local=(
            "امضای تفاهم‌نامه همکاری بهزیستی {place} با {partner}",
            "همکاری بهزیستی {place} و {partner} در {focus}",
        ),
        national=(
            "تفاهم‌نامه همکاری سازمان بهزیستی کشور و {partner} امضا شد",
            "هم‌افزایی بهزیستی و {partner} در {focus}",
        ),
        leads=(
            "{official} از امضای تفاهم‌نامه همکاری با {partner} در زمینه {focus} خبر داد.",
            "{official} گفت: هم‌افزایی میان دستگاه‌ها، ظرفیت‌های پراکنده را در خدمت جامعه هدف قرار می‌دهد.",
        ),
        paragraphs=(
            "بر اساس این تفاهم‌نامه، دو طرف در زمینه {focus} همکاری می‌کنند و کارگروه مشترکی برای پیگیری اجرای آن تشکیل می‌شود.",
            "{official} در مراسم امضای تفاهم‌نامه گفت: هیچ دستگاهی به‌تنهایی از عهده حل مسائل اجتماعی برنمی‌آید و هم‌افزایی، لازمه خدمت‌رسانی بهتر است.",
            "این تفاهم‌نامه به مدت {n1} سال اعتبار دارد و گزارش اجرای آن هر شش ماه منتشر می‌شود.",
        ),
    ),
    Topic(
        "international", ("model", "achievement"), ("inter_agency",),
        ("همکاری بین‌المللی", "دیپلماسی علمی"), PR_HEAD,
        local=(
            "بازدید هیئتی از {country} از مراکز توانبخشی {place}",
        ),
        national=(
            "دیدار هیئت {country} با معاون امور توانبخشی سازمان بهزیستی",
            "انتقال تجربه ایران در غربالگری شنوایی نوزادان به {country}",
            "دیپلماسی علمی؛ دوره آموزشی مشترک توانبخشی با کارشناسان {country}",
            "همکاری بهزیستی و {partner} در توانبخشی مبتنی بر جامعه",
        ),
        leads=(
            "{official} در دیدار با هیئت {country} گفت: ایران آماده است تجربه‌های خود را در توانبخشی و حمایت‌های اجتماعی به اشتراک بگذارد.",
            "{official} گفت: دیپلماسی علمی برای کسب دانش و فناوری‌های نوپدید و انتقال دستاوردهای سازمان به کشورهای همسو دنبال می‌شود.",
        ),
        paragraphs=(
            "در این دیدار دو طرف درباره تبادل دانش فنی، آموزش نیروی انسانی و انتقال فناوری‌های توانبخشی گفت‌وگو کردند.",
            "وی افزود: استفاده هماهنگ از ظرفیت‌های علمی کشور برای ارتقای سطح علمی کشورهای همسو و ترویج دستاوردهای سازمان در دستور کار امور بین‌الملل است.",
            "قرار شد کارگروه مشترکی برای پیگیری برنامه‌های همکاری تشکیل شود و نخستین نشست آن تا {n1} ماه آینده برگزار شود.",
        ),
    ),
    Topic(
        "pr_network", ("process", "model"), ("pr_network", "intra_agency"),
        ("شبکه روابط عمومی", "سند راهبردی رسانه‌ای", "پیوست رسانه‌ای"), PR_HEAD,
        local=(
            "نشست هم‌اندیشی روابط عمومی‌های بهزیستی {place} برگزار شد",
            "کارگاه خبرنویسی برای {n1} کارشناس روابط عمومی {place}",
        ),
        national=(
            "پیوست رسانه‌ای برای همه طرح‌های بهزیستی الزامی شد",
            "آموزش {n1} فعال روابط عمومی در شبکه رسانه‌ای بهزیستی",
            "پیام‌های کلیدی سند راهبردی رسانه‌ای به واحدهای استانی ابلاغ شد",
        ),
        leads=(
            "{official} گفت: فعالیت رسانه‌ای بیش از تجهیزات، به خلاقیت و هم‌افزایی نیاز دارد.",
            "{official} از آموزش {n2} کارشناس روابط عمومی در دوره‌های خبرنویسی و عکاسی خبر داد.",
        ),
        paragraphs=(
            "وی افزود: روابط عمومی‌ها باید رویدادها، فرایندها، الگوها و نیازهای حوزه بهزیستی را به زبان ساده برای افکار عمومی روایت کنند.",
            "در این کارگاه، شیوه‌های خبرنویسی، عکاسی خبری با تلفن همراه و تولید محتوا برای شبکه‌های اجتماعی آموزش داده شد.",
            "{official} با اشاره به سند راهبردی رسانه‌ای سازمان گفت: همه واحدها باید پیام‌های کلیدی این سند را در برنامه‌های خود بگنجانند.",
        ),
    ),
]
# fmt: on

TOPIC_BY_KEY = {topic.key: topic for topic in TOPICS}


@dataclass(frozen=True)
class Awareness:
    """An awareness day or week: month and day in the Gregorian calendar, the topic it
    belongs to, and what officials say on it."""

    month: int
    day: int
    name: str
    topic: str
    message: str


# fmt: off
AWARENESS = [
    Awareness(6, 26, "روز جهانی مبارزه با مواد مخدر", "prevention",
              "پیشگیری مؤثرتر و کم‌هزینه‌تر از درمان است و از خانواده آغاز می‌شود."),
    Awareness(9, 10, "روز جهانی پیشگیری از خودکشی", "emergency",
              "هر تماس با خط ۱۲۳ می‌تواند جانی را نجات دهد؛ از کمک خواستن نترسیم."),
    Awareness(9, 24, "هفته جهانی ناشنوایان", "disability",
              "آموزش زبان اشاره به خانواده‌ها و کارکنان دستگاه‌ها ارتباط با ناشنوایان را آسان می‌کند."),
    Awareness(10, 1, "روز جهانی سالمند", "elderly",
              "سالمندان سرمایه تجربه جامعه‌اند و حضور فعالشان در جامعه را باید ممکن کرد."),
    Awareness(10, 8, "هفته ملی کودک", "children",
              "حق هر کودک است که در محیطی امن، شاد و در کنار خانواده رشد کند."),
    Awareness(10, 15, "روز جهانی عصای سفید", "disability",
              "عصای سفید نماد استقلال نابینایان است و رانندگان باید به آن احترام بگذارند."),
    Awareness(12, 3, "روز جهانی افراد دارای معلولیت", "disability",
              "مناسب‌سازی حق افراد دارای معلولیت است، نه لطفی به آنان."),
]
# fmt: on

AWARENESS_LOCAL = (
    "برنامه‌های {event} در {place} اعلام شد",
    "گرامیداشت {event} با حضور مددجویان {place}",
    "{event}؛ اجرای {n1} برنامه آگاه‌سازی در {place}",
)
AWARENESS_NATIONAL = (
    "پیام رئیس سازمان بهزیستی کشور به مناسبت {event}",
    "{event}؛ پویش ملی آگاه‌سازی آغاز شد",
)
AWARENESS_LEAD = "{official} به مناسبت {event} گفت: {message}"
AWARENESS_PARAGRAPH = (
    "برنامه‌های این مناسبت شامل همایش، نمایشگاه، مسابقه نقاشی کودکان، برنامه‌های ورزشی و "
    "تولید محتوای آگاه‌سازی برای شبکه‌های اجتماعی است که با همکاری دستگاه‌های اجرایی و "
    "سازمان‌های مردم‌نهاد اجرا می‌شود."
)

PARTNERS_LOCAL = (
    "کمیته امداد امام خمینی (ره)",
    "اداره کل آموزش و پرورش",
    "دانشگاه علوم پزشکی",
    "شهرداری",
    "اتاق بازرگانی",
    "صدا و سیمای مرکز",
    "انجمن خیریه حمایت از کودکان کار",
    "کانون ناشنوایان ایران",
)
PARTNERS_NATIONAL = (
    "کمیته امداد امام خمینی (ره)",
    "وزارت آموزش و پرورش",
    "خبرگزاری جمهوری اسلامی (ایرنا)",
    "دانشگاه علوم توانبخشی و سلامت اجتماعی",
    "انجمن روابط عمومی ایران",
    "کانون ناشنوایان ایران",
)
PARTNERS_FOREIGN = ("یونیسف، دفتر تهران", "سازمان جهانی بهداشت")
COUNTRIES = ("عراق", "افغانستان", "تاجیکستان", "ارمنستان", "عمان", "ترکیه", "قزاقستان")
FOCUSES = (
    "اطلاع‌رسانی و آگاه‌سازی عمومی",
    "آموزش و پژوهش",
    "اشتغال مددجویان",
    "پوشش خبری رویدادهای اجتماعی",
    "مناسب‌سازی فضاهای شهری",
)

KICKERS = (
    "{official} خبر داد:",
    "با حضور مسئولان محلی",
    "در نشست خبری بهزیستی {place}",
    "به همت روابط عمومی",
    "در آستانه هفته بهزیستی",
)
# Headline prefixes by kind, as PR desks write them.
KIND_PREFIX = {
    "photo": "گزارش تصویری | ",
    "video": "ویدیو | ",
    "infographic": "اینفوگرافیک | ",
}
INTERVIEW_PARAGRAPH = (
    "{official} در گفت‌وگو با خبرنگار روابط عمومی درباره برنامه‌های پیش رو گفت: اولویت ما "
    "شنیدن صدای مددجویان و خانواده‌های آنان و بازگرداندن گزارش کار به مردم است."
)
QUOTE = "خدمت به جامعه هدف بدون مشارکت مردم و رسانه‌ها به نتیجه نمی‌رسد."

# What the desk writes to each other about a story.
RETURN_NOTES = (
    "منبع آمار را در متن بیاورید و تیتر را کوتاه‌تر کنید.",
    "نام و سمت سخنران را کامل بنویسید؛ لید هم باید به پرسش «چه خبر است؟» پاسخ دهد.",
    "عکس خبر متن جایگزین ندارد؛ لطفاً اضافه کنید.",
    "پاراگراف دوم تکرار لید است؛ آن را حذف یا بازنویسی کنید.",
)
REVIEW_NOTES = (
    "خبر خوبی است؛ اگر عکسی از مراسم دارید پیوست کنید.",
    "برای صفحه اول ملی هم پیشنهادش بدهیم؟",
    "با واحد استان هماهنگ شد؛ منتشر شود.",
    "عدد ذکرشده در لید با گزارش ماهانه استان هم‌خوان است.",
)
CHANGE_NOTES = (
    "شمار بهره‌مندان در لید خبر اصلاح شد.",
    "سمت سخنران به‌درستی درج شد.",
    "تاریخ برگزاری برنامه اصلاح شد.",
    "نام دستگاه همکار کامل شد.",
)
UNPUBLISH_NOTES = (
    "به درخواست دستگاه همکار تا اعلام رسمی از انتشار خارج شد.",
    "خبر تکراری بود؛ نسخه کامل‌تر منتشر شده است.",
)

# A few stories of the international desk in English and Arabic.
# (headline, lead, paragraphs)
FOREIGN_STORIES: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "en": [
        (
            "Welfare Organization and UNICEF review community-based rehabilitation",
            "Iran's State Welfare Organization and UNICEF reviewed the results of community-based "
            "rehabilitation in rural areas and agreed on next year's joint program.",
            (
                "Officials of both sides said mobile rehabilitation teams had reached villages in "
                "{n1} provinces, and that training family members was the most cost-effective part "
                "of the program.",
                "The organization will share its newborn hearing screening experience with "
                "neighbouring countries as part of its science diplomacy.",
            ),
        ),
        (
            "Newborn hearing screening now covers {n1} percent of births",
            "The national newborn hearing screening program, run by the State Welfare "
            "Organization, now covers {n1} percent of births across the country.",
            (
                "Early detection allows hearing aids and cochlear implants to be fitted before "
                "the age of one, the deputy for rehabilitation affairs said.",
                "Screening is free of charge in all provinces.",
            ),
        ),
        (
            "Social emergency line 123 answers around the clock",
            "The social emergency line 123 answered more than {n1} thousand calls in the first "
            "half of the year, the organization's deputy for social affairs said.",
            (
                "Mobile teams of social workers and psychologists respond to cases of child abuse, "
                "domestic violence and suicide risk.",
                "Callers' identities are kept confidential.",
            ),
        ),
    ],
    "ar": [
        (
            "وفد من العراق يزور مراكز التأهيل في مشهد",
            "زار وفد من وزارة العمل والشؤون الاجتماعية العراقية مراكز التأهيل التابعة لمنظمة "
            "الرعاية الاجتماعية في مشهد واطلع على تجاربها.",
            (
                "وأكد الجانبان على تبادل الخبرات في مجال التأهيل المجتمعي وتدريب الكوادر.",
                "وتقدم مراكز التأهيل خدماتها لأكثر من {n1} شخص من ذوي الإعاقة.",
            ),
        ),
        (
            "منظمة الرعاية الاجتماعية تطلق حملة وطنية للتوعية بحقوق ذوي الإعاقة",
            "أطلقت منظمة الرعاية الاجتماعية الإيرانية حملة وطنية للتوعية بحقوق الأشخاص ذوي "
            "الإعاقة بالتعاون مع وسائل الإعلام.",
            ("وتشمل الحملة برامج تلفزيونية وورشات عمل في {n1} محافظة.",),
        ),
    ],
}

# Titles of who speaks for a unit, by the kind of unit.
OFFICIAL = {
    "province": "مدیرکل بهزیستی {place}",
    "county": "رئیس اداره بهزیستی {place}",
    "center": "مدیر {place}",
}


# --- Filling and roughening ----------------------------------------------------------------


def number(value: int, ascii_digits: bool) -> str:
    """A number as Persian text writes it: Persian digits, or ASCII ones from another system."""
    text = str(value)
    return text if ascii_digits else text.translate(_FA_DIGITS)


def fill(template: str, values: dict[str, str]) -> str:
    return template.format(**values)


# Letters that join the next one, so a tatweel after them connects (all dual-joining).
_STRETCHABLE = set("سشصضطظکگلمنبپتثیفقعغهجچحخ")


def _is_letter(char: str) -> bool:
    return "\u0621" <= char <= "\u06d3" and char != TATWEEL and not "\u064b" <= char <= "\u065f"


def stretch(text: str, rng: random.Random, rate: float = 0.2) -> str:
    """Kashida: stretch some words with two tatweels after a joining letter (مشــاور)."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) < 4 or rng.random() > rate:
            continue
        spots = [
            j
            for j in range(1, len(word) - 1)
            if word[j] in _STRETCHABLE and _is_letter(word[j + 1])
        ]
        if spots:
            j = rng.choice(spots)
            words[i] = word[: j + 1] + TATWEEL * 2 + word[j + 1 :]
    return " ".join(words)


def arabic_letters(text: str) -> str:
    """Copy typed on an Arabic keyboard: Arabic yeh and kaf instead of the Persian ones."""
    return text.replace("ی", "ي").replace("ک", "ك")


def without_zwnj(text: str) -> str:
    """No zero-width non-joiners: "می‌شود" becomes "می شود", "روان‌شناس" "روان شناس"."""
    return text.replace(ZWNJ, " ")


def messy(text: str, rng: random.Random, kinds: frozenset[str]) -> str:
    """``text`` roughened in the ways named by ``kinds`` (stretch, arabic, zwnj)."""
    if "zwnj" in kinds:
        text = without_zwnj(text)
    if "stretch" in kinds:
        text = stretch(text, rng)
    if "arabic" in kinds:
        text = arabic_letters(text)
    return text

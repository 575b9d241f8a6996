"""The demo network's content: units, people and partners as plain specifications.

People, phone numbers and contacts are invented; partner organizations are real institutions,
named as examples of the four domains of synergy. ``hamafza.org.demo`` loads them.
"""

from dataclasses import dataclass

from hamafza.org.models import Domain, Partner, Role, Unit

DEMO_PASSWORD = "hamafza-demo"  # noqa: S105 (published on purpose: every demo login uses it)
DEMO_FLAG = "demo_dataset"
EMAIL_DOMAIN = "behzisti.example"

K = Unit.Kind
D = Domain.Code
P = Partner.Kind


# --- Units ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    slug: str
    name: str
    name_en: str
    kind: str
    parent: str | None


HQ = UnitSpec("hq", "ستاد سازمان بهزیستی کشور", "State Welfare Organization HQ", K.HQ, None)

HQ_OFFICES = [
    ("hq-pr", "دفتر روابط عمومی و امور بین‌الملل", "Public Relations and International Affairs"),
    ("hq-management", "معاونت توسعه مدیریت و منابع", "Deputy for Management and Resources"),
    ("hq-social", "معاونت امور اجتماعی", "Deputy for Social Affairs"),
    ("hq-rehabilitation", "معاونت امور توانبخشی", "Deputy for Rehabilitation Affairs"),
    ("hq-prevention", "معاونت پیشگیری و درمان اعتیاد", "Deputy for Addiction Prevention"),
]

# slug, Persian name, English name, mobile prefix used for the invented phone numbers.
PROVINCES = [
    ("tehran", "تهران", "Tehran", "0912"),
    ("isfahan", "اصفهان", "Isfahan", "0913"),
    ("khorasan-razavi", "خراسان رضوی", "Khorasan Razavi", "0915"),
    ("fars", "فارس", "Fars", "0917"),
    ("east-azerbaijan", "آذربایجان شرقی", "East Azerbaijan", "0914"),
    ("west-azerbaijan", "آذربایجان غربی", "West Azerbaijan", "0914"),
    ("ardabil", "اردبیل", "Ardabil", "0914"),
    ("alborz", "البرز", "Alborz", "0912"),
    ("ilam", "ایلام", "Ilam", "0918"),
    ("bushehr", "بوشهر", "Bushehr", "0917"),
    ("chaharmahal-bakhtiari", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "0913"),
    ("south-khorasan", "خراسان جنوبی", "South Khorasan", "0915"),
    ("north-khorasan", "خراسان شمالی", "North Khorasan", "0915"),
    ("khuzestan", "خوزستان", "Khuzestan", "0916"),
    ("zanjan", "زنجان", "Zanjan", "0912"),
    ("semnan", "سمنان", "Semnan", "0912"),
    ("sistan-baluchestan", "سیستان و بلوچستان", "Sistan and Baluchestan", "0915"),
    ("qazvin", "قزوین", "Qazvin", "0912"),
    ("qom", "قم", "Qom", "0912"),
    ("kurdistan", "کردستان", "Kurdistan", "0918"),
    ("kerman", "کرمان", "Kerman", "0913"),
    ("kermanshah", "کرمانشاه", "Kermanshah", "0918"),
    ("kohgiluyeh-boyerahmad", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "0917"),
    ("golestan", "گلستان", "Golestan", "0911"),
    ("gilan", "گیلان", "Gilan", "0911"),
    ("lorestan", "لرستان", "Lorestan", "0916"),
    ("mazandaran", "مازندران", "Mazandaran", "0911"),
    ("markazi", "مرکزی", "Markazi", "0918"),
    ("hormozgan", "هرمزگان", "Hormozgan", "0917"),
    ("hamadan", "همدان", "Hamadan", "0918"),
    ("yazd", "یزد", "Yazd", "0913"),
]

COUNTIES = {
    "tehran": [
        ("shemiranat", "شمیرانات", "Shemiranat"),
        ("rey", "ری", "Rey"),
        ("eslamshahr", "اسلامشهر", "Eslamshahr"),
        ("shahriar", "شهریار", "Shahriar"),
        ("varamin", "ورامین", "Varamin"),
        ("damavand", "دماوند", "Damavand"),
    ],
    "isfahan": [
        ("kashan", "کاشان", "Kashan"),
        ("najafabad", "نجف‌آباد", "Najafabad"),
        ("khomeinishahr", "خمینی‌شهر", "Khomeinishahr"),
        ("shahinshahr", "شاهین‌شهر", "Shahinshahr"),
        ("natanz", "نطنز", "Natanz"),
    ],
    "khorasan-razavi": [
        ("mashhad", "مشهد", "Mashhad"),
        ("neyshabur", "نیشابور", "Neyshabur"),
        ("sabzevar", "سبزوار", "Sabzevar"),
        ("torbat-heydarieh", "تربت حیدریه", "Torbat-e Heydarieh"),
        ("quchan", "قوچان", "Quchan"),
    ],
}

CENTERS = [
    UnitSpec(
        "mashhad-rehab",
        "مرکز توانبخشی و حرفه‌آموزی معلولان مشهد",
        "Mashhad Rehabilitation and Vocational Training Center",
        K.CENTER,
        "mashhad",
    ),
    UnitSpec(
        "rey-social-emergency",
        "مرکز اورژانس اجتماعی ری",
        "Rey Social Emergency Center",
        K.CENTER,
        "rey",
    ),
    UnitSpec(
        "kashan-daycare",
        "مرکز روزانه توانبخشی کودکان کاشان",
        "Kashan Children's Day Rehabilitation Center",
        K.CENTER,
        "kashan",
    ),
]


def demo_units() -> list[UnitSpec]:
    """Every demo unit, parents before children."""
    units = [HQ]
    units += [UnitSpec(s, n, e, K.HQ_OFFICE, "hq") for s, n, e in HQ_OFFICES]
    units += [
        UnitSpec(
            s, f"اداره کل بهزیستی استان {n}", f"{e} Province Welfare Directorate", K.PROVINCE, "hq"
        )
        for s, n, e, _prefix in PROVINCES
    ]
    for province, counties in COUNTIES.items():
        units += [
            UnitSpec(
                s, f"اداره بهزیستی شهرستان {n}", f"{e} County Welfare Office", K.COUNTY, province
            )
            for s, n, e in counties
        ]
    return units + CENTERS


# --- People ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    title: str
    roles: tuple[tuple[str, str], ...]  # (unit slug, role); the first is shown in listings
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("fa",)
    bio: str = ""
    active: bool = True
    superuser: bool = False


R = Role
PR_EXPERT = "کارشناس روابط عمومی"

# fmt: off
PEOPLE = [
    # HQ and its offices
    PersonSpec("admin", "مهدی", "کاظمی", "مدیر سامانه هم‌افزا", (("hq", R.ADMIN),), ("web",),
               ("fa", "en"), "پشتیبانی فنی سامانه و حساب‌های کاربری شبکه.", superuser=True),
    PersonSpec("hq.head", "سید محمد", "حسینی", "مدیرکل روابط عمومی و امور بین‌الملل",
               (("hq-pr", R.HEAD),), ("media_relations", "interview"), ("fa", "en"),
               "راهبری شبکه روابط عمومی‌های سازمان و سند راهبردی رسانه‌ای."),
    PersonSpec("hq.editor", "فاطمه", "رضایی", "سردبیر پایگاه خبری ستاد",
               (("hq-pr", R.HQ_EDITOR),), ("writing", "editing", "web"),
               bio="دبیری صفحه نخست ملی و هماهنگی پوشش خبری کارزارها."),
    PersonSpec("intl.editor", "نرگس", "موسوی", "کارشناس ارشد امور بین‌الملل",
               (("hq-pr", R.HQ_EDITOR),), ("translation", "writing", "media_relations"),
               ("fa", "en", "ar"), "دیپلماسی علمی و عمومی، خبر انگلیسی و عربی پایگاه."),
    PersonSpec("hq.photo", "علی", "نوروزی", "عکاس و فیلم‌بردار ستاد", (("hq-pr", R.REPORTER),),
               ("photo", "video"), bio="پوشش تصویری رویدادهای ملی سازمان."),
    PersonSpec("hq.design", "امیرحسین", "جعفری", "طراح گرافیک و اینفوگرافیک",
               (("hq-pr", R.REPORTER),), ("design", "infographic")),
    PersonSpec("hq.social", "زهرا", "کریمی", "کارشناس شبکه‌های اجتماعی",
               (("hq-pr", R.REPORTER),), ("social", "podcast", "writing"), ("fa", "en")),
    PersonSpec("prevention.reporter", "پریسا", "نجفی", PR_EXPERT + " معاونت پیشگیری",
               (("hq-prevention", R.REPORTER),), ("writing", "event")),
    PersonSpec("rehab.viewer", "حمید", "صادقی", "کارشناس معاونت امور توانبخشی",
               (("hq-rehabilitation", R.VIEWER),)),
    PersonSpec("social.viewer", "مریم", "احمدی", "کارشناس معاونت امور اجتماعی",
               (("hq-social", R.VIEWER),)),
    # Tehran
    PersonSpec("tehran.head", "محمدرضا", "طاهری", "مدیر روابط عمومی بهزیستی استان تهران",
               (("tehran", R.HEAD),), ("media_relations", "interview")),
    PersonSpec("tehran.editor", "سمیه", "اکبری", "دبیر خبر روابط عمومی",
               (("tehran", R.EDITOR),), ("editing", "writing")),
    PersonSpec("tehran.reporter", "سارا", "محمدی", PR_EXPERT, (("tehran", R.REPORTER),),
               ("writing", "photo", "interview"), bio="گزارش‌های میدانی از مراکز استان."),
    PersonSpec("tehran.photo", "بهزاد", "قاسمی", "عکاس روابط عمومی", (("tehran", R.REPORTER),),
               ("photo", "video")),
    PersonSpec("shemiranat.reporter", "نیلوفر", "عباسی", PR_EXPERT,
               (("shemiranat", R.REPORTER),), ("photo", "writing")),
    PersonSpec("rey.reporter", "مجید", "رحیمی", PR_EXPERT, (("rey", R.REPORTER),),
               ("photo", "social")),
    PersonSpec("varamin.reporter", "حسن", "مرادی", PR_EXPERT, (("varamin", R.REPORTER),),
               ("writing",)),
    PersonSpec("shahriar.head", "لیلا", "سلطانی", "مسئول روابط عمومی بهزیستی شهریار",
               (("shahriar", R.HEAD),), ("event",)),
    PersonSpec("rey.center", "الهام", "شریفی", "مددکار اجتماعی",
               (("rey-social-emergency", R.VIEWER),)),
    # Isfahan
    PersonSpec("isfahan.head", "علیرضا", "شفیعی", "مدیر روابط عمومی بهزیستی استان اصفهان",
               (("isfahan", R.HEAD),), ("media_relations",)),
    PersonSpec("isfahan.editor", "مهسا", "یزدانی", "دبیر خبر روابط عمومی",
               (("isfahan", R.EDITOR),), ("editing", "web")),
    PersonSpec("isfahan.reporter", "محسن", "کیانی", PR_EXPERT, (("isfahan", R.REPORTER),),
               ("photo", "writing")),
    PersonSpec("kashan.reporter", "عاطفه", "طباطبایی", PR_EXPERT, (("kashan", R.REPORTER),),
               ("writing", "photo")),
    PersonSpec("najafabad.reporter", "جواد", "حیدری", PR_EXPERT, (("najafabad", R.REPORTER),),
               ("video", "photo")),
    PersonSpec("shahinshahr.reporter", "سعید", "ملکی", PR_EXPERT,
               (("shahinshahr", R.REPORTER),), ("social",)),
    # Khorasan Razavi
    PersonSpec("khorasan.head", "حسین", "رضوی", "مدیر روابط عمومی بهزیستی خراسان رضوی",
               (("khorasan-razavi", R.HEAD),), ("media_relations", "interview")),
    PersonSpec("khorasan.editor", "معصومه", "فرهادی", "دبیر خبر؛ سرپرست روابط عمومی مشهد",
               (("khorasan-razavi", R.EDITOR), ("mashhad", R.EDITOR)), ("editing", "writing"),
               bio="تا انتخاب مسئول تازه، دبیری خبر شهرستان مشهد را هم بر عهده دارد."),
    PersonSpec("khorasan.reporter", "امید", "جلالی", PR_EXPERT,
               (("khorasan-razavi", R.REPORTER),), ("writing", "interview")),
    PersonSpec("mashhad.reporter", "مهدی", "یوسفی", "خبرنگار و فیلم‌بردار",
               (("mashhad", R.REPORTER),), ("video", "podcast")),
    PersonSpec("neyshabur.reporter", "ابوالفضل", "نیک‌نام", PR_EXPERT,
               (("neyshabur", R.REPORTER),), ("video", "photo")),
    PersonSpec("sabzevar.former", "رضا", "امینی", "کارشناس پیشین روابط عمومی",
               (("sabzevar", R.REPORTER),), ("video",), bio="بازنشسته شده است.",
               active=False),
    PersonSpec("mashhad.center", "طاهره", "قربانی", "مربی زبان اشاره",
               (("mashhad-rehab", R.VIEWER),), ("sign_language",)),
    # Other provinces
    PersonSpec("fars.head", "کامران", "بهرامی", "مدیر روابط عمومی بهزیستی استان فارس",
               (("fars", R.HEAD),), ("media_relations",)),
    PersonSpec("fars.editor", "شیرین", "نادری", "دبیر خبر روابط عمومی", (("fars", R.EDITOR),),
               ("editing", "infographic")),
    PersonSpec("east-azerbaijan.editor", "یوسف", "پورمحمدی", "دبیر خبر روابط عمومی",
               (("east-azerbaijan", R.EDITOR),), ("editing", "translation"), ("fa", "tr")),
    PersonSpec("kurdistan.reporter", "هیوا", "رستمی", PR_EXPERT, (("kurdistan", R.REPORTER),),
               ("photo", "writing"), ("fa", "ku")),
    PersonSpec("khuzestan.head", "عبدالله", "کعبی", "مدیر روابط عمومی بهزیستی استان خوزستان",
               (("khuzestan", R.HEAD),), ("media_relations",), ("fa", "ar")),
    PersonSpec("gilan.editor", "فرزانه", "رحمانی", "دبیر خبر روابط عمومی",
               (("gilan", R.EDITOR),), ("editing", "social")),
    PersonSpec("yazd.head", "محمدعلی", "دهقان", "مدیر روابط عمومی بهزیستی استان یزد",
               (("yazd", R.HEAD),)),
    PersonSpec("kermanshah.reporter", "پیمان", "زنگنه", PR_EXPERT,
               (("kermanshah", R.REPORTER),), ("photo",), ("fa", "ku")),
    PersonSpec("sistan.reporter", "عبدالرحمن", "شه‌بخش", PR_EXPERT,
               (("sistan-baluchestan", R.REPORTER),), ("photo", "video")),
    PersonSpec("mazandaran.reporter", "آرش", "نیکپور", PR_EXPERT,
               (("mazandaran", R.REPORTER),), ("podcast", "social")),
    PersonSpec("alborz.head", "نسرین", "فتحی", "مدیر روابط عمومی بهزیستی استان البرز",
               (("alborz", R.HEAD),), ("event",)),
    PersonSpec("qom.viewer", "سید احمد", "میرزایی", "کارشناس برنامه‌ریزی", (("qom", R.VIEWER),)),
]
# fmt: on


_PREFIX = {slug: prefix for slug, _n, _e, prefix in PROVINCES}


def _province_of(slug: str, parents: dict[str, str | None]) -> str | None:
    current: str | None = slug
    while current is not None and current not in _PREFIX:
        current = parents.get(current)
    return current


def demo_phone(index: int, unit_slug: str, parents: dict[str, str | None]) -> str:
    """An invented mobile number in the Iranian format, stored in ASCII digits (shown in
    Persian digits at render time): the province's usual prefix, a ``000`` block, the index."""
    province = _province_of(unit_slug, parents)
    prefix = _PREFIX.get(province or "", "0912")
    return f"{prefix}000{index:04d}"


# --- Partners -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactSpec:
    name: str
    position: str
    phone: str = ""


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    name_en: str
    kind: str
    domains: tuple[str, ...]
    owner: str
    description: str
    contacts: tuple[ContactSpec, ...]
    country: str = "ایران"
    website: str = ""


# fmt: off
PARTNERS = [
    PartnerSpec("کمیته امداد امام خمینی (ره)", "Imam Khomeini Relief Foundation", P.AGENCY,
                (D.INTER_AGENCY,), "hq-pr",
                "خانواده‌های تحت پوشش مشترک و اطلاع‌رسانی هماهنگ طرح‌های توانمندسازی.",
                (ContactSpec("مرتضی بابایی", "معاون روابط عمومی", "021-88000101"),),
                website="https://www.emdad.ir"),
    PartnerSpec("وزارت آموزش و پرورش", "Ministry of Education", P.AGENCY, (D.INTER_AGENCY,),
                "hq-pr", "طرح ملی پیشگیری از تنبلی چشم و آموزش فراگیر کودکان دارای معلولیت.",
                (ContactSpec("زینب کاظمی", "کارشناس روابط عمومی", "021-88000102"),
                 ContactSpec("رسول فلاحی", "کارشناس آموزش استثنایی")),
                website="https://www.medu.ir"),
    PartnerSpec("خبرگزاری جمهوری اسلامی (ایرنا)", "Islamic Republic News Agency (IRNA)",
                P.MEDIA, (D.EXTRA_AGENCY, D.PR_NETWORK), "hq-pr",
                "بازنشر خبرهای سازمان و گزارش‌های ویژه درباره توانمندی‌های جامعه هدف.",
                (ContactSpec("بهاره صفری", "دبیر سرویس اجتماعی", "021-88000103"),),
                website="https://www.irna.ir"),
    PartnerSpec("صدا و سیمای مرکز اصفهان", "IRIB Isfahan Center", P.MEDIA, (D.EXTRA_AGENCY,),
                "isfahan", "برنامه‌های گفت‌وگومحور و پوشش رویدادهای استان.",
                (ContactSpec("کوروش امیری", "تهیه‌کننده برنامه اجتماعی", "031-32000104"),)),
    PartnerSpec("دانشگاه علوم توانبخشی و سلامت اجتماعی",
                "University of Social Welfare and Rehabilitation Sciences", P.UNIVERSITY,
                (D.INTER_AGENCY, D.EXTRA_AGENCY), "hq-pr",
                "نام پیشین: دانشگاه علوم بهزیستی و توانبخشی. پژوهش مشترک و دیپلماسی علمی.",
                (ContactSpec("دکتر سیمین رفیعی", "مدیر همکاری‌های بین‌المللی"),),
                website="https://uswr.ac.ir"),
    PartnerSpec("انجمن خیریه حمایت از کودکان کار", "Charity for Working Children", P.NGO,
                (D.INTRA_AGENCY, D.EXTRA_AGENCY), "tehran",
                "سازمان مردم‌نهاد دارای مجوز بهزیستی؛ پویش‌های آگاه‌سازی و جذب داوطلب.",
                (ContactSpec("نازنین فروتن", "مسئول ارتباطات", "021-55000106"),)),
    PartnerSpec("یونیسف، دفتر تهران", "UNICEF Iran Country Office", P.FOREIGN,
                (D.INTER_AGENCY,), "hq-pr",
                "برنامه‌های حمایت از کودکان و توانبخشی؛ انتشار مشترک دستاوردها.",
                (ContactSpec("آزاده ملکی", "Communication Officer"),
                 ContactSpec("Daniel Moreau", "Child Protection Specialist")),
                country="سازمان ملل متحد", website="https://www.unicef.org/iran"),
    PartnerSpec("سازمان جهانی بهداشت", "World Health Organization (WHO)", P.FOREIGN,
                (D.INTER_AGENCY,), "hq-pr",
                "توانبخشی مبتنی بر جامعه (CBR) و تبادل دانش فنی.",
                (ContactSpec("Dr. Amina Haddad", "Technical Officer, Rehabilitation"),),
                country="سوئیس", website="https://www.who.int"),
    PartnerSpec("روزنامه خراسان", "Khorasan Daily", P.MEDIA, (D.EXTRA_AGENCY, D.PR_NETWORK),
                "khorasan-razavi", "روزنامه مشهد؛ گزارش‌های میدانی از مراکز استان.",
                (ContactSpec("وحید شاکری", "خبرنگار حوزه اجتماعی", "051-38000109"),)),
    PartnerSpec("کانون ناشنوایان ایران", "Iranian Deaf Association", P.NGO,
                (D.INTRA_AGENCY, D.EXTRA_AGENCY), "hq-pr",
                "مترجمی زبان اشاره برای رویدادها و ویدئوهای اطلاع‌رسانی.",
                (ContactSpec("مینا سلیمانی", "مترجم زبان اشاره", "021-66000110"),
                 ContactSpec("فرهاد توکلی", "دبیر کانون"))),
    PartnerSpec("انجمن روابط عمومی ایران", "Iranian Public Relations Association", P.NGO,
                (D.PR_NETWORK,), "hq-pr", "آموزش و هم‌اندیشی کارگزاران روابط عمومی.",
                (ContactSpec("کیوان صدری", "دبیر کمیته آموزش"),)),
    PartnerSpec("مرکز آموزش علمی-کاربردی بهزیستی", "Behzisti Applied Science Training Center",
                P.UNIVERSITY, (D.INTRA_AGENCY,), "hq-pr",
                "دوره‌های آموزش خبرنویسی و عکاسی برای کارشناسان شبکه.",
                (ContactSpec("شهرام اسدی", "مدیر آموزش", "021-88000112"),)),
]
# fmt: on

"""Reference data every installation has: the four domains, skills and languages.

Created by a data migration and re-creatable with ``reference_data_ensure`` (tests that
flush the database and the demo call it); it never removes or renames what an admin added.
"""

from hamafza.org.models import Domain, Language, Skill

SKILLS: list[tuple[str, str, str]] = [
    ("writing", "نویسندگی خبر", "News writing"),
    ("editing", "ویراستاری", "Editing"),
    ("photo", "عکاسی", "Photography"),
    ("video", "فیلم‌برداری و تدوین", "Video"),
    ("design", "طراحی گرافیک", "Graphic design"),
    ("infographic", "اینفوگرافیک", "Infographics"),
    ("social", "شبکه‌های اجتماعی", "Social media"),
    ("translation", "ترجمه", "Translation"),
    ("interview", "مصاحبه", "Interviewing"),
    ("podcast", "پادکست و صدا", "Podcast and audio"),
    ("event", "برگزاری رویداد", "Events"),
    ("media_relations", "ارتباط با رسانه‌ها", "Media relations"),
    ("sign_language", "زبان اشاره", "Sign language"),
    ("web", "مدیریت وب‌سایت", "Web publishing"),
]

LANGUAGES: list[tuple[str, str]] = [
    ("fa", "فارسی"),
    ("en", "انگلیسی"),
    ("ar", "عربی"),
    ("tr", "ترکی"),
    ("ku", "کردی"),
    ("fr", "فرانسوی"),
    ("de", "آلمانی"),
    ("ru", "روسی"),
    ("ur", "اردو"),
]


def reference_data_ensure() -> None:
    for code in Domain.Code.values:
        Domain.objects.get_or_create(code=code)
    for code, name, name_en in SKILLS:
        Skill.objects.get_or_create(code=code, defaults={"name": name, "name_en": name_en})
    for code, name in LANGUAGES:
        Language.objects.get_or_create(code=code, defaults={"name": name})

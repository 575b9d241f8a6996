"""Reference rows the newsroom needs: the seven subjects (also made by a migration; tests that
flush the database call this again)."""

from hamafza.newsroom.models import Subject


def reference_data_ensure() -> None:
    for code in Subject.Code.values:
        Subject.objects.get_or_create(code=code)

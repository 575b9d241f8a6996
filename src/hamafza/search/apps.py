from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "hamafza.search"
    label = "search"
    verbose_name = "Search"

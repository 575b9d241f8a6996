from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "hamafza.network"
    label = "network"
    verbose_name = "Network"
    # `hamafza demo` adds campaigns, directives, support requests, media contacts and partner
    # work after the stories and plans (the apps below it).
    demo_loader = "hamafza.network.demo.demo_load"

    desk_nav: list[tuple[int, str, object, str]] = []

    def ready(self) -> None:
        from hamafza.network import receivers  # noqa: F401

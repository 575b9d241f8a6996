"""The ``hamafza`` console script: Django's management commands under the project's name.

``hamafza demo``, ``hamafza serve`` (web server and background worker), ``hamafza worker``,
``hamafza createunit``, ``hamafza createuser``, ``hamafza token``, ``hamafza reindex`` (the
search index), ``hamafza generate`` (benchmark stories) and ``hamafza check --deploy`` are
management commands of the project's apps; everything else Django offers (migrate, shell, …)
works too.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hamafza.config.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except ImproperlyConfigured as exc:
        print(f"hamafza: configuration error: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()

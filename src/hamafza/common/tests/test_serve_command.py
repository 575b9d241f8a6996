"""``hamafza serve``: options become one gunicorn application; the server itself is not started."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from hamafza.common.management.commands.serve import (
    BackgroundWorker,
    HamafzaApplication,
    bind_address,
    public_url,
)


def serve(*args: str) -> tuple[HamafzaApplication, str, str]:
    """Run the command with gunicorn's final ``run`` replaced; return the app and output."""
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.object(HamafzaApplication, "run", autospec=True) as run:
        call_command("serve", *args, stdout=out, stderr=err)
    run.assert_called_once()
    return run.call_args.args[0], out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def no_port_variable(monkeypatch):
    monkeypatch.delenv("PORT", raising=False)


@pytest.fixture(autouse=True)
def no_background_worker(monkeypatch):
    """The worker child process is tested in newsroom/tests/test_worker_command.py."""
    monkeypatch.setattr(BackgroundWorker, "start", lambda self, **kwargs: None)
    monkeypatch.setattr(BackgroundWorker, "stop", lambda self: None)


def test_defaults(settings):
    settings.SECURE_SSL_REDIRECT = False
    app, out, err = serve()
    assert app.cfg.bind == ["127.0.0.1:8000"]
    assert app.cfg.workers == 2
    assert app.cfg.threads == 4
    assert app.cfg.worker_class_str == "gthread"
    assert app.cfg.control_socket_disable is True
    assert "http://127.0.0.1:8000/" in out
    assert err == ""


def test_options_become_the_gunicorn_configuration():
    all_interfaces = "0.0.0.0"  # noqa: S104
    app, out, _err = serve("--host", all_interfaces, "--port", "8123", "--workers=3", "--threads=1")
    assert app.cfg.bind == ["0.0.0.0:8123"]
    assert app.cfg.workers == 3
    assert app.cfg.threads == 1
    assert app.cfg.worker_class_str == "sync"
    assert "http://127.0.0.1:8123/" in out


def test_the_access_log_is_on_unless_nginx_logs_instead():
    app, _out, _err = serve()
    assert app.cfg.accesslog == "-"
    app, _out, _err = serve("--no-access-log")
    assert app.cfg.accesslog is None


def test_the_port_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PORT", "9001")
    app, _out, _err = serve()
    assert app.cfg.bind == ["127.0.0.1:9001"]
    app, _out, _err = serve("--port", "9002")  # the option wins
    assert app.cfg.bind == ["127.0.0.1:9002"]


def test_the_app_serves_hamafzas_wsgi_application():
    from hamafza.config.wsgi import application

    app, _out, _err = serve()
    assert app.load() is application


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http", "80a", ""])
def test_a_bad_port_is_refused(port):
    with (
        mock.patch.object(HamafzaApplication, "run") as run,
        pytest.raises(CommandError, match="Invalid port"),
    ):
        call_command("serve", "--port", port, stdout=io.StringIO())
    run.assert_not_called()


def test_a_bad_port_variable_is_refused(monkeypatch):
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(CommandError, match=r"Invalid port \(PORT='eighty'\)"):
        serve()


@pytest.mark.parametrize(("option", "value"), [("--workers", "0"), ("--threads", "1000")])
def test_bad_worker_and_thread_counts_are_refused(option, value):
    with pytest.raises(CommandError, match="must be between 1 and"):
        serve(option, value)


def test_ipv6_hosts_are_bracketed():
    assert bind_address("::1", 8000) == "[::1]:8000"
    assert public_url("::", 8000) == "http://127.0.0.1:8000/"
    app, out, _err = serve("--host", "[::1]", "--port", "8001")
    assert app.cfg.bind == ["[::1]:8001"]
    assert "http://[::1]:8001/" in out


@override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["localhost"])
def test_warns_about_https_redirects_and_hosts_django_will_refuse():
    _app, _out, err = serve("--host", "10.0.0.5")
    assert "SECURE_SSL=0" in err
    assert "10.0.0.5 is not in ALLOWED_HOSTS" in err

"""The nginx configuration the project ships (deploy/nginx/hamafza.conf): with its ``@@…@@``
names replaced as deploy/README.md says, ``nginx -t`` accepts it inside a minimal main
configuration; and it keeps the rules the page cache relies on."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
CONF = ROOT / "deploy" / "nginx" / "hamafza.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)


def substituted(tmp_path: Path) -> str:
    values = {
        "APP": "127.0.0.1:8000",
        "LISTEN": "127.0.0.1:18080",
        "SERVER_NAME": "news.example.org",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CACHE_DIR": str(tmp_path / "cache"),
    }
    text = CONF.read_text(encoding="utf-8")
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def test_every_placeholder_is_documented_and_replaced(tmp_path):
    names = set(re.findall(r"@@([A-Z_]+)@@", CONF.read_text(encoding="utf-8")))
    assert names == {"APP", "LISTEN", "SERVER_NAME", "STATIC_ROOT", "MEDIA_ROOT", "CACHE_DIR"}
    readme = (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
    assert all(f"@@{name}@@" in readme for name in names)
    assert "@@" not in substituted(tmp_path)


def test_the_rules_the_page_cache_relies_on():
    text = CONF.read_text(encoding="utf-8")
    for directive in (
        "proxy_cache_lock on;",
        "proxy_cache_use_stale updating",
        "proxy_cache_revalidate on;",
        "proxy_cache_bypass $hamafza_private;",
        "proxy_no_cache $hamafza_private;",
        "$cookie_sessionid$http_hx_request$http_authorization",
        "$cookie_hamafza_language",
    ):
        assert directive in text, directive
    # Nothing is cached that the app did not mark public: no blanket validity.
    assert not re.search(r"^\s*proxy_cache_valid", text, re.MULTILINE)
    assert re.search(r"location ~ \^/\(desk\|api\|admin\|accounts\|i18n\)/ \{\s+proxy_pass", text)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian package nginx)")
def test_nginx_accepts_it(tmp_path):
    for name in ("static", "media", "cache", "temp"):
        (tmp_path / name).mkdir()
    (tmp_path / "hamafza.conf").write_text(substituted(tmp_path), encoding="utf-8")
    temp = tmp_path / "temp"
    main = f"""
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {tmp_path}/hamafza.conf;
}}
"""
    (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
    result = subprocess.run(
        [str(NGINX), "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr

"""Server settings: defaults, then the config file, then AISTD_KG_* variables, then flags."""

from pathlib import Path

import pytest
from flask import Flask, url_for

from aistd_kg.web.host import PublicHost
from aistd_kg.web.settings import Settings


def test_defaults():
    settings = Settings.load(environ={})
    assert (settings.host, settings.port, settings.workers, settings.threads) == ("127.0.0.1", 8000, 2, 64)
    assert (settings.query_workers, settings.queue, settings.read_timeout) == (4, 16, 5.0)
    assert (settings.timeout, settings.max_result_bytes, settings.cors_origins) == (10.0, 256 * 1024 * 1024, ("*",))
    assert (settings.public_base_url, settings.allowed_hosts) == ("http://127.0.0.1:8000", ())


def test_each_source_overrides_the_one_before(tmp_path):
    config = tmp_path / "server.toml"
    config.write_text('[server]\nport = 9000\nthreads = 8\ntimeout = 3.5\ncors_origins = ["https://a.example"]\n')
    environ = {"AISTD_KG_CONFIG": str(config), "AISTD_KG_THREADS": "6", "AISTD_KG_CORS_ORIGINS": "https://b.example, https://c.example"}
    settings = Settings.load(environ=environ, threads=None, workers=3)
    assert settings.port == 9000
    assert settings.timeout == 3.5
    assert settings.threads == 6
    assert settings.workers == 3
    assert settings.cors_origins == ("https://b.example", "https://c.example")
    assert Settings.load(config, environ={}, build_dir="out").build_dir == Path("out")


@pytest.mark.parametrize("environ,message", [
    ({"AISTD_KG_PORT": "eighty"}, "setting 'port'"),
    ({"AISTD_KG_WORKERS": "1.5"}, "setting 'workers'"),
    ({"AISTD_KG_BASE_URL": "https://kg.example.org/aistd"}, "must be http\\(s\\)://host\\[:port\\] with no path"),
    ({"AISTD_KG_BASE_URL": "ftp://kg.example.org"}, "base_url 'ftp://kg.example.org'"),
])
def test_bad_values_are_named(environ, message):
    with pytest.raises(ValueError, match=message):
        Settings.load(environ=environ)


def test_unknown_keys_in_the_file_are_refused(tmp_path):
    config = tmp_path / "server.toml"
    config.write_text("[server]\nprot = 1\n")
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.load(config, environ={})


def test_absolute_links_use_the_public_base_unless_the_host_is_allowed():
    app = Flask(__name__)
    app.add_url_rule("/here", "here", lambda: url_for("here", _external=True))
    app.wsgi_app = PublicHost(app.wsgi_app, "https://kg.example.org", ("mirror.example.net",))
    client = app.test_client()
    assert client.get("/here", headers={"Host": "evil.example"}).text == "https://kg.example.org/here"
    assert client.get("/here", headers={"Host": "MIRROR.example.net"}).text == "http://mirror.example.net/here"
    assert client.get("/here", headers={"Host": "evil.example", "X-Forwarded-Host": "evil.example"}).text == (
        "https://kg.example.org/here")


def test_a_yes_or_no_setting_reads_its_words():
    assert Settings.load(environ={"AISTD_KG_PIN_CPUS": "false"}).pin_cpus is False
    assert Settings.load(environ={"AISTD_KG_PIN_CPUS": "On"}).pin_cpus is True
    assert Settings.load(environ={}).pin_cpus is True
    with pytest.raises(ValueError, match="setting 'pin_cpus': cannot use 'maybe'"):
        Settings.load(environ={"AISTD_KG_PIN_CPUS": "maybe"})


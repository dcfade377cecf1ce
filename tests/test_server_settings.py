"""Server settings: defaults, then the config file, then AISTD_KG_* variables, then flags."""

from pathlib import Path

import pytest

from aistd_kg.web.settings import Settings


def test_defaults():
    settings = Settings.load(environ={})
    assert (settings.host, settings.port, settings.workers, settings.threads) == ("127.0.0.1", 8000, 2, 4)
    assert (settings.timeout, settings.max_result_bytes, settings.cors_origins) == (10.0, 256 * 1024 * 1024, ("*",))


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
])
def test_bad_values_are_named(environ, message):
    with pytest.raises(ValueError, match=message):
        Settings.load(environ=environ)


def test_unknown_keys_in_the_file_are_refused(tmp_path):
    config = tmp_path / "server.toml"
    config.write_text("[server]\nprot = 1\n")
    with pytest.raises(ValueError, match="unknown setting"):
        Settings.load(config, environ={})

from pathlib import Path

import pytest

from awards.config import ConfigError, load_config


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        load_config({"AWARDS_ENV": "production"}, tmp_path)


def test_development_reads_the_generated_key_file(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("generated-key\n")
    config = load_config({"AWARDS_ENV": "development"}, tmp_path)
    assert config["SECRET_KEY"] == "generated-key"


def test_development_without_key_file_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="make run"):
        load_config({"AWARDS_ENV": "development"}, tmp_path)


def test_defaults_are_sqlite_in_instance_and_geneva_time(tmp_path: Path) -> None:
    config = load_config(
        {"SECRET_KEY": "k", "AWARDS_BASE_URL": "https://prizes.example.org"}, tmp_path
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'awards.sqlite'}"
    assert config["AWARDS_TIMEZONE"] == "Europe/Zurich"
    assert config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert config["MAIL_CONSOLE"] is True


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_url_uses_psycopg_3(tmp_path: Path, url: str, expected: str) -> None:
    config = load_config(
        {"SECRET_KEY": "k", "AWARDS_BASE_URL": "https://prizes.example.org", "DATABASE_URL": url},
        tmp_path,
    )
    assert config["SQLALCHEMY_DATABASE_URI"] == expected


def test_redis_url_backs_the_rate_limiter(tmp_path: Path) -> None:
    config = load_config(
        {
            "SECRET_KEY": "k",
            "AWARDS_BASE_URL": "https://prizes.example.org",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        tmp_path,
    )
    assert config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/0"


def test_production_cookies_are_secure_httponly_lax(tmp_path: Path) -> None:
    config = load_config(
        {"SECRET_KEY": "k", "AWARDS_BASE_URL": "https://prizes.example.org"}, tmp_path
    )
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    dev = load_config(
        {
            "SECRET_KEY": "k",
            "AWARDS_BASE_URL": "https://prizes.example.org",
            "AWARDS_ENV": "development",
        },
        tmp_path,
    )
    assert dev["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"AWARDS_TIMEZONE": "Mars/Olympus"}, "not a known time zone"),
        ({"MAIL_PORT": "twenty-five"}, "not an integer"),
        ({"MAIL_USE_TLS": "perhaps"}, "not a boolean"),
        ({"AWARDS_ENV": "staging"}, "AWARDS_ENV must be"),
    ],
)
def test_bad_values_are_named(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(
            {"SECRET_KEY": "k", "AWARDS_BASE_URL": "https://prizes.example.org", **env}, tmp_path
        )

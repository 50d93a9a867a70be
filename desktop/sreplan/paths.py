"""The one module that knows where SRE Plan keeps its files.

``SREPLAN_HOME`` overrides everything (tests and portable installs use it);
otherwise platformdirs gives the platform's user data, config and log folders.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "sreplan"
APP_AUTHOR = "SRE Plan"


def data_dir() -> Path:
    home = os.environ.get("SREPLAN_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    home = os.environ.get("SREPLAN_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    home = os.environ.get("SREPLAN_HOME")
    if home:
        return Path(home).expanduser() / "logs"
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def default_workspace() -> Path:
    return data_dir() / "workspace.sreplan"


def settings_file() -> Path:
    return config_dir() / "settings.ini"

"""The command that starts the app: Streamlit on 127.0.0.1, no usage statistics, no file
watcher, no error details (the page shows ccdkit's own messages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

__all__ = ["APP_SCRIPT", "app_command", "APP_ENV"]

#: The Streamlit script of the app.
APP_SCRIPT = Path(__file__).with_name("_page.py")
#: Environment variable carrying the app's own options to the script (JSON).
APP_ENV = "CCDKIT_APP_OPTIONS"


def app_command(*, host: str = "127.0.0.1", port: int = 8501, max_upload_mb: int = 50,
                browser: bool = True) -> list[str]:
    """The ``streamlit run`` command line of the app.

    >>> cmd = app_command(port=8600)
    >>> cmd[cmd.index("--server.address") + 1], cmd[cmd.index("--browser.gatherUsageStats") + 1]
    ('127.0.0.1', 'false')
    """
    return [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
            "--server.address", host, "--server.port", str(port),
            "--server.headless", "false" if browser else "true",
            "--server.maxUploadSize", str(max_upload_mb),
            "--server.fileWatcherType", "none", "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false",
            "--browser.serverAddress", "localhost" if host == "127.0.0.1" else host,
            "--client.showErrorDetails", "none", "--client.toolbarMode", "minimal",
            "--global.developmentMode", "false", "--theme.base", "light"]


def app_options(*, demo: bool = False, study: str | None = None, max_upload_mb: int = 50,
                lang: str | None = None) -> str:
    """The app's own options as the JSON of :data:`APP_ENV`."""
    return json.dumps({"demo": demo, "study": str(Path(study).resolve()) if study else None,
                       "max_upload_mb": max_upload_mb, "lang": lang})

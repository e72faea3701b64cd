"""Start the web UI: `python app.py` serves it at ASSISTANT_HOST:ASSISTANT_PORT."""

from __future__ import annotations

import os
import sys

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.config import Settings
from assistant.core import Assistant
from assistant.errors import AssistantError


def main() -> None:
    try:
        assistant = Assistant(Settings.from_env())
        assistant.retriever()  # open the index now: a missing one is reported before serving
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    from assistant.ui import temp as ui_temp

    ui_temp.server_folder()  # before gradio is imported: its temp files go to this server's folder
    from assistant.ui.app import launch

    host, port = assistant.settings.host, assistant.settings.port
    print(f"Serving the assistant at http://{host}:{port}")
    try:
        launch(assistant)
    except OSError as exc:  # the port is taken, or the host is not this machine's
        print(f"Error: cannot serve at {host}:{port} ({exc.strerror or 'address in use'}); "
              "set ASSISTANT_PORT (or ASSISTANT_HOST) to a free one.", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

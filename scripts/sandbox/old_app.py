"""The old scheduler, as the sandbox target runs it: a small web app on the port from its
environment or its .env (the code defaults to 5005).

Started the way the runbook found it: `python3 app.py` in its folder, no unit. With
IGNORE_SIGTERM=1 in .env it ignores SIGTERM, like a stuck worker, so only SIGKILL stops it.
Or served by gunicorn (`gunicorn app:application`), a master with its workers.
"""
import http.server
import os
import signal


def read_env(path=".env"):
    values = {}
    if os.path.exists(path):
        with open(path) as env:
            for line in env:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    key, value = line.split("=", 1)
                    values[key.strip()] = value.strip()
    return values


BODY = b"<html><body><h1>Old scheduler</h1><p>gestion_horarios</p></body></html>\n"


def application(environ, start_response):
    """The same page for a WSGI server."""
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(BODY)))])
    return [BODY]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = BODY
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    env = read_env()
    if env.get("IGNORE_SIGTERM") == "1":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    # as Flask apps often do: the environment first, then .env, then the code's default
    port = os.environ.get("FLASK_PORT") or env.get("FLASK_PORT") or "5005"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.serve_forever()

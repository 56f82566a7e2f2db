"""BiScheduler, as the sandbox target runs it: reads FLASK_PORT, serves /, /static/ and /api/,
and checks its database through the mariadb client and the option file beside it."""
import http.server
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = os.path.join(HERE, "static")


def count_rows():
    result = subprocess.run(
        ["mariadb", "--defaults-extra-file=" + os.path.join(HERE, "db.cnf"), "-N", "-B",
         "-e", "SELECT COUNT(*) FROM horarios", "gestion_horarios"],
        capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip())
    return int(result.stdout.strip())


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, status, body, content_type):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/":
            self.answer(200, "<html><head><link rel='stylesheet' href='static/style.css'></head>"
                             "<body><h1>BiScheduler</h1></body></html>\n", "text/html")
        elif path.startswith("/api/"):
            try:
                rows = count_rows()
                self.answer(200, json.dumps({"status": "ok", "horarios": rows}), "application/json")
            except Exception as error:
                self.answer(503, json.dumps({"status": "database unavailable", "error": str(error)}), "application/json")
        elif path.startswith("/static/"):
            file = os.path.normpath(os.path.join(STATIC, path[len("/static/"):]))
            if file.startswith(STATIC + os.sep) and os.path.isfile(file):
                with open(file, "rb") as content:
                    self.answer(200, content.read(), "text/css")
            else:
                self.answer(404, "not found\n", "text/plain")
        else:
            self.answer(404, "not found\n", "text/plain")

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    port = int(os.environ["FLASK_PORT"])
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()

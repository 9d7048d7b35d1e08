"""A `tessera serve` process for HTTP tests, and one request on a fresh connection.

Standard library only; shared by the security tests (tests/server/management) and the OpenAPI
conformance test (tests/server/openapi). The server listens on 127.0.0.1 on a port it picks
(`--port 0`) and says which on its standard output; it is stopped with SIGINT, which lets it
finish what it was doing.
"""

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import threading
import time


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def header_all(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def set_cookies(self):
        """name -> (value, attributes string) for every Set-Cookie header."""
        cookies = {}
        for value in self.header_all("Set-Cookie"):
            pair, _, attributes = value.partition(";")
            name, _, cookie_value = pair.partition("=")
            cookies[name.strip()] = (cookie_value.strip(), attributes)
        return cookies

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def request(port, method, path, body=None, headers=None):
    """One request to 127.0.0.1:port on a fresh connection."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(response.status, response.getheaders(), response.read())
    finally:
        connection.close()


class Server:
    """`tessera serve --port 0` on `db`, started by the constructor; its log goes to a file in
    `workdir` (log_tail() shows the end of it)."""

    def __init__(self, binary, db, workdir, env=None, extra_args=()):
        self.log_path = os.path.join(workdir, "server-%d.log" % time.monotonic_ns())
        self.log = open(self.log_path, "wb")
        server_env = dict(os.environ if env is None else env)
        server_env.pop("TESSERA_DB", None)
        self.process = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", "0"] + list(extra_args),
            stdout=subprocess.PIPE, stderr=self.log, env=server_env)
        lines = queue.Queue()

        def pump():
            for line in self.process.stdout:
                lines.put(line.decode("utf-8", "replace"))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + 60
        self.port = None
        while self.port is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.stop()
                raise RuntimeError("the server did not say where it listens; log:\n" +
                                   self.log_tail())
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()

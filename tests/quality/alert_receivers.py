"""Real local receivers for alerts: a minimal SMTP sink and an HTTP webhook endpoint, on 127.0.0.1.

Why a hand-written SMTP sink: aiosmtpd is not installed and ``smtpd`` is deprecated; the sink
speaks just enough SMTP (HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for ``smtplib``.
"""

from __future__ import annotations

import email
import json
import socketserver
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SmtpSink:
    def __init__(self):
        self.messages: list[email.message.Message] = []
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write((line + "\r\n").encode())

            def handle(self):
                self.reply("220 sink ready")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    command = line.decode(errors="replace").strip().upper()
                    if command.startswith("EHLO"):
                        self.wfile.write(b"250-sink\r\n250 8BITMIME\r\n")
                    elif command.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                        self.reply("250 ok")
                    elif command == "DATA":
                        self.reply("354 end with .")
                        lines = []
                        while True:
                            data = self.rfile.readline()
                            if data in (b".\r\n", b".\n", b""):
                                break
                            lines.append(data[1:] if data.startswith(b"..") else data)
                        sink.messages.append(email.message_from_bytes(b"".join(lines)))
                        self.reply("250 queued")
                    elif command == "QUIT":
                        self.reply("221 bye")
                        return
                    else:
                        self.reply("502 not implemented")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self) -> list[str]:
        return [message.get_payload(decode=True).decode("utf-8") for message in self.messages]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class WebhookReceiver:
    def __init__(self):
        self.payloads: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                receiver.payloads.append(json.loads(self.rfile.read(length)))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/alerts"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

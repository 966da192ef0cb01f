"""The local AWS emulator for reglament: moto's server (DynamoDB, DynamoDB Streams, S3) on
loopback, handling one request at a time.

One request at a time makes each DynamoDB transaction atomic and serializable, as in AWS: moto's
own threaded server interleaves concurrent transactions (a failing one restores a snapshot of the
table taken before another one committed). It prints `listening on http://HOST:PORT` once it
accepts requests and stops when its standard input closes (so a test that started it never leaves
it behind) or on Ctrl-C.

    python infra/local/emulator.py [--host 127.0.0.1] [--port 0] [--until-stdin-closes]
"""

import argparse
import socket
import sys
import threading

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server


class Handler(MotoRequestHandler):
    """moto's handler, answering without Nagle's delay: a response goes out in two writes
    (head, body), and waiting for the client's delayed acknowledgement of the first costs ~40 ms
    a request."""

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument(
        "--until-stdin-closes",
        action="store_true",
        help="stop when standard input reaches its end",
    )
    args = parser.parse_args()

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(
        args.host, args.port, app, threaded=False, request_handler=Handler
    )
    host, port = server.server_address[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    if args.until_stdin_closes:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        sys.stdin.read()
        server.shutdown()
    else:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

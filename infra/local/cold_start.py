"""Measures the cold init of Lambda function binaries: the time from starting the process until it
asks the Lambda Runtime API for its first invocation — everything its `main` does first (read the
configuration, copy its files from S3, load every published rule version). The function then gets
no invocation and is stopped.

    python infra/local/cold_start.py [--runs 5] BINARY...

The binaries read the environment of this command (REGLAMENT_TABLE, REGLAMENT_DATA, AWS_*), so
run it against a prepared emulator (docs/BENCHMARKS.md has the whole recipe). Prints the median
and the slowest of the runs per binary, in milliseconds.
"""

import argparse
import os
import statistics
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def one_start(binary: str) -> float:
    """Milliseconds from spawning `binary` to its first request for an invocation."""
    asked = threading.Event()

    class Runtime(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the http.server API)
            if self.path.endswith("/runtime/invocation/next"):
                asked.set()
            self.send_response(503)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Runtime)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    name = Path(binary).name
    env = dict(
        os.environ,
        AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}",
        AWS_LAMBDA_FUNCTION_NAME=name,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512",
        AWS_LAMBDA_FUNCTION_VERSION="$LATEST",
    )
    started = time.perf_counter()
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if not asked.wait(timeout=120):
            raise SystemExit(f"{name} did not ask for an invocation within 120 s")
        return (time.perf_counter() - started) * 1000
    finally:
        process.kill()
        process.wait()
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    print(f"{'function':<22} {'median ms':>10} {'max ms':>8}")
    for binary in args.binaries:
        times = [one_start(binary) for _ in range(args.runs)]
        print(f"{Path(binary).name:<22} {statistics.median(times):>10.0f} {max(times):>8.0f}")


if __name__ == "__main__":
    main()

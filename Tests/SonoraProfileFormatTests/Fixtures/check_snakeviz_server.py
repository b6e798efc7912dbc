"""Starts snakeviz's web server on a loopback port for a pstats file, fetches its page, stops it.

Usage: check_snakeviz_server.py FILE PORT
Prints {"status": ..., "page": ...} as JSON; any failure raises and exits non-zero.
"""
import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request

path, port = sys.argv[1], int(sys.argv[2])
command = shutil.which("snakeviz")
server = subprocess.Popen(
    [command, "-s", "-H", "127.0.0.1", "-p", str(port), path],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
try:
    url = f"http://127.0.0.1:{port}/snakeviz/" + urllib.parse.quote(path, safe="")
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                status, page = response.status, response.read().decode()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"snakeviz did not serve {url}")
            time.sleep(0.1)
finally:
    server.terminate()
    try:
        server.wait(timeout=5)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()

print(json.dumps({"status": status, "page": page}))

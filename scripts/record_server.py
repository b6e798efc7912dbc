"""Which server binary scripts/record-throughput.py and scripts/record-attribution.py profile.

Both servers know nothing of Sonora, answer `GET /work?n=N` with the same CPU-bound loop and print
"port N" on stdout once they listen on 127.0.0.1:
  plainnio     .build/release/PlainNIOServer (SwiftNIO; a product of the root package)
  hummingbird  Examples/HummingbirdServer/.build/release/hummingbird-server (Hummingbird 2, a
               package of its own; built here in release unless --no-build is given)
  PATH         any executable that behaves the same way
"""
import os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
hummingbird_package = os.path.join(root, "Examples", "HummingbirdServer")
descriptions = {
    "plainnio": "PlainNIOServer (SwiftNIO, no Sonora code)",
    "hummingbird": "hummingbird-server (Hummingbird 2.28, Examples/HummingbirdServer, no Sonora code)",
}


def add_arguments(parser):
    parser.add_argument("--server", default="plainnio",
                        help="plainnio (default), hummingbird, or the path of a server executable")
    parser.add_argument("--no-build", action="store_true",
                        help="with --server hummingbird: use the existing release build")


def resolve(args, bin_dir, tool):
    """The server's executable and a description of it; exits with a message naming what is missing."""
    if args.server == "plainnio":
        path = os.path.join(bin_dir, "PlainNIOServer")
    elif args.server == "hummingbird":
        if not args.no_build:
            print(f"{tool}: swift build -c release in {hummingbird_package}", file=sys.stderr, flush=True)
            build = subprocess.run(["swift", "build", "-c", "release", "--product", "hummingbird-server"],
                                   cwd=hummingbird_package)
            if build.returncode != 0:
                sys.exit(f"{tool}: building {hummingbird_package} failed (exit {build.returncode})")
        path = os.path.join(hummingbird_package, ".build", "release", "hummingbird-server")
    else:
        path = os.path.abspath(args.server)
    if not os.access(path, os.X_OK):
        sys.exit(f"{tool}: server '{args.server}': {path} is missing or not executable; build it first")
    return path, descriptions.get(args.server, path)

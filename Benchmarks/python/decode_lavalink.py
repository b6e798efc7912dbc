#!/usr/bin/env python3
"""Time lavalink.py's decode_track over a JSONL corpus of encoded tracks; print one JSON object.

Used by scripts/decode-vs-python.sh. Needs `pip install lavalink`.
"""
import argparse
import json
import time

import lavalink


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args()
    tracks = [json.loads(line)["encoded"] for line in open(args.corpus, encoding="utf-8") if line.strip()]
    failures = 0
    for encoded in tracks:  # warm-up pass; also counts failures
        try:
            lavalink.decode_track(encoded)
        except Exception:
            failures += 1
    best = float("inf")
    total = 0.0
    for _ in range(max(1, args.repetitions)):
        start = time.process_time()
        for encoded in tracks:
            try:
                lavalink.decode_track(encoded)
            except Exception:
                pass
        elapsed = time.process_time() - start
        best = min(best, elapsed)
        total += elapsed
    print(json.dumps({
        "tracks": len(tracks),
        "failures": failures,
        "repetitions": args.repetitions,
        "bestSeconds": best,
        "meanSeconds": total / max(1, args.repetitions),
        "nsPerTrack": best / max(1, len(tracks)) * 1e9,
        "lavalinkVersion": getattr(lavalink, "__version__", "unknown"),
    }))


if __name__ == "__main__":
    main()

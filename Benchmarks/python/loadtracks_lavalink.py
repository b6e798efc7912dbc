#!/usr/bin/env python3
"""Time lavalink.py parsing /v4/loadtracks bodies (search and playlist, 10/100/1,000 tracks); print JSON.

The bodies are built from the same corpus and in the same shape as SonoraSuites' `Corpus.loadTracksBody`
(sorted keys, unescaped slashes), and timed as a lavalink.py bot does: `LoadResult.from_dict(json.loads(body))`.
Used by scripts/music-vs-python.sh. Needs `pip install lavalink`.
"""
import argparse
import json
import time

import lavalink
from lavalink.server import LoadResult


def body(infos, encoded, load_type, count):
    items = []
    for info, enc in zip(infos[:count], encoded[:count]):
        items.append({"encoded": enc, "info": info, "pluginInfo": {}, "userData": {}})
    if load_type == "playlist":
        data = {"info": {"name": f"Sonora corpus {count}", "selectedTrack": -1}, "pluginInfo": {}, "tracks": items}
    else:
        data = items
    return json.dumps({"loadType": load_type, "data": data}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def info_of(decoded):
    return {
        "identifier": decoded["identifier"], "isSeekable": not decoded["isStream"], "author": decoded["author"],
        "length": decoded["length"], "isStream": decoded["isStream"], "position": decoded["position"],
        "title": decoded["title"], "uri": decoded.get("uri"), "artworkUrl": decoded.get("artworkUrl"),
        "isrc": decoded.get("isrc"), "sourceName": decoded["sourceName"],
    }


def best_per_parse(raw, min_seconds):
    """Best mean time of one parse over batches lasting at least ~min_seconds/5 each."""
    LoadResult.from_dict(json.loads(raw))
    n = 1
    while True:
        start = time.process_time()
        for _ in range(n):
            LoadResult.from_dict(json.loads(raw))
        if time.process_time() - start > min_seconds / 5:
            break
        n *= 2
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for _ in range(n):
            LoadResult.from_dict(json.loads(raw))
        best = min(best, (time.process_time() - start) / n)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True)
    parser.add_argument("--seconds", type=float, default=1.0, help="rough time per shape")
    args = parser.parse_args()
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    encoded = [row["encoded"] for row in rows]
    infos = [info_of(row["decoded_here"]) for row in rows]
    results = {}
    for load_type in ("search", "playlist"):
        for count, suffix in ((10, "10"), (100, "100"), (1000, "1k")):
            raw = body(infos, encoded, load_type, count)
            parsed = LoadResult.from_dict(json.loads(raw))
            assert len(parsed.tracks) == count
            results[f"track.parse.{load_type}.{suffix}"] = {
                "seconds": best_per_parse(raw, args.seconds), "bodyBytes": len(raw), "tracks": count}
    print(json.dumps({"lavalinkVersion": getattr(lavalink, "__version__", "unknown"), "results": results}))


if __name__ == "__main__":
    main()

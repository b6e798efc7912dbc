#!/usr/bin/env python3
"""Time the Python queue operations Sonora's queue benchmarks are compared with; print JSON.

What wavelink and lavalink.py do: a `collections.deque` (or list) of track objects, `popleft()` plus a
history append for next, `append`, `insert`/`del` in the middle, and `random.shuffle` with a seeded
`random.Random`. Used by scripts/music-vs-python.sh.
"""
import argparse
import collections
import json
import random
import time


class Track:
    __slots__ = ("encoded", "identifier", "title")

    def __init__(self, index):
        self.encoded = f"QAAA{index:08d}"
        self.identifier = f"id{index}"
        self.title = f"Track {index}"


def per_op(setup, op, ops, repeats=5):
    """Best time per operation: `ops` operations on a fresh state from `setup()`, best of `repeats`."""
    best = float("inf")
    for _ in range(repeats):
        state = setup()
        start = time.process_time()
        op(state, ops)
        best = min(best, (time.process_time() - start) / ops)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.parse_args()
    results = {}
    for size, suffix in ((100, "100"), (10_000, "10k"), (100_000, "100k")):
        tracks = [Track(i) for i in range(size + 1)]

        def fresh():
            return {"queue": collections.deque(tracks[:size]), "history": collections.deque(maxlen=25),
                    "extra": tracks[size]}

        def next_op(s, n):
            q, h = s["queue"], s["history"]
            for _ in range(n):
                h.append(q.popleft())

        def append_op(s, n):
            q, x = s["queue"], s["extra"]
            for _ in range(n):
                q.append(x)

        def insert_op(s, n):
            q, x = s["queue"], s["extra"]
            for _ in range(n):
                q.insert(len(q) // 2, x)

        def remove_op(s, n):
            q = s["queue"]
            for _ in range(n):
                del q[len(q) // 2]

        def move_op(s, n):
            q = s["queue"]
            for _ in range(n):
                t = q[len(q) // 4]
                del q[len(q) // 4]
                q.insert(len(q) * 3 // 4, t)

        ops = max(1, size // 10)
        results[f"queue.next.{suffix}"] = per_op(fresh, next_op, size // 2)
        results[f"queue.append.{suffix}"] = per_op(fresh, append_op, ops)
        results[f"queue.insert.{suffix}"] = per_op(fresh, insert_op, ops)
        results[f"queue.remove.{suffix}"] = per_op(fresh, remove_op, ops)
        results[f"queue.move.{suffix}"] = per_op(fresh, move_op, ops)

        def shuffle_setup():
            return {"list": list(tracks[:size]), "rng": random.Random(0x504E4F5241)}

        def shuffle_op(s, n):
            for _ in range(n):
                s["rng"].shuffle(s["list"])

        results[f"queue.shuffle.{suffix}"] = per_op(shuffle_setup, shuffle_op, max(1, 200_000 // size))
    print(json.dumps({"unit": "seconds per operation", "results": results}))


if __name__ == "__main__":
    main()

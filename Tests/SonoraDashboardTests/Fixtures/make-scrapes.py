"""Writes the scrape fixtures of the dashboard tests with the real Python Prometheus client.

python-client-1.txt and python-client-2.txt are two scrapes of one registry, 2 seconds of
activity apart: counters with labels, a gauge, a histogram in seconds, a summary and the client's own
process_* metrics. Run: python3 make-scrapes.py (needs prometheus-client).
"""
import time
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Summary, generate_latest
from prometheus_client import ProcessCollector

registry = CollectorRegistry()
ProcessCollector(registry=registry)
played = Counter("sonora_tracks_played", "Tracks that started playing.", ["guild"], registry=registry)
commands = Counter("sonora_user_commands", "Commands users sent.", registry=registry)
guilds = Gauge("sonora_active_guilds", "Guilds with a player.", registry=registry)
queued = Gauge("sonora_queued_tracks", "Tracks waiting in all queues.", ["node"], registry=registry)
load = Histogram("sonora_track_load_seconds", "Time to load tracks from a node.", ["node"],
                 buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0), registry=registry)
parse = Summary("sonora_parse_seconds", "Time to parse a load result.", registry=registry)

played.labels("1").inc(120)
played.labels("2").inc(30)
commands.inc(500)
guilds.set(150)
queued.labels("eu-1").set(4200)
for i in range(200):
    load.labels("eu-1").observe(0.004 + (i % 20) * 0.003)
    parse.observe(0.001)
open("python-client-1.txt", "wb").write(generate_latest(registry))

spin = time.process_time()
while time.process_time() - spin < 0.5:
    pass
played.labels("1").inc(40)
played.labels("2").inc(2)
commands.inc(10)
guilds.set(152)
queued.labels("eu-1").set(4100)
for i in range(100):
    load.labels("eu-1").observe(0.02 + (i % 10) * 0.02)
    parse.observe(0.002)
open("python-client-2.txt", "wb").write(generate_latest(registry))

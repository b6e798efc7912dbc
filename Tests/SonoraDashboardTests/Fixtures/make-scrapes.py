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


def activity(path, played_by_guild, commands_sent, active_guilds, queued_tracks, load_seconds, parse_seconds):
    """Records one stretch of bot activity, then writes the scrape to `path`."""
    for guild, count in played_by_guild.items():
        played.labels(guild).inc(count)
    commands.inc(commands_sent)
    guilds.set(active_guilds)
    queued.labels("eu-1").set(queued_tracks)
    for seconds in load_seconds:
        load.labels("eu-1").observe(seconds)
        parse.observe(parse_seconds)
    open(path, "wb").write(generate_latest(registry))


activity("python-client-1.txt", {"1": 120, "2": 30}, 500, 150, 4200, [0.004 + (i % 20) * 0.003 for i in range(200)], 0.001)

spin = time.process_time()
while time.process_time() - spin < 0.5:
    pass
activity("python-client-2.txt", {"1": 40, "2": 2}, 10, 152, 4100, [0.02 + (i % 10) * 0.02 for i in range(100)], 0.002)

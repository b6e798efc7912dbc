"""Checks a speedscope file against the rules of speedscope's file format schema and prints totals as JSON.

Usage: check_speedscope.py FILE
"""
import json
import sys

with open(sys.argv[1]) as handle:
    data = json.load(handle)

assert data["$schema"] == "https://www.speedscope.app/file-format-schema.json"
frames = data["shared"]["frames"]
for frame in frames:
    assert isinstance(frame["name"], str) and frame["name"]
    assert "line" not in frame or isinstance(frame["line"], int)
    assert "file" not in frame or isinstance(frame["file"], str)
assert 0 <= data.get("activeProfileIndex", 0) < len(data["profiles"])

profiles = {}
for profile in data["profiles"]:
    assert profile["type"] == "sampled"
    assert profile["unit"] in ("none", "nanoseconds", "microseconds", "milliseconds", "seconds", "bytes")
    assert len(profile["samples"]) == len(profile["weights"])
    for stack in profile["samples"]:
        assert all(isinstance(i, int) and 0 <= i < len(frames) for i in stack)
    assert profile["endValue"] - profile["startValue"] == sum(profile["weights"])
    profiles[profile["name"]] = {
        "unit": profile["unit"],
        "total": sum(profile["weights"]),
        "samples": len(profile["samples"]),
        "roots": sorted({frames[stack[0]]["name"] for stack in profile["samples"] if stack}),
        "leaves": sorted({frames[stack[-1]]["name"] for stack in profile["samples"] if stack}),
    }

print(json.dumps({"frame_count": len(frames), "profiles": profiles}))

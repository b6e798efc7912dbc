"""Decodes a gzipped pprof file with Python's protobuf against profile.proto and prints totals as JSON.

Usage: check_pprof.py GENERATED_DIR FILE
GENERATED_DIR holds profile_pb2.py, made by `protoc --python_out` from profile.proto.
"""
import collections
import gzip
import json
import sys

sys.path.insert(0, sys.argv[1])
import profile_pb2  # noqa: E402

with gzip.open(sys.argv[2], "rb") as handle:
    profile = profile_pb2.Profile.FromString(handle.read())

s = profile.string_table
assert s[0] == "", "string_table[0] must be empty"
functions = {f.id: f for f in profile.function}
locations = {loc.id: loc for loc in profile.location}
mappings = {m.id: m for m in profile.mapping}
for loc in profile.location:
    assert loc.mapping_id == 0 or loc.mapping_id in mappings, f"location {loc.id} has unknown mapping"
    for line in loc.line:
        assert line.function_id in functions, f"location {loc.id} has unknown function"

totals = [0] * len(profile.sample_type)
threads = collections.Counter()
leaf_self = collections.Counter()
for sample in profile.sample:
    assert len(sample.value) == len(profile.sample_type)
    for i, value in enumerate(sample.value):
        totals[i] += value
    labels = {s[label.key]: (s[label.str] if label.str else label.num) for label in sample.label}
    threads[labels["thread"]] += sample.value[0]
    leaf = locations[sample.location_id[0]]
    leaf_self[s[functions[leaf.line[0].function_id].name]] += sample.value[0]

print(json.dumps({
    "sample_types": [[s[t.type], s[t.unit]] for t in profile.sample_type],
    "period_type": [s[profile.period_type.type], s[profile.period_type.unit]],
    "period": profile.period,
    "default_sample_type": s[profile.default_sample_type],
    "time_nanos": profile.time_nanos,
    "duration_nanos": profile.duration_nanos,
    "totals": totals,
    "threads": threads,
    "leaf_self": leaf_self,
    "location_count": len(profile.location),
    "functions": {s[f.name]: s[f.system_name] for f in profile.function},
    "mappings": [[m.memory_start, m.memory_limit, m.file_offset, s[m.filename], s[m.build_id]] for m in profile.mapping],
    "comments": [s[c] for c in profile.comment],
}))

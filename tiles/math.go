package tiles

import (
	"math"

	"github.com/paulmach/orb"
)

// Extent is the size of a tile in MVT units; Buffer is how far beyond each
// edge geometries are kept, so that lines and polygons join across tiles.
const (
	Extent = 4096
	Buffer = 64
)

// maxLat is the latitude where Web Mercator ends.
const maxLat = 85.0511287798066

// Bound returns the lon/lat bound of tile z/x/y, grown by buffer MVT units
// on each side.
func Bound(z, x, y int, buffer float64) orb.Bound {
	n := float64(int(1) << z)
	f := buffer / Extent
	return orb.Bound{
		Min: orb.Point{tileLon(float64(x)-f, n), tileLat(float64(y+1)+f, n)},
		Max: orb.Point{tileLon(float64(x+1)+f, n), tileLat(float64(y)-f, n)},
	}
}

func tileLon(x, n float64) float64 { return x/n*360 - 180 }

func tileLat(y, n float64) float64 {
	return math.Atan(math.Sinh(math.Pi*(1-2*y/n))) * 180 / math.Pi
}

// projector maps lon/lat to MVT units of one tile.
type projector struct {
	scale  float64 // 2^z · Extent
	x0, y0 float64 // the tile's origin in world MVT units
}

func newProjector(z, x, y int) projector {
	scale := float64(int(1)<<z) * Extent
	return projector{scale: scale, x0: float64(x) * Extent, y0: float64(y) * Extent}
}

// point projects p (Web Mercator) to tile units, rounding down as MVT
// decoders assume.
func (pr projector) point(p orb.Point) orb.Point {
	lat := math.Max(-maxLat, math.Min(maxLat, p[1]))
	s := math.Sin(lat * math.Pi / 180)
	wx := (p[0] + 180) / 360 * pr.scale
	wy := (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * pr.scale
	return orb.Point{math.Floor(wx - pr.x0), math.Floor(wy - pr.y0)}
}

// Range returns the tiles at zoom z that b touches, grown by buffer MVT
// units, as inclusive x and y ranges.
func Range(b orb.Bound, z int, buffer float64) (x0, y0, x1, y1 int) {
	n := float64(int(1) << z)
	f := buffer / Extent
	clamp := func(v float64) int { return int(math.Max(0, math.Min(n-1, math.Floor(v)))) }
	tx := func(lon float64) float64 { return (lon + 180) / 360 * n }
	ty := func(lat float64) float64 {
		lat = math.Max(-maxLat, math.Min(maxLat, lat))
		s := math.Sin(lat * math.Pi / 180)
		return (0.5 - math.Log((1+s)/(1-s))/(4*math.Pi)) * n
	}
	return clamp(tx(b.Min[0]) - f), clamp(ty(b.Max[1]) - f), clamp(tx(b.Max[0]) + f), clamp(ty(b.Min[1]) + f)
}

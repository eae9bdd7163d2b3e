package tiles

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/simplify"
)

// tolerance is the Douglas–Peucker tolerance in MVT units: detail smaller
// than half a screen pixel of a 512-px tile (8 units a pixel) is dropped, so
// a z6 tile of the districts carries z6 detail, not z14's.
const tolerance = 4.0

// shape turns a lon/lat line or polygon into tile units: projected, clipped
// to the tile and its buffer, simplified for the zoom, with degenerate parts
// dropped and rings wound as MVT requires. It returns nil when nothing is
// left. The input is never modified (features are shared and immutable).
func shape(pr projector, g orb.Geometry) orb.Geometry {
	box := orb.Bound{Min: orb.Point{-Buffer, -Buffer}, Max: orb.Point{Extent + Buffer, Extent + Buffer}}
	var out orb.Geometry
	switch g := g.(type) {
	case orb.LineString:
		out = clip.LineString(box, projectLine(pr, g))
	case orb.MultiLineString:
		mls := make(orb.MultiLineString, 0, len(g))
		for _, l := range g {
			mls = append(mls, clip.LineString(box, projectLine(pr, l))...)
		}
		out = mls
	case orb.Polygon:
		out = clip.Polygon(box, projectPolygon(pr, g))
	case orb.MultiPolygon:
		mp := make(orb.MultiPolygon, 0, len(g))
		for _, p := range g {
			if c := clip.Polygon(box, projectPolygon(pr, p)); len(c) > 0 {
				mp = append(mp, c)
			}
		}
		out = mp
	default:
		return nil
	}
	if out == nil {
		return nil
	}
	return clean(simplify.DouglasPeucker(tolerance).Simplify(out))
}

func projectLine(pr projector, ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, p := range ls {
		out[i] = pr.point(p)
	}
	return out
}

func projectPolygon(pr projector, poly orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(poly))
	for i, r := range poly {
		out[i] = orb.Ring(projectLine(pr, orb.LineString(r)))
	}
	return out
}

// clean drops repeated positions and parts too small to draw, and winds
// polygon rings for MVT: exterior rings with positive area in tile
// coordinates (y down), holes negative.
func clean(g orb.Geometry) orb.Geometry {
	switch g := g.(type) {
	case orb.MultiLineString:
		out := g[:0]
		for _, l := range g {
			if l = dedupe(l); len(l) >= 2 {
				out = append(out, l)
			}
		}
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	case orb.LineString:
		return clean(orb.MultiLineString{g})
	case orb.Polygon:
		if p := cleanPolygon(g); p != nil {
			return p
		}
	case orb.MultiPolygon:
		out := g[:0]
		for _, p := range g {
			if p = cleanPolygon(p); p != nil {
				out = append(out, p)
			}
		}
		switch len(out) {
		case 0:
			return nil
		case 1:
			return out[0]
		}
		return out
	}
	return nil
}

func cleanPolygon(p orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, 0, len(p))
	for i, r := range p {
		r = orb.Ring(dedupe(orb.LineString(r)))
		if len(r) < 4 || r.Orientation() == 0 {
			if i == 0 {
				return nil // no exterior, no polygon
			}
			continue
		}
		// orb's orientation is the sign of the surveyor's formula, which is
		// what the MVT spec reads on raw tile coordinates.
		if want := exteriorOrientation(i == 0); r.Orientation() != want {
			r.Reverse()
		}
		out = append(out, r)
	}
	return out
}

func exteriorOrientation(exterior bool) orb.Orientation {
	if exterior {
		return orb.CCW
	}
	return orb.CW
}

// dedupe removes consecutive repeated positions, in place.
func dedupe(l orb.LineString) orb.LineString {
	out := l[:0]
	for i, p := range l {
		if i == 0 || p != out[len(out)-1] {
			out = append(out, p)
		}
	}
	return out
}

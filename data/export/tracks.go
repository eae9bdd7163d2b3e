package export

import (
	"context"
	"io"
	"log/slog"
	"strconv"

	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/spatial/geojson"
)

// TrackWriter writes track points to a file. Points come feature by
// feature, each feature's by time, as layers.Tracks.Track gives them.
type TrackWriter interface {
	// Write adds a track point.
	Write(p layers.TrackPoint) error
	// Close finishes the file. What was written is whole only once Close
	// returns nil.
	Close() error
}

// TrackStyle says how GeoJSON draws tracks.
type TrackStyle uint8

// Track styles.
const (
	// Lines writes one feature per tracked feature: a LineString through
	// its points (a Point when it has one), with their times in
	// milliseconds since the Unix epoch in the property "times", one per
	// vertex, and "from", "to" and "count".
	Lines TrackStyle = iota
	// Points writes one Point feature per track point, with the properties
	// "at" (RFC 3339), "time" (milliseconds since the Unix epoch) and "seq"
	// (the sequence number of the change that carried it).
	Points
)

// geoJSONTracks writes tracks as a GeoJSON FeatureCollection named
// "tracks". Every feature has the properties "layer" and "id" of the
// feature tracked.
type geoJSONTracks struct {
	c     *collection
	style TrackStyle
	cur   []layers.TrackPoint // the points of the feature being gathered (Lines)
}

// NewGeoJSONTracks returns a writer of tracks to w in the given style.
// Close does not close w.
func NewGeoJSONTracks(w io.Writer, style TrackStyle) TrackWriter {
	return &geoJSONTracks{c: newCollection(w, "tracks"), style: style}
}

func (g *geoJSONTracks) Write(p layers.TrackPoint) error {
	if g.style == Points {
		return g.point(p)
	}
	if len(g.cur) > 0 && (g.cur[0].Layer != p.Layer || g.cur[0].ID != p.ID) {
		if err := g.line(); err != nil {
			return err
		}
	}
	g.cur = append(g.cur, p)
	return nil
}

// point writes one track point as a Point feature.
func (g *geoJSONTracks) point(p layers.TrackPoint) error {
	b := append(g.c.buf[:0], `{"type":"Feature","geometry":`...)
	b = geojson.AppendGeometry(b, p.Point)
	b = appendOwner(b, p)
	b = append(b, `,"at":`...)
	b = appendTime(b, p.At)
	b = append(b, `,"time":`...)
	b = strconv.AppendInt(b, p.At.UnixMilli(), 10)
	b = append(b, `,"seq":`...)
	b = strconv.AppendUint(b, p.Seq, 10)
	g.c.buf = append(b, "}}"...)
	return g.c.feature()
}

// line writes the gathered points of one feature as a LineString feature
// with the time of each vertex.
func (g *geoJSONTracks) line() error {
	pts := g.cur
	var geom orb.Geometry = pts[0].Point
	if len(pts) > 1 {
		ls := make(orb.LineString, len(pts))
		for i, p := range pts {
			ls[i] = p.Point
		}
		geom = ls
	}
	b := append(g.c.buf[:0], `{"type":"Feature","id":`...)
	b = appendString(b, pts[0].Layer+"/"+pts[0].ID)
	b = append(b, `,"geometry":`...)
	b = geojson.AppendGeometry(b, geom)
	b = appendOwner(b, pts[0])
	b = append(b, `,"from":`...)
	b = appendTime(b, pts[0].At)
	b = append(b, `,"to":`...)
	b = appendTime(b, pts[len(pts)-1].At)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(len(pts)), 10)
	b = append(b, `,"times":[`...)
	for i, p := range pts {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, p.At.UnixMilli(), 10)
	}
	g.c.buf = append(b, "]}}"...)
	clear(g.cur)
	g.cur = g.cur[:0]
	return g.c.feature()
}

// appendOwner opens a feature's properties with the layer and ID of the
// feature whose track it is.
func appendOwner(b []byte, p layers.TrackPoint) []byte {
	b = append(b, `,"properties":{"layer":`...)
	b = appendString(b, p.Layer)
	b = append(b, `,"id":`...)
	return appendString(b, p.ID)
}

func (g *geoJSONTracks) Close() error {
	if len(g.cur) > 0 {
		if err := g.line(); err != nil {
			return err
		}
	}
	return g.c.close()
}

// TrackPoints is the layer a GeoPackage of tracks holds: one point feature
// per track point, with the layer and ID of the feature tracked, the time
// of the fix and the sequence number of the change that carried it.
var TrackPoints = &layers.Layer{
	Name:     "track_points",
	Title:    layers.Title{Zh: "轨迹点", En: "Track points"},
	Geometry: layers.Point,
	Fields: []layers.Field{
		{Name: "layer", Type: layers.String, Title: layers.Title{Zh: "图层", En: "Layer"}},
		{Name: "feature", Type: layers.String, Title: layers.Title{Zh: "要素", En: "Feature"}},
		{Name: "at", Type: layers.Time, Title: layers.Title{Zh: "时间", En: "Time"}},
		{Name: "seq", Type: layers.Int, Title: layers.Title{Zh: "序号", En: "Sequence"}},
	},
}

// gpkgTracks writes track points to a GeoPackage as TrackPoints features,
// numbered from 1 in the order written.
type gpkgTracks struct {
	w *gpkgWriter
}

// NewGeoPackageTracks returns a writer of tracks to a new GeoPackage at
// path (an empty file or none), as the layer TrackPoints. Its "updated"
// column is the fix time too, so QGIS's temporal controller can play it.
func NewGeoPackageTracks(ctx context.Context, path string, log *slog.Logger) (TrackWriter, error) {
	w, err := newGPKG(ctx, path, TrackPoints, log)
	if err != nil {
		return nil, err
	}
	return &gpkgTracks{w: w}, nil
}

func (g *gpkgTracks) Write(p layers.TrackPoint) error {
	n := g.w.seq + 1
	return g.w.Write(&layers.Feature{
		ID: strconv.FormatUint(n, 10), Layer: TrackPoints.Name, Geometry: p.Point, Updated: p.At, Version: n,
		Props: map[string]any{"layer": p.Layer, "feature": p.ID, "at": p.At.UTC(), "seq": int64(p.Seq)},
	})
}

func (g *gpkgTracks) Close() error { return g.w.Close() }

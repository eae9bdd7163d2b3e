package export

import (
	"io"
	"strconv"

	"lookout/layers"
	"lookout/spatial/geojson"
)

// FeatureWriter writes the features of one layer to a file.
type FeatureWriter interface {
	// Write adds a feature of the layer.
	Write(f *layers.Feature) error
	// Close finishes the file. What was written is whole only once Close
	// returns nil.
	Close() error
}

// geoJSONFeatures writes a layer as a GeoJSON FeatureCollection.
type geoJSONFeatures struct {
	c   *collection
	def *layers.Layer
}

// NewGeoJSON returns a writer of def's features to w as a GeoJSON
// FeatureCollection named after the layer. Each feature is written as the
// API writes it: its ID, its geometry, the schema's properties in schema
// order as JSON of their types (integers, numbers, booleans, strings, times
// as RFC 3339 strings in UTC; a property a feature lacks is left out), and
// the foreign members "layer", "version" and "updated". Close does not
// close w.
func NewGeoJSON(w io.Writer, def *layers.Layer) FeatureWriter {
	return &geoJSONFeatures{c: newCollection(w, def.Name), def: def}
}

func (g *geoJSONFeatures) Write(f *layers.Feature) error {
	b := append(g.c.buf[:0], `{"type":"Feature","id":`...)
	b = appendString(b, f.ID)
	b = append(b, `,"geometry":`...)
	b = geojson.AppendGeometry(b, f.Geometry)
	b = append(b, `,"properties":{`...)
	n := 0
	for _, field := range g.def.Fields {
		v, ok := f.Props[field.Name]
		if !ok || v == nil {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendString(b, field.Name)
		b = append(b, ':')
		b = appendValue(b, v)
	}
	b = append(b, `},"layer":`...)
	b = appendString(b, g.def.Name)
	b = append(b, `,"version":`...)
	b = strconv.AppendUint(b, f.Version, 10)
	b = append(b, `,"updated":`...)
	b = appendTime(b, f.Updated)
	g.c.buf = append(b, '}')
	return g.c.feature()
}

func (g *geoJSONFeatures) Close() error { return g.c.close() }

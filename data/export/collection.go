package export

import (
	"bufio"
	"io"
)

// collection streams a GeoJSON FeatureCollection, one feature per line.
// Its top-level "name" is the layer's, which GDAL takes for the layer name
// (a foreign member RFC 7946 allows).
type collection struct {
	w   *bufio.Writer
	n   int    // features written
	buf []byte // the feature being written, reused
}

func newCollection(w io.Writer, name string) *collection {
	c := &collection{w: bufio.NewWriterSize(w, 64<<10)}
	c.buf = append(c.buf, `{"type":"FeatureCollection","name":`...)
	c.buf = appendString(c.buf, name)
	c.buf = append(c.buf, `,"features":[`...)
	c.w.Write(c.buf) // a bufio.Writer keeps its first error for Flush
	return c
}

// feature writes c.buf, a whole feature object.
func (c *collection) feature() error {
	sep := ",\n"
	if c.n == 0 {
		sep = "\n"
	}
	c.n++
	c.w.WriteString(sep)
	_, err := c.w.Write(c.buf)
	return err
}

// close ends the collection and flushes it.
func (c *collection) close() error {
	c.w.WriteString("\n]}\n")
	return c.w.Flush()
}

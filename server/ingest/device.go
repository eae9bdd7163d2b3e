package ingest

import (
	"errors"
	"fmt"
	"strings"

	"github.com/paulmach/orb"

	"lookout/layers"
)

// DeviceLayers are the live point layers whose features report their own
// positions, in the order a bare device ID is looked up in them: a
// responder's phone first, then a vehicle terminal, then a supervised
// person's check-in app.
var DeviceLayers = []string{"responders", "vehicles", "custody_persons"}

// Locate finds the feature a device reports for. A device ID is a feature
// ID in one of DeviceLayers, or "layer:id" for a feature of any point
// layer. field names where the ID came from ("id", "device_id") for the
// error, which wraps ErrUnknownDevice when no such feature exists.
func Locate(w *layers.World, field, device string) (layer, id string, err error) {
	if name, fid, ok := strings.Cut(device, ":"); ok {
		if l, err := w.Layer(name); err == nil {
			if l.Geometry != layers.Point {
				return "", "", invalid(field, fmt.Sprintf("layer %s holds %ss, not device positions", name, l.Geometry))
			}
			if _, err := w.Feature(name, fid); err == nil {
				return name, fid, nil
			}
			return "", "", &FieldError{Field: field, Reason: fmt.Sprintf("no device %q in layer %s", fid, name), Err: ErrUnknownDevice}
		}
	}
	for _, name := range DeviceLayers {
		_, err := w.Feature(name, device)
		if err == nil {
			return name, device, nil
		}
		if !errors.Is(err, layers.ErrNotFound) && !errors.Is(err, layers.ErrUnknownLayer) {
			return "", "", err
		}
	}
	return "", "", &FieldError{Field: field, Reason: fmt.Sprintf("no device %q: it is no feature of %s (or give it as layer:id)",
		device, strings.Join(DeviceLayers, ", ")), Err: ErrUnknownDevice}
}

// Draft turns the fix into a position change of the device's feature;
// idField names the member the device ID came from, for the error when the
// device is unknown. Measurements the layer has no property for are
// dropped with a warning. A fix the device flags invalid (valid=false)
// still gets its draft, so its device is checked; the caller decides not
// to apply it.
func (f Fix) Draft(w *layers.World, idField string) Draft {
	layer, id, err := Locate(w, idField, f.Device)
	if err != nil {
		return Draft{Err: err}
	}
	l, err := w.Layer(layer)
	if err != nil {
		return Draft{Err: err}
	}
	c := layers.Change{Op: layers.Patch, Layer: layer, ID: id, Geometry: orb.Point{f.Lon, f.Lat}, Time: f.Time, Props: map[string]any{}}
	var warnings []string
	for _, m := range []member{{"speed", f.Speed}, {"heading", f.Heading}, {"accuracy", f.Accuracy},
		{"altitude", f.Altitude}, {"hdop", f.HDOP}, {"battery", f.Battery}, {"charging", f.Charging}} {
		warnings = m.set(l, c.Props, warnings)
	}
	return Draft{Change: c, Warnings: warnings}
}

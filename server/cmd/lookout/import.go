package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/url"
	"os"
	"reflect"
	"strings"
	"time"

	"github.com/paulmach/orb"

	cq "lookout/data/chongqing"
	"lookout/data/firms"
)

const importUsage = "usage: lookout import firms FILE.csv [--server http://127.0.0.1:8080] [--clip=true] [--batch 500]"

// importCmd is `lookout import firms FILE.csv`: it reads a NASA FIRMS
// active-fire CSV and writes its hot spots to the hotspots layer of a
// running server through the features API, batch by batch. Each detection
// has a stable ID, so importing a file again adds nothing twice; a hot spot
// already on the server keeps the status an operator gave it. Bad rows are
// listed on stderr by line and skipped. It fails when the file is not a
// FIRMS CSV or the server refuses a batch; the batches before it stay
// written, and running it again is safe.
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "firms" {
		return errors.New(importUsage)
	}
	fs := flag.NewFlagSet("import firms", flag.ContinueOnError)
	fs.SetOutput(stderr)
	im := &importer{stderr: stderr, seen: map[string]int{}, client: &http.Client{Timeout: 2 * time.Minute}}
	fs.StringVar(&im.server, "server", "http://127.0.0.1:8080", "the Lookout server to write to")
	fs.BoolVar(&im.clip, "clip", true, "keep only hot spots in Chongqing's districts (within 2 km of one)")
	fs.IntVar(&im.batch, "batch", 500, "hot spots per request, 1-5000")
	files, err := parseInterspersed(fs, args[1:])
	if err != nil {
		return err
	}
	if len(files) != 1 || im.batch < 1 || im.batch > 5000 {
		return errors.New(importUsage)
	}
	im.server = strings.TrimRight(im.server, "/")
	ds, err := cq.Districts()
	if err != nil {
		return fmt.Errorf("import: districts: %w", err)
	}
	im.loc = cq.NewLocator(ds)
	im.file = files[0]
	err = im.run(ctx)
	if im.started {
		im.summary(stdout)
	}
	return err
}

// parseInterspersed parses flags before, between and after the positional
// arguments, which it returns.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos, args = append(pos, fs.Arg(0)), fs.Args()[1:]
	}
}

// importer carries one import: its options, the batch being built and the
// counts for the summary.
type importer struct {
	server, file string
	clip         bool
	started      bool // the file is a FIRMS CSV and is being read
	batch        int
	client       *http.Client
	loc          *cq.Locator
	stderr       io.Writer
	seen         map[string]int // feature ID → the line it was first read on
	pending      []located
	n            struct{ rows, bad, outside, dup, created, updated, unchanged int }
}

// located is a hot spot with the district it is in ("" for none).
type located struct {
	h        firms.Hotspot
	district string
}

// run reads the file and writes its hot spots.
func (im *importer) run(ctx context.Context) error {
	f, err := os.Open(im.file)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	fr, err := firms.NewReader(f)
	if err != nil {
		return fmt.Errorf("import %s: %w", im.file, err)
	}
	im.started = true
	defer func() { im.n.rows = fr.Rows() }()
	for {
		h, err := fr.Read()
		var re *firms.RowError
		switch {
		case errors.As(err, &re):
			im.n.bad++
			fmt.Fprintf(im.stderr, "%s: %v; skipped\n", im.file, re)
			continue
		case errors.Is(err, io.EOF):
			return im.flush(ctx)
		case err != nil:
			return fmt.Errorf("import %s: %w", im.file, err)
		}
		if err := im.add(ctx, h); err != nil {
			return err
		}
	}
}

// add places a hot spot in its district and queues it, flushing a full batch.
func (im *importer) add(ctx context.Context, h firms.Hotspot) error {
	var district string
	if d, _ := im.loc.Locate(orb.Point{h.Lon, h.Lat}); d != nil {
		district = d.Code
	} else {
		im.n.outside++
		if im.clip {
			return nil
		}
	}
	id := h.ID()
	if first, ok := im.seen[id]; ok {
		im.n.dup++
		fmt.Fprintf(im.stderr, "%s: line %d: the same detection as line %d (%s); skipped\n", im.file, h.Line, first, id)
		return nil
	}
	im.seen[id] = h.Line
	if im.pending = append(im.pending, located{h, district}); len(im.pending) >= im.batch {
		return im.flush(ctx)
	}
	return nil
}

// feature is a hotspots feature as the API reads and writes it.
type feature struct {
	Type       string         `json:"type"`
	ID         string         `json:"id"`
	Geometry   geometry       `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geometry struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// props returns the hotspots-layer properties of a detection, as JSON
// decodes them, so they compare with what the server answers. Confidence is
// VIIRS's class spelt out (low, nominal, high) or MODIS's percentage.
func props(l located) map[string]any {
	h := l.h
	conf := string(h.Class)
	if h.Source == firms.MODIS {
		conf = h.Confidence
	}
	p := map[string]any{"source": string(h.Source), "status": "new", "confidence": conf, "frp": h.FRP,
		"brightness": h.Brightness, "scan_km": h.ScanKM, "track_km": h.TrackKM, "detected": h.Detected.Format(time.RFC3339Nano)}
	if l.district != "" {
		p["district"] = l.district
	}
	return p
}

// flush writes the pending hot spots: new ones as they are, ones already on
// the server with the server's status, unchanged ones not at all.
func (im *importer) flush(ctx context.Context) error {
	if len(im.pending) == 0 {
		return nil
	}
	have, err := im.existing(ctx)
	if err != nil {
		return err
	}
	var out []feature
	var lines []int
	for _, l := range im.pending {
		f := feature{Type: "Feature", ID: l.h.ID(), Geometry: geometry{"Point", [2]float64{l.h.Lon, l.h.Lat}}, Properties: props(l)}
		if old, ok := have[f.ID]; ok {
			if old.Geometry == f.Geometry && sameExceptStatus(old.Properties, f.Properties) {
				im.n.unchanged++
				continue
			}
			f.Properties["status"] = old.Properties["status"]
		}
		out, lines = append(out, f), append(lines, l.h.Line)
	}
	im.pending = im.pending[:0]
	if len(out) == 0 {
		return nil
	}
	return im.post(ctx, out, lines)
}

// sameExceptStatus reports whether two property sets differ at most in status.
func sameExceptStatus(a, b map[string]any) bool {
	strip := func(m map[string]any) map[string]any { m = maps.Clone(m); delete(m, "status"); return m }
	return reflect.DeepEqual(strip(a), strip(b))
}

// existing returns the pending hot spots that are already on the server,
// found by reading the layer over the batch's bounding box.
func (im *importer) existing(ctx context.Context) (map[string]feature, error) {
	want := map[string]bool{}
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, l := range im.pending {
		want[l.h.ID()] = true
		b = b.Extend(orb.Point{l.h.Lon, l.h.Lat})
	}
	bbox := fmt.Sprintf("%g,%g,%g,%g", max(-180, b.Min[0]-1e-6), max(-90, b.Min[1]-1e-6), min(180, b.Max[0]+1e-6), min(90, b.Max[1]+1e-6))
	have := map[string]feature{}
	for cursor := "start"; cursor != ""; {
		q := url.Values{"bbox": {bbox}, "limit": {"10000"}}
		if cursor != "start" {
			q.Set("cursor", cursor)
		}
		var page struct {
			Features []feature `json:"features"`
			Next     string    `json:"next_cursor"`
		}
		if err := im.call(ctx, "GET", "/api/v1/layers/hotspots/features?"+q.Encode(), nil, &page); err != nil {
			return nil, fmt.Errorf("import: read the hot spots already there: %w", err)
		}
		for _, f := range page.Features {
			if want[f.ID] {
				have[f.ID] = f
			}
		}
		cursor = page.Next
	}
	return have, nil
}

// post writes one batch as a FeatureCollection, all or nothing.
func (im *importer) post(ctx context.Context, fs []feature, lines []int) error {
	body, err := json.Marshal(map[string]any{"type": "FeatureCollection", "features": fs})
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	var res struct{ Created, Updated int }
	if err := im.call(ctx, "POST", "/api/v1/layers/hotspots/features", body, &res); err != nil {
		var ae *apiError
		var i int
		if errors.As(err, &ae) {
			if _, e := fmt.Sscanf(ae.Field, "features[%d]", &i); e == nil && i >= 0 && i < len(lines) {
				err = fmt.Errorf("line %d: %w", lines[i], err)
			}
		}
		return fmt.Errorf("import: the server refused the batch of lines %d–%d (nothing of it written): %w", lines[0], lines[len(lines)-1], err)
	}
	im.n.created += res.Created
	im.n.updated += res.Updated
	return nil
}

// apiError is the server's error answer.
type apiError struct {
	Status        int
	Field, Reason string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s", e.Status, strings.TrimPrefix(e.Field+": "+e.Reason, ": "))
}

// call sends one request to the server and decodes its JSON answer into
// out, or its error answer into an *apiError.
func (im *importer) call(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, im.server+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/geo+json")
	res, err := im.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		var e struct{ Error apiError }
		if json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&e) != nil || e.Error.Reason == "" {
			return &apiError{Status: res.StatusCode, Reason: http.StatusText(res.StatusCode)}
		}
		return &e.Error
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		return fmt.Errorf("%s %s: unreadable answer: %w", method, path, err)
	}
	return nil
}

// summary prints what the import did.
func (im *importer) summary(w io.Writer) {
	n, outside := im.n, "skipped (--clip=false keeps them)"
	if !im.clip {
		outside = "kept without a district"
	}
	fmt.Fprintf(w, "%s: %d rows read\n  %d hot spots written: %d new, %d updated; %d already there unchanged\n",
		im.file, n.rows, n.created+n.updated, n.created, n.updated, n.unchanged)
	fmt.Fprintf(w, "  %d outside Chongqing, %s\n  %d repeated detections skipped, %d bad rows skipped (each on stderr)\n",
		n.outside, outside, n.dup, n.bad)
}

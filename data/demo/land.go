package demo

import (
	"fmt"
	"sync"

	"github.com/paulmach/orb"

	"lookout/data/chongqing"
)

// land is the districts with their locator and sampling grids. It depends
// on no seed and is never modified once built, so one is shared by every
// generation.
type land struct {
	ds      []chongqing.District
	loc     *chongqing.Locator
	regions []*region // in the order of ds
	byCode  map[string]*region
}

// sharedLand builds the land once per process.
var sharedLand = sync.OnceValues(func() (*land, error) {
	ds, err := chongqing.Districts()
	if err != nil {
		return nil, fmt.Errorf("demo: districts: %w", err)
	}
	return newLand(ds), nil
})

func newLand(ds []chongqing.District) *land {
	l := &land{ds: ds, loc: chongqing.NewLocator(ds), byCode: make(map[string]*region, len(ds))}
	for i := range ds {
		r := newRegion(&ds[i], ds, l.loc)
		l.regions = append(l.regions, r)
		l.byCode[ds[i].Code] = r
	}
	for _, r := range l.regions {
		for _, o := range l.regions {
			if o != r && o.d.Bound.Intersects(r.d.Bound) {
				r.neighbours = append(r.neighbours, o)
			}
		}
	}
	return l
}

// locate returns the code of the district the locator puts p in ("" for
// none). Where exactly one district's polygon holds p the grids answer
// without the locator, and agree with it; otherwise it asks the locator.
func (l *land) locate(p orb.Point) string {
	var hit *region
	for _, r := range l.regions {
		if r.d.Bound.Contains(p) && r.own(p) {
			if hit != nil {
				hit = nil
				break
			}
			hit = r
		}
	}
	if hit != nil {
		return hit.d.Code
	}
	if d, _ := l.loc.Locate(p); d != nil {
		return d.Code
	}
	return ""
}

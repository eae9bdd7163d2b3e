package demo

import (
	"fmt"

	"lookout/layers"
)

// largePlateLetters are the plate letters of Chongqing other than 渝A, so
// that load-test vehicles never share a plate with the demo's 渝A cars.
const largePlateLetters = "BCDFGH"

// plateChars are the characters of a plate's serial (no I or O).
const plateChars = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"

// Large emits n extra vehicles for load tests, with IDs load-0000001,
// load-0000002, ..., spread uniformly over Chongqing's land (each district
// by its area). They pass the vehicles schema; their plates are unique and
// never 渝A. The same seed and n give the same changes.
func Large(seed uint64, n int, emit func(layers.Change) error) error {
	g, err := newGen(seed, emit)
	if err != nil {
		return err
	}
	r := g.rng("large")
	weights := make([]float64, len(g.ds))
	for i := range g.ds {
		weights[i] = g.ds[i].AreaKM2
	}
	// Draw districts by area from a cumulative table: a binary search per
	// feature instead of a linear scan.
	cum := make([]float64, len(weights))
	sum := 0.0
	for i, w := range weights {
		sum += w
		cum[i] = sum
	}
	regions := make([]*region, len(g.ds))
	for i := range g.ds {
		regions[i] = g.region(g.ds[i].Code)
	}
	statuses := []string{"parked", "moving", "offline"}
	kinds := []string{"sedan", "suv", "van", "bus", "truck"}
	for i := 1; i <= n; i++ {
		di := searchCum(cum, r.Float64()*sum)
		p := regions[di].sample(r)
		status := statuses[weightedFast(r.IntN(100), 70, 92)]
		speed, heading := 0.0, 0.0
		if status == "moving" {
			speed, heading = float64(10+r.IntN(70)), float64(r.IntN(360))
		}
		seen := ago(minutes(r, 0, 30))
		err := emit(layers.Change{Op: layers.Upsert, Layer: "vehicles", ID: fmt.Sprintf("load-%07d", i), Geometry: p, Time: seen,
			Props: map[string]any{
				"plate": largePlate(i), "kind": kinds[r.IntN(len(kinds))], "status": status,
				"ignition": status == "moving", "speed": speed, "heading": heading,
				"district": g.ds[di].Code, "last_seen": seen,
			}})
		if err != nil {
			return err
		}
	}
	return nil
}

// largePlate returns the i-th load-test plate: 渝B·00001 onwards, the serial
// counting in plate characters, the letter cycling through B C D F G H.
func largePlate(i int) string {
	letter := largePlateLetters[i%len(largePlateLetters)]
	k := i / len(largePlateLetters)
	var serial [5]byte
	for j := 4; j >= 0; j-- {
		serial[j] = plateChars[k%len(plateChars)]
		k /= len(plateChars)
	}
	return "渝" + string(letter) + "·" + string(serial[:])
}

// searchCum returns the first index whose cumulative weight exceeds x.
func searchCum(cum []float64, x float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// weightedFast maps a percentile x to 0, 1 or 2 by two cut-offs.
func weightedFast(x, a, b int) int {
	switch {
	case x < a:
		return 0
	case x < b:
		return 1
	}
	return 2
}

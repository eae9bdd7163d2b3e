package glyphs

// inf stands for "no seed here" in a squared-distance grid. It is finite, as
// in tiny-sdf, so that the parabola intersections below stay finite numbers.
const inf = 1e20

// distanceTransform holds the scratch space of a one-dimensional squared
// Euclidean distance transform (Felzenszwalb & Huttenlocher, "Distance
// Transforms of Sampled Functions", 2012), sized for lines of up to n cells.
// Run along the columns and then the rows of a grid, it turns per-cell seed
// values (0 at a seed, a small squared offset at a sub-pixel seed, inf
// elsewhere) into the exact squared distance to the nearest seed.
type distanceTransform struct {
	f []float64 // the line's input values
	z []float64 // boundaries between the parabolas of the lower envelope
	v []int     // positions of the parabolas of the lower envelope
}

// resize makes room for lines of up to n cells, reusing the scratch space.
func (t *distanceTransform) resize(n int) {
	if cap(t.f) < n {
		t.f = make([]float64, n)
		t.z = make([]float64, n+1)
		t.v = make([]int, n)
	}
	t.f, t.z, t.v = t.f[:n], t.z[:n+1], t.v[:n]
}

// line replaces the n cells of grid at offset, offset+stride, … with their
// squared distance transform: the minimum over cells r of
// grid[r] + (q−r)², computed in O(n) as the lower envelope of parabolas.
func (t *distanceTransform) line(grid []float64, offset, stride, n int) {
	f, z, v := t.f, t.z, t.v
	for q := range n {
		f[q] = grid[offset+q*stride]
	}
	k := 0
	v[0] = 0
	z[0], z[1] = -inf, inf
	for q := 1; q < n; q++ {
		s := intersect(f, q, v[k])
		for s <= z[k] {
			k--
			s = intersect(f, q, v[k])
		}
		k++
		v[k] = q
		z[k], z[k+1] = s, inf
	}
	k = 0
	for q := range n {
		for z[k+1] < float64(q) {
			k++
		}
		r := v[k]
		grid[offset+q*stride] = f[r] + float64((q-r)*(q-r))
	}
}

// intersect returns where the parabolas rooted at q and r (r < q) cross.
// z[0] is −inf, so the envelope loop above always stops at k = 0.
func intersect(f []float64, q, r int) float64 {
	return (f[q] + float64(q*q) - f[r] - float64(r*r)) / float64(2*(q-r))
}

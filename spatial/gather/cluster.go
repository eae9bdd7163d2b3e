package gather

// snap is a member placed by a fresh fix at the instant being evaluated.
type snap struct {
	id string
	f  fix
}

// clusters returns the connected sets of at least k snaps under linked
// (union–find over every pair: a case has a handful of members), each in
// the order of snaps.
func clusters(snaps []snap, k int, linked func(a, b snap) bool) [][]snap {
	if len(snaps) < k {
		return nil
	}
	parent := make([]int, len(snaps))
	for i := range parent {
		parent[i] = i
	}
	root := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range snaps {
		for j := i + 1; j < len(snaps); j++ {
			if ri, rj := root(i), root(j); ri != rj && linked(snaps[i], snaps[j]) {
				parent[rj] = ri
			}
		}
	}
	byRoot := map[int][]snap{}
	var roots []int
	for i, s := range snaps {
		r := root(i)
		if byRoot[r] == nil {
			roots = append(roots, r)
		}
		byRoot[r] = append(byRoot[r], s)
	}
	var out [][]snap
	for _, r := range roots {
		if len(byRoot[r]) >= k {
			out = append(out, byRoot[r])
		}
	}
	return out
}

// split returns the IDs and fixes of snaps.
func split(snaps []snap) ([]string, []fix) {
	ids, fixes := make([]string, len(snaps)), make([]fix, len(snaps))
	for i, s := range snaps {
		ids[i], fixes[i] = s.id, s.f
	}
	return ids, fixes
}

// overlapSnaps counts the IDs of sorted ids found in snaps (sorted by id).
func overlapSnaps(ids []string, snaps []snap) int {
	n, i, j := 0, 0, 0
	for i < len(ids) && j < len(snaps) {
		switch {
		case ids[i] == snaps[j].id:
			n, i, j = n+1, i+1, j+1
		case ids[i] < snaps[j].id:
			i++
		default:
			j++
		}
	}
	return n
}

// overlap counts the IDs two sorted lists share.
func overlap(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n, i, j = n+1, i+1, j+1
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// cmpID orders gathering IDs.
func cmpID(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"lookout/layers"
)

// Draft is one decoded item on its way to World.Apply: the change, the
// warnings about members that were dropped, or why there is no change.
type Draft struct {
	Change   layers.Change
	Warnings []string
	Err      error
}

// Outcome is what became of one draft: World.Apply's result (Err set when
// the draft was bad, was rejected, or could not be committed) and the
// draft's warnings.
type Outcome struct {
	layers.Result
	Warnings []string
}

// Apply applies the good drafts in one World.Apply call, so that they share
// one commit, and returns an outcome per draft, in order. It returns after
// the commit: an outcome without Err is durable, which is when a protocol
// may acknowledge its item. The error return is World.Apply's, for the call
// as a whole (a closed world, or ctx ending before the commit); then no
// item may be acknowledged.
func Apply(ctx context.Context, w *layers.World, drafts []Draft) ([]Outcome, error) {
	out := make([]Outcome, len(drafts))
	changes := make([]layers.Change, 0, len(drafts))
	index := make([]int, 0, len(drafts)) // index[k] is the draft of changes[k]
	for i, d := range drafts {
		out[i].Warnings = d.Warnings
		if d.Err != nil {
			out[i].Err = d.Err
			continue
		}
		changes = append(changes, d.Change)
		index = append(index, i)
	}
	res, err := w.Apply(ctx, changes)
	if err != nil {
		return out, err
	}
	for k, r := range res {
		out[index[k]].Result = r
	}
	return out, nil
}

// Problem is how an error is told to a client, as the server's error table
// describes it: {"status":400,"field":"items[3].lon","reason":"…"}.
type Problem struct {
	Status int    `json:"status"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// Result is the answer for one item of a batch.
type Result struct {
	Index    int      `json:"index"`
	Status   int      `json:"status"`
	Seq      uint64   `json:"seq,omitempty"`
	Version  uint64   `json:"version,omitempty"`
	Stale    bool     `json:"stale,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
	Error    *Problem `json:"error,omitempty"`
}

// Answer is the answer to a batch: how many items were accepted and
// rejected, the world's sequence number after the commit, and a result per
// item. Its members are in the order encoding/json gave the map this
// answer was before, so the bytes on the wire did not change.
type Answer struct {
	Accepted int      `json:"accepted"`
	Rejected int      `json:"rejected"`
	Results  []Result `json:"results"`
	Seq      uint64   `json:"seq"`
}

// Status is the HTTP status of the whole answer: 200 when at least one item
// was accepted (or there were none), else the status of the first rejection.
func (a Answer) Status() int {
	if a.Accepted > 0 || len(a.Results) == 0 {
		return http.StatusOK
	}
	return a.Results[0].Status
}

// Batch applies JSON batches of items, {"items":[…]}, as POST
// /api/v1/ingest and the WebSocket ingest receive them. Items are
// independent: a bad item is rejected with its reason and the others are
// applied, all in one World.Apply call.
type Batch struct {
	World *layers.World
	// MaxItems caps the items of one batch.
	MaxItems int
	// Describe is the server's error table: the status, field and reason
	// of an item's error.
	Describe func(error) Problem
	// Allow, when set, says whether the caller may apply an item's change
	// (its token's role and scope); an item it refuses is rejected with
	// that error and nothing of it is applied.
	Allow func(layers.Change) error
}

// Apply decodes body, applies its items and answers after the commit. The
// error return is for the batch as a whole (not a batch, too many items, a
// closed world): nothing was applied, or, when ctx ended while waiting for
// the commit, it is unknown whether the items were.
func (b *Batch) Apply(ctx context.Context, body []byte) (Answer, error) {
	var batch struct {
		Items []json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(body, &batch); err != nil {
		return Answer{}, invalid("body", "want {\"items\": [...]}: "+err.Error())
	}
	if len(batch.Items) > b.MaxItems {
		return Answer{}, invalid("items", fmt.Sprintf("more than %d items in one batch", b.MaxItems))
	}
	drafts := make([]Draft, len(batch.Items))
	for i, raw := range batch.Items {
		d := &drafts[i]
		d.Change, d.Warnings, d.Err = Decode(raw, b.World)
		if d.Err == nil && b.Allow != nil {
			d.Err = b.Allow(d.Change)
		}
	}
	out, err := Apply(ctx, b.World, drafts)
	if err != nil {
		return Answer{}, err
	}
	ans := Answer{Results: make([]Result, len(out)), Seq: b.World.Seq()}
	for i, o := range out {
		r := &ans.Results[i]
		r.Index, r.Warnings = i, o.Warnings
		if o.Err != nil {
			p := b.Describe(o.Err)
			if p.Field != "" {
				p.Field = fmt.Sprintf("items[%d].%s", i, p.Field)
			}
			r.Status, r.Error = p.Status, &p
			ans.Rejected++
			continue
		}
		r.Status, r.Seq, r.Version, r.Stale = http.StatusOK, o.Seq, o.Version, o.Stale
		ans.Accepted++
	}
	return ans, nil
}

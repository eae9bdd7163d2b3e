package server

import (
	"fmt"
	"net/http"

	"lookout/layers"
	"lookout/server/ingest"
)

// ingestBatch returns the applier of JSON batches, {"items":[…]}, with the
// server's item cap and error table. POST /api/v1/ingest uses it, and so
// does the WebSocket ingest, which is a loop of
//
//	ans, err := s.ingestBatch(r).Apply(ctx, message)
//
// writing ans (or the problem of err) back as one frame per message.
func (s *Server) ingestBatch(r *http.Request) *ingest.Batch {
	return &ingest.Batch{World: s.world, MaxItems: s.opt.MaxItems, Describe: describe,
		Allow: func(c layers.Change) error { return s.mayWrite(r, c) }}
}

// describe is the error table (errors.go) in the ingest package's terms.
func describe(err error) ingest.Problem { return ingest.Problem(problem(err)) }

// ingest applies a batch of positions and sensor events through World.Apply
// and answers, after the commit, with a result per item. Items are
// independent: a bad item is rejected with its reason and the others are
// applied. The answer is 200 when at least one item was accepted, else the
// status of the first rejection.
func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	body, err := s.readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ans, err := s.ingestBatch(r).Apply(r.Context(), body)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, ans.Status(), ans)
}

// applyBatch applies upserts that were validated together and answers 201
// with the IDs, or the first failure.
func (s *Server) applyBatch(w http.ResponseWriter, r *http.Request, changes []layers.Change) {
	res, err := s.world.Apply(r.Context(), changes)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	ids := make([]string, len(changes))
	created := 0
	for i, rr := range res {
		if rr.Err != nil {
			s.writeError(w, r, prefixField(rr.Err, fmt.Sprintf("features[%d].", i)))
			return
		}
		ids[i] = changes[i].ID
		if rr.Created {
			created++
		}
	}
	writeJSON(w, http.StatusCreated, map[string]any{"created": created, "updated": len(ids) - created, "ids": ids, "seq": s.world.Seq()})
}

package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/coder/websocket"
)

// wsIngestReadLimit caps one ingest message (a batch of up to MaxItems).
const wsIngestReadLimit = 8 << 20

// wsIngest serves GET /ws/ingest, for producers that send positions and
// events at a high rate over one connection instead of one HTTP request per
// batch. Each message is a batch as POST /api/v1/ingest takes it,
// {"items":[…]}, optionally with "ref" (echoed back); each gets one answer
// frame, in order, after its commit: the same JSON as the POST's answer plus
// "status" (and "ref"), or {"status":…,"error":{…}} for a bad message.
// Messages on one connection are applied one after another; a producer that
// wants more in flight opens more connections.
func (s *Server) wsIngest(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: wsOriginPatterns(s.opt.CORSOrigins)})
	if err != nil {
		return
	}
	defer conn.CloseNow()
	conn.SetReadLimit(wsIngestReadLimit)
	ctx := r.Context()
	for {
		_, msg, err := conn.Read(ctx)
		if err != nil {
			return
		}
		var head struct {
			Ref json.RawMessage `json:"ref"`
		}
		_ = json.Unmarshal(msg, &head)
		var answer []byte
		ans, err := s.ingestBatch(r).Apply(ctx, msg)
		if err != nil {
			p := problem(err)
			answer, _ = json.Marshal(map[string]any{"status": p.Status, "error": p})
		} else {
			body, _ := json.Marshal(ans)
			answer = append([]byte(`{"status":`+strconv.Itoa(ans.Status())+`,`), body[1:]...)
		}
		if len(head.Ref) > 0 {
			answer = append(append(append([]byte(`{"ref":`), head.Ref...), ','), answer[1:]...)
		}
		wctx, cancel := context.WithTimeout(ctx, wsWriteTimeout)
		err = conn.Write(wctx, websocket.MessageText, answer)
		cancel()
		if err != nil {
			return
		}
	}
}

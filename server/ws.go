package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coder/websocket"
	"github.com/paulmach/orb"

	"lookout/layers"
	"lookout/layers/access"
	"lookout/server/hub"
	"lookout/server/limit"
)

// WebSocket settings: a client must answer pings, may send small messages
// only, is dropped after repeated bad messages, and gets a frame written
// within wsWriteTimeout or is dropped (it resumes with since).
const (
	wsPingEvery    = 20 * time.Second
	wsWriteTimeout = 10 * time.Second
	wsReadLimit    = 64 << 10
	wsMaxBad       = 5
	// wsMessageRate and wsMessageBurst bound a map client's messages: a
	// subscription per pan is far below; past it a message is refused (and
	// counts as bad, so a flood closes the connection).
	wsMessageRate  = 10
	wsMessageBurst = 20
	// CloseTooSlow is the close code for a client that fell too far behind;
	// it should reconnect and subscribe with since = the last frame's seq.
	CloseTooSlow = websocket.StatusCode(4008)
)

// wsRequest is a message a map client sends:
// {"type":"subscribe","layers":[…],"bbox":[minLon,minLat,maxLon,maxLat],"zoom":12,"since":0}
// with an optional "where":{"property":"value"} that keeps only features
// with those properties (the responder channel: the assignments layer
// where responder is the device's own ID).
type wsRequest struct {
	Type   string            `json:"type"`
	Layers []string          `json:"layers"`
	BBox   [4]float64        `json:"bbox"`
	Zoom   float64           `json:"zoom"`
	Since  uint64            `json:"since"`
	Where  map[string]string `json:"where"`
}

// errTooManyMessages refuses a message over the connection's rate.
var errTooManyMessages = errors.New("too many messages: at most 10 a second")

// ws serves GET /ws: the live feed of a map client. One goroutine reads the
// client's subscriptions, one pings it, and this one writes the hub's
// frames; whichever fails first ends all three.
func (s *Server) ws(w http.ResponseWriter, r *http.Request) {
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{OriginPatterns: wsOriginPatterns(s.opt.CORSOrigins)})
	if err != nil {
		return // Accept has answered the client
	}
	conn.SetReadLimit(wsReadLimit)
	client := s.hub.Connect()
	defer client.Close()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go s.wsRead(ctx, cancel, conn, client, r)
	go wsPing(ctx, cancel, conn)
	for {
		frame, err := client.Next(ctx)
		switch {
		case errors.Is(err, hub.ErrTooSlow):
			conn.Close(CloseTooSlow, "too slow: reconnect and subscribe with since")
			return
		case errors.Is(err, hub.ErrShutdown):
			conn.Close(websocket.StatusServiceRestart, "server restarting: reconnect and subscribe with since")
			return
		case err != nil:
			conn.CloseNow()
			return
		}
		wctx, wcancel := context.WithTimeout(ctx, wsWriteTimeout)
		err = conn.Write(wctx, websocket.MessageText, frame)
		wcancel()
		if err != nil {
			conn.Close(CloseTooSlow, "write timed out: reconnect and subscribe with since")
			return
		}
	}
}

// wsRead applies the client's subscriptions; bad messages get an error
// frame, and too many of them close the connection.
func (s *Server) wsRead(ctx context.Context, cancel context.CancelFunc, conn *websocket.Conn, client *hub.Client, r *http.Request) {
	defer cancel()
	bad := 0
	rate := limit.NewBucket(wsMessageRate, wsMessageBurst)
	for {
		_, data, err := conn.Read(ctx)
		if err != nil {
			return
		}
		err = errTooManyMessages
		if ok, _ := rate.Allow(time.Now()); ok {
			err = s.wsHandle(data, client, r)
		}
		if err != nil {
			bad++
			msg, _ := json.Marshal(map[string]string{"type": "error", "reason": err.Error()})
			wctx, wcancel := context.WithTimeout(ctx, wsWriteTimeout)
			conn.Write(wctx, websocket.MessageText, msg)
			wcancel()
			if bad >= wsMaxBad {
				conn.Close(websocket.StatusPolicyViolation, "too many bad messages")
				return
			}
		}
	}
}

// wsHandle applies one message of the client whose connection request is
// r: a subscription to layers its token may see (any other layer refuses
// the whole subscription), whose features it then gets only as far as its
// scope allows.
func (s *Server) wsHandle(data []byte, client *hub.Client, r *http.Request) error {
	var req wsRequest
	if err := json.Unmarshal(data, &req); err != nil {
		return fmt.Errorf("not a JSON message: %v", err)
	}
	if req.Type != "subscribe" {
		return fmt.Errorf("unknown message type %q: want \"subscribe\"", req.Type)
	}
	p := principalOf(r)
	for _, name := range req.Layers {
		def, err := s.world.Layer(name)
		if err == nil && !p.SeesLayer(def) {
			return fmt.Errorf("not allowed: this token may not see layer %q", name)
		}
		if err == nil && access.Custody(def) {
			s.audit(r, access.Entry{Action: "subscribe", Layer: name, Detail: fmt.Sprint(req.BBox)})
		}
	}
	var sees func(string, *layers.Feature) bool // nil: every feature of the layers (no per-event check in the hub)
	if p.District != "" || !p.Dispatches() {
		sees = func(layer string, f *layers.Feature) bool {
			def, err := s.world.Layer(layer)
			return err == nil && p.Sees(def, f)
		}
	}
	b := orb.Bound{Min: orb.Point{req.BBox[0], req.BBox[1]}, Max: orb.Point{req.BBox[2], req.BBox[3]}}
	return client.Subscribe(hub.Subscription{Layers: req.Layers, Bound: b, Zoom: req.Zoom, Since: req.Since, Where: req.Where, Sees: sees})
}

// wsPing checks every wsPingEvery that the client still answers.
func wsPing(ctx context.Context, cancel context.CancelFunc, conn *websocket.Conn) {
	defer cancel()
	t := time.NewTicker(wsPingEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			pctx, pcancel := context.WithTimeout(ctx, wsWriteTimeout)
			err := conn.Ping(pctx)
			pcancel()
			if err != nil {
				return
			}
		}
	}
}

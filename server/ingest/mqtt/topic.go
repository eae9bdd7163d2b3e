package mqtt

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"time"

	"lookout/server/ingest"
)

// ErrConfig is a bad broker URL or topic prefix: the subscriber does not start.
var ErrConfig = errors.New("ingest/mqtt: bad configuration")

// Options configure a Subscriber.
type Options struct {
	// URL is the broker: tcp://host:1883 (or mqtt://), ssl://host:8883
	// (or tls://, mqtts://), ws:// or wss://. user:password@ in it
	// authenticate.
	URL string
	// Topic is the prefix of the topics subscribed, "lookout" when empty:
	// {Topic}/{layer}/{id}/position and {Topic}/{layer}/{id}/event.
	Topic string
	// ClientID names Lookout's session at the broker. It must stay the same
	// across restarts, since the broker keeps the subscriptions and queues
	// the messages of a session while its client is away; two Lookout
	// instances must not share one. Empty means "lookout-" + the host name.
	ClientID string
	Logger   *slog.Logger
	// MaxBatch caps the messages applied in one World.Apply (default 500).
	MaxBatch int
	// MinBackoff and MaxBackoff bound the pause between connection attempts,
	// which doubles after each failure (defaults 100 ms and 30 s).
	MinBackoff, MaxBackoff time.Duration
}

// check fills in the defaults and validates the options; it returns the
// broker address without its credentials, and the credentials.
func (o *Options) check() (broker *url.URL, user, pass string, err error) {
	if o.Topic == "" {
		o.Topic = "lookout"
	}
	o.Topic = strings.TrimSuffix(o.Topic, "/")
	if o.Topic == "" || strings.ContainsAny(o.Topic, "+#") || strings.HasPrefix(o.Topic, "/") {
		return nil, "", "", fmt.Errorf("%w: --mqtt-topic %q: want a prefix such as lookout or city/cq, without wildcards or a leading /", ErrConfig, o.Topic)
	}
	if o.ClientID == "" {
		host, _ := os.Hostname()
		o.ClientID = "lookout-" + host
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 500
	}
	if o.MinBackoff <= 0 {
		o.MinBackoff = 100 * time.Millisecond
	}
	if o.MaxBackoff < o.MinBackoff {
		o.MaxBackoff = max(30*time.Second, o.MinBackoff)
	}
	u, err := url.Parse(o.URL)
	if err != nil || u.Host == "" {
		return nil, "", "", fmt.Errorf("%w: --mqtt-url %q: want tcp://host:1883", ErrConfig, o.URL)
	}
	switch u.Scheme {
	case "tcp", "mqtt", "ssl", "tls", "mqtts", "ws", "wss":
	default:
		return nil, "", "", fmt.Errorf("%w: --mqtt-url %q: scheme must be tcp, mqtt, ssl, tls, mqtts, ws or wss", ErrConfig, o.URL)
	}
	if u.User != nil {
		user = u.User.Username()
		pass, _ = u.User.Password()
		u.User = nil
	}
	return u, user, pass, nil
}

// filters are the subscriptions, all at QoS 1: at least once, acknowledged
// by Lookout only after the commit.
func (s *Subscriber) filters() map[string]byte {
	return map[string]byte{s.opt.Topic + "/+/+/position": 1, s.opt.Topic + "/+/+/event": 1}
}

// draft turns one message into an ingest draft. The topic
// {prefix}/{layer}/{id}/{position|event} says what the payload is about;
// the payload is an ingest item without (or agreeing with) type, layer and
// id: {"lon":106.57,"lat":29.6,"speed":38.5} or
// {"event":"alarm","properties":{"status":"alarm"}}.
func (s *Subscriber) draft(topic string, payload []byte) ingest.Draft {
	levels := strings.Split(strings.TrimPrefix(topic, s.opt.Topic+"/"), "/")
	if !strings.HasPrefix(topic, s.opt.Topic+"/") || len(levels) != 3 || levels[0] == "" || levels[1] == "" {
		return ingest.Draft{Err: &ingest.FieldError{Field: "topic", Reason: fmt.Sprintf("want %s/{layer}/{id}/position or …/event, got %q", s.opt.Topic, topic)}}
	}
	layer, id, kind := levels[0], levels[1], levels[2]
	if kind != "position" && kind != "event" {
		return ingest.Draft{Err: &ingest.FieldError{Field: "topic", Reason: fmt.Sprintf("the last level must be position or event, got %q", kind)}}
	}
	it, err := ingest.DecodeItem(payload)
	if err != nil {
		return ingest.Draft{Err: err}
	}
	for _, m := range []struct{ field, got, want string }{{"type", it.Type, kind}, {"layer", it.Layer, layer}, {"id", it.ID, id}} {
		if m.got != "" && m.got != m.want {
			return ingest.Draft{Err: &ingest.FieldError{Field: m.field, Reason: fmt.Sprintf("%q contradicts the topic's %q", m.got, m.want)}}
		}
	}
	it.Type, it.Layer, it.ID = kind, layer, id
	c, warnings, err := it.Change(s.world)
	return ingest.Draft{Change: c, Warnings: warnings, Err: err}
}

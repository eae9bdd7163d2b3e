// Package mqtt subscribes Lookout to sensor topics on an MQTT broker and
// applies what arrives through World.Apply, acknowledging each message only
// after its commit.
//
// It uses the Eclipse Paho client for MQTT 3.1.1 (github.com/eclipse/paho.mqtt.golang):
// stable at v1, spoken by every broker and sensor gateway, and it lets
// the application acknowledge a message itself (SetAutoAckDisabled and
// Message.Ack). With QoS 1 subscriptions and a persistent session (a fixed
// client ID, clean session off), a message Lookout received but did not
// commit — because it crashed, lost the connection or the commit failed — is
// delivered again, and messages published while Lookout is down wait at the
// broker. Delivery is at least once: a commit whose acknowledgement was lost
// is applied again, which for a position or an event changes nothing but
// the version.
package mqtt

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"

	paho "github.com/eclipse/paho.mqtt.golang"

	"lookout/layers"
	"lookout/server/ingest"
)

// Subscriber keeps a session with the broker, reconnecting with backoff,
// and applies the messages of its subscriptions in batches.
type Subscriber struct {
	world      *layers.World
	opt        Options
	log        *slog.Logger
	broker     *url.URL
	user, pass string
	// apply is ingest.Apply; tests replace it to fail a commit.
	apply  func(context.Context, *layers.World, []ingest.Draft) ([]ingest.Outcome, error)
	cancel context.CancelFunc
	done   chan struct{}

	received, applied, bad, redelivered, connects atomic.Uint64
}

// Stats counts what the subscriber has done since it started, for metrics.
type Stats struct {
	Received    uint64 // messages taken from the broker
	Applied     uint64 // committed, then acknowledged
	Bad         uint64 // refused (bad topic or payload, unknown feature), logged, acknowledged
	Redelivered uint64 // received again after Lookout had not acknowledged them
	Connects    uint64 // sessions established and subscribed
}

// Start validates opt and starts the subscriber in the background; it does
// not wait for the broker, which may be down: the subscriber keeps trying.
// Stop ends it; so does ctx ending.
func Start(ctx context.Context, w *layers.World, opt Options) (*Subscriber, error) {
	s, err := newSubscriber(w, opt)
	if err != nil {
		return nil, err
	}
	s.start(ctx)
	return s, nil
}

func newSubscriber(w *layers.World, opt Options) (*Subscriber, error) {
	broker, user, pass, err := opt.check()
	if err != nil {
		return nil, err
	}
	return &Subscriber{world: w, opt: opt, log: opt.Logger, broker: broker, user: user, pass: pass,
		apply: ingest.Apply, done: make(chan struct{})}, nil
}

func (s *Subscriber) start(ctx context.Context) {
	ctx, s.cancel = context.WithCancel(ctx)
	go s.run(ctx)
}

// Stop disconnects from the broker and returns when the subscriber has
// stopped. A batch being committed is finished and acknowledged first;
// messages received but not yet applied are left unacknowledged, for the
// broker to deliver again. Call it before closing the World.
func (s *Subscriber) Stop() {
	s.cancel()
	<-s.done
}

// Stats returns the counters.
func (s *Subscriber) Stats() Stats {
	return Stats{Received: s.received.Load(), Applied: s.applied.Load(), Bad: s.bad.Load(),
		Redelivered: s.redelivered.Load(), Connects: s.connects.Load()}
}

// run keeps a session up until ctx ends, pausing between attempts from
// MinBackoff, doubling to MaxBackoff; a session that lasted a minute
// starts the pauses over.
func (s *Subscriber) run(ctx context.Context) {
	defer close(s.done)
	pause := s.opt.MinBackoff
	for ctx.Err() == nil {
		up, err := s.session(ctx)
		if ctx.Err() != nil {
			return
		}
		if up >= time.Minute {
			pause = s.opt.MinBackoff
		}
		s.log.Warn("mqtt: no session; retrying", "broker", s.broker.Redacted(), "in", pause, "err", err)
		select {
		case <-time.After(pause):
		case <-ctx.Done():
			return
		}
		pause = min(2*pause, s.opt.MaxBackoff)
	}
}

// session connects, subscribes and applies messages until the connection
// is lost, a commit fails, or ctx ends. It returns how long it was
// subscribed. Each session has its own client and queue, so a message is
// only ever acknowledged on the connection it came by.
func (s *Subscriber) session(ctx context.Context) (time.Duration, error) {
	queue := make(chan paho.Message, 2*s.opt.MaxBatch)
	gone := make(chan struct{}) // closed when the session ends, to free a blocked handler
	lost := make(chan error, 1)
	enqueue := func(_ paho.Client, m paho.Message) {
		select {
		case queue <- m:
		case <-gone:
		}
	}
	o := paho.NewClientOptions().AddBroker(s.broker.String()).SetClientID(s.opt.ClientID).
		SetUsername(s.user).SetPassword(s.pass).
		SetCleanSession(false).SetAutoReconnect(false).SetAutoAckDisabled(true).SetOrderMatters(true).
		SetConnectTimeout(10 * time.Second).SetKeepAlive(30 * time.Second).
		// Messages the broker kept for the session arrive before the
		// subscription is renewed: the default handler takes them too.
		SetDefaultPublishHandler(enqueue).
		SetConnectionLostHandler(func(_ paho.Client, err error) {
			select {
			case lost <- err:
			default:
			}
		})
	c := paho.NewClient(o)
	if err := wait(ctx, c.Connect()); err != nil {
		close(gone)
		return 0, fmt.Errorf("connect: %w", err)
	}
	defer func() {
		close(gone)
		c.Disconnect(250)
	}()
	sub := c.SubscribeMultiple(s.filters(), nil)
	if err := wait(ctx, sub); err != nil {
		return 0, fmt.Errorf("subscribe: %w", err)
	}
	for filter, qos := range sub.(*paho.SubscribeToken).Result() {
		if qos > 2 {
			return 0, fmt.Errorf("subscribe: the broker refused %s", filter)
		}
	}
	s.connects.Add(1)
	s.log.Info("mqtt: subscribed", "broker", s.broker.Redacted(), "client_id", s.opt.ClientID, "topics", s.opt.Topic+"/+/+/{position,event}")
	start := time.Now()
	for {
		batch, err := s.collect(ctx, queue, lost)
		if err != nil {
			return time.Since(start), err
		}
		if err := s.applyBatch(ctx, batch); err != nil {
			return time.Since(start), err
		}
	}
}

// wait waits for a Paho token or ctx.
func wait(ctx context.Context, t paho.Token) error {
	select {
	case <-t.Done():
		return t.Error()
	case <-ctx.Done():
		return ctx.Err()
	}
}

// collect waits for a message, then takes every message already queued
// behind it, up to MaxBatch. It does not wait for more: while one batch
// commits the next one gathers, so batches grow with the load and a lone
// message is applied at once. (How many messages can wait is bounded by
// the broker's in-flight window, 20 by default in Mosquitto; raise
// max_inflight_messages there for bigger batches.)
func (s *Subscriber) collect(ctx context.Context, queue <-chan paho.Message, lost <-chan error) ([]paho.Message, error) {
	var batch []paho.Message
	select {
	case m := <-queue:
		batch = append(batch, m)
	case err := <-lost:
		return nil, fmt.Errorf("connection lost: %w", err)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	for len(batch) < s.opt.MaxBatch {
		select {
		case m := <-queue:
			batch = append(batch, m)
		default:
			return batch, nil
		}
	}
	return batch, nil
}

// applyBatch applies the messages in one World.Apply and acknowledges them
// in order once committed. A bad message is logged, counted and
// acknowledged: delivering it again would not make it good. A message whose
// commit failed is not acknowledged, nor is any after it (MQTT wants
// acknowledgements in order); the session then ends, so that the broker
// delivers them again on the next.
func (s *Subscriber) applyBatch(ctx context.Context, batch []paho.Message) error {
	drafts := make([]ingest.Draft, len(batch))
	for i, m := range batch {
		s.received.Add(1)
		if m.Duplicate() {
			s.redelivered.Add(1)
		}
		drafts[i] = s.draft(m.Topic(), m.Payload())
	}
	// A commit under way is waited for even when Stop is called, so that
	// what was committed is acknowledged rather than delivered again.
	out, err := s.apply(context.WithoutCancel(ctx), s.world, drafts)
	if err != nil {
		return fmt.Errorf("apply %d messages, none acknowledged: %w", len(batch), err)
	}
	for i, o := range out {
		m := batch[i]
		switch {
		case o.Err == nil:
			s.applied.Add(1)
		case errors.Is(o.Err, layers.ErrCommit):
			return fmt.Errorf("%d messages left for redelivery: %w", len(batch)-i, o.Err)
		default:
			s.bad.Add(1)
			s.log.Warn("mqtt: bad message dropped", "topic", m.Topic(), "reason", o.Err)
		}
		m.Ack()
	}
	return nil
}

package limit_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"lookout/server/limit"
)

// Example shows the limiter in front of an API: each token (here the
// Authorization header) gets 2 requests a second with bursts of 3; past
// that the answer is a 429 with Retry-After in whole seconds.
func Example() {
	perToken := limit.New(2, 3)
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	limited := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if ok, wait := perToken.Allow(r.Header.Get("Authorization"), time.Now()); !ok {
			w.Header().Set("Retry-After", limit.RetryAfter(wait))
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		api.ServeHTTP(w, r)
	})
	for range 4 {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/api/v1/layers", nil)
		req.Header.Set("Authorization", "Bearer lk_example")
		limited.ServeHTTP(rec, req)
		fmt.Printf("%d Retry-After=%s\n", rec.Code, rec.Header().Get("Retry-After"))
	}
	// Output:
	// 204 Retry-After=
	// 204 Retry-After=
	// 204 Retry-After=
	// 429 Retry-After=1
}

// ExampleBucket limits the messages of one WebSocket connection: the
// goroutine reading it owns the bucket, so it needs no lock.
func ExampleBucket() {
	msgs := limit.NewBucket(1, 2) // a message a second, bursts of 2
	start := time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC)
	for _, at := range []time.Duration{0, 0, 0, 500 * time.Millisecond, time.Second} {
		ok, wait := msgs.Allow(start.Add(at))
		fmt.Println(at, ok, wait)
	}
	// Output:
	// 0s true 0s
	// 0s true 0s
	// 0s false 1s
	// 500ms false 500ms
	// 1s true 0s
}

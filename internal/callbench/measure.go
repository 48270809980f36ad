package main

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// A caller makes calls one after the other on its own connection (or its
// share of a client, for gRPC). Each caller is used by one goroutine.
type caller interface {
	call(ctx context.Context) error
	// check verifies the reply of the last call: its content is the
	// request's, with the ID plus one.
	check() error
	close()
}

// A row is one way of calling with one message: a line of the table.
type row struct {
	msg  string // "fixed" or "var"
	sys  string // "floor", "cellvet Call", "cellvet CallInto", "rust", "grpc"
	dial func() (caller, error)
}

func (r row) String() string { return r.msg + "/" + r.sys }

// result is one measurement of a row with a number of callers.
type result struct {
	p50, p99 time.Duration
	rate     float64 // calls per second, all callers together
	calls    int
	cpu      time.Duration // CPU time of every process (callers and servers) per call
}

// measure runs n callers of r for warm, then for d, each call timed, and
// returns the latency percentiles over every call of the timed part, the
// calls per second and the CPU time per call of the processes pids. Any
// failed call fails the measurement.
func measure(ctx context.Context, r row, n int, warm, d time.Duration, pids []int) (result, error) {
	callers := make([]caller, 0, n)
	defer func() {
		for _, c := range callers {
			c.close()
		}
	}()
	for range n {
		c, err := r.dial()
		if err != nil {
			return result{}, fmt.Errorf("%v: %w", r, err)
		}
		callers = append(callers, c)
	}
	lats := make([][]time.Duration, n)
	errs := make([]error, n)
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	var began time.Time
	for i, c := range callers {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			lats[i], errs[i] = runCaller(ctx, c, warm, &ready, start, &began, d)
		}()
	}
	ready.Wait() // every caller warm
	cpu0, err := cpuTime(pids)
	began = time.Now()
	close(start)
	done.Wait()
	elapsed := time.Since(began)
	cpu1, err1 := cpuTime(pids)
	if err = cmp.Or(err, err1); err != nil {
		return result{}, err
	}
	var all []time.Duration
	for i := range lats {
		if errs[i] != nil {
			return result{}, fmt.Errorf("%v, caller %d: %w", r, i, errs[i])
		}
		all = append(all, lats[i]...)
	}
	if len(all) == 0 {
		return result{}, fmt.Errorf("%v: no call completed in %v", r, d)
	}
	slices.Sort(all)
	return result{
		p50:   all[len(all)/2],
		p99:   all[len(all)*99/100],
		rate:  float64(len(all)) / elapsed.Seconds(),
		calls: len(all),
		cpu:   (cpu1 - cpu0) / time.Duration(len(all)),
	}, nil
}

// runCaller warms c up for warm, reports ready, waits for start, then
// calls until d after began, returning each call's latency. The last reply
// of each phase is checked, so that a row that stopped exchanging the
// right bytes cannot be timed.
func runCaller(ctx context.Context, c caller, warm time.Duration, ready *sync.WaitGroup, start chan struct{}, began *time.Time, d time.Duration) ([]time.Duration, error) {
	err := callFor(ctx, c, warm)
	ready.Done()
	if err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	<-start
	lats := make([]time.Duration, 0, 1<<16)
	end := began.Add(d)
	for {
		t0 := time.Now()
		if t0.After(end) {
			break
		}
		if err := c.call(ctx); err != nil {
			return nil, err
		}
		lats = append(lats, time.Since(t0))
	}
	return lats, c.check()
}

// callFor calls c until d has passed.
func callFor(ctx context.Context, c caller, d time.Duration) error {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if err := c.call(ctx); err != nil {
			return err
		}
	}
	return nil
}

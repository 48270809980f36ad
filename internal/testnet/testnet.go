// Package testnet holds test helpers for fake cells and peers.
package testnet

import (
	"net"
	"sync"
	"testing"
)

// Serve runs handler, in its own goroutine, for every connection accepted
// on l until the test ends; cleanup closes l and every connection and waits
// for the handlers.
func Serve(t testing.TB, l net.Listener, handler func(net.Conn)) {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	var conns []net.Conn
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				handler(c)
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
}

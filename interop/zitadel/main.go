// Command zitadel-op is an independent RFC 8628 authorization server for
// devicecode's interop tests: the zitadel/oidc OpenID Provider with its
// example in-memory storage, device authorization enabled, endpoints laid
// out like GitLab or Entra ID, and test hooks that approve or deny a user
// code. It prints "LISTEN <base URL>" on stdout once it accepts
// connections, and exits on SIGINT, SIGTERM or when stdin closes.
//
// It lives in its own module so SDK users never inherit its dependencies.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "zitadel-op:", err)
		os.Exit(1)
	}
}

type config struct {
	addr       string
	layout     string
	tenant     string
	lifetime   time.Duration
	interval   int
	watchStdin bool
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("zitadel-op", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:0", "listen address")
	fs.StringVar(&c.layout, "layout", "default", "endpoint layout: gitlab, microsoft or default")
	fs.StringVar(&c.tenant, "tenant", "organizations", "tenant path segment for -layout microsoft")
	fs.DurationVar(&c.lifetime, "lifetime", 5*time.Minute, "device code lifetime (expires_in is its whole seconds)")
	fs.IntVar(&c.interval, "interval", 1, "poll interval in seconds; 0 omits interval from the response")
	fs.BoolVar(&c.watchStdin, "exit-on-stdin-eof", true, "exit when stdin closes, so a dead parent takes the server down")
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if c.lifetime <= 0 || c.interval < 0 {
		return config{}, errors.New("-lifetime must be positive and -interval not negative")
	}
	return c, nil
}

func run(args []string, stdin io.Reader, stdout io.Writer) error {
	cfg, err := parseFlags(args)
	if err != nil {
		return err
	}
	l, err := layoutFor(cfg.layout, cfg.tenant)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	h, err := newHandler(base, cfg, l)
	if err != nil {
		ln.Close()
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if cfg.watchStdin {
		go func() {
			io.Copy(io.Discard, stdin)
			stop()
		}()
	}
	return serve(ctx, ln, h, func() { fmt.Fprintf(stdout, "LISTEN %s\n", base) })
}

// serve runs h on ln until ctx ends, then drains in-flight requests.
// ready runs once the listener is accepting (it already is: Listen
// returned), so the LISTEN line never races the first request.
func serve(ctx context.Context, ln net.Listener, h http.Handler, ready func()) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	ready()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	slog.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

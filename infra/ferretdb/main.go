// Command ferretdb is Rightsflow's tiny local MongoDB-compatible server for
// development and tests when no `mongod` is available.
//
// It embeds FerretDB v1.24 through its embeddable package
// (github.com/FerretDB/FerretDB/ferretdb) with the SQLite backend, so it needs
// neither PostgreSQL nor Docker. FerretDB's own cmd is not used on purpose: when
// installed with `go install` it panics on a missing generated version file.
//
// Usage:
//
//	ferretdb -listen 127.0.0.1:27017 -state-dir .data/ferretdb [-log-level warn]
//
// It stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	stateDir := flag.String("state-dir", ".data/ferretdb", "directory for the SQLite databases")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(*logLevel))); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: invalid -log-level %q: %s\n", *logLevel, err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	dir, err := filepath.Abs(*stateDir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: bad -state-dir %q: %s\n", *stateDir, err)
		os.Exit(2)
	}

	if err = os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: cannot create state dir %q: %s\n", dir, err)
		os.Exit(1)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger.With("component", "ferretdb"),
		Handler:  "sqlite",
		// SQLite URI must point to a directory and end with a slash.
		SQLiteURL: "file:" + filepath.ToSlash(dir) + "/",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// MongoDBURI must only be called after Run has started the listener;
	// it blocks until the listener address is known.
	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s (state %s)\n", f.MongoDBURI(), dir)

	if err = <-done; err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}

	fmt.Fprintln(os.Stderr, "ferretdb: stopped")
}

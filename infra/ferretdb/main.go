// Command ferretdb is Rightsflow's tiny local MongoDB-compatible server for
// development and tests when no `mongod` is available.
//
// It embeds FerretDB v1.24 through its embeddable package
// (github.com/FerretDB/FerretDB/ferretdb) on its PostgreSQL backend: the stack's
// PostgreSQL holds our collections in a database of its own. PostgreSQL was
// chosen over FerretDB's SQLite backend by measurement: SQLite serialises writes
// (86 ops/s at 16 clients against 330) and refuses deletes of more than 32,766
// documents. FerretDB's own cmd is not used on purpose: when installed with
// `go install` it panics on a missing generated version file.
//
// Usage:
//
//	ferretdb -listen 127.0.0.1:27017 -postgresql-url postgres://u:p@127.0.0.1:5432/ferretdb [-log-level warn]
//	ferretdb -listen 127.0.0.1:27017 -state-dir .data/ferretdb   (SQLite backend, kept for comparison benchmarks)
//
// It stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (host:port)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL of FerretDB's own database (the default backend)")
	stateDir := flag.String("state-dir", "", "directory for the SQLite backend, when no -postgresql-url is given")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(*logLevel))); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: invalid -log-level %q: %s\n", *logLevel, err)
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	slog.SetDefault(logger)

	config := ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger.With("component", "ferretdb"),
	}
	state := *postgresURL
	switch {
	case *postgresURL != "":
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresURL
		state = redactURL(*postgresURL)
	case *stateDir != "":
		dir, err := filepath.Abs(*stateDir)
		if err == nil {
			err = os.MkdirAll(dir, 0o755)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "ferretdb: bad -state-dir %q: %s\n", *stateDir, err)
			os.Exit(2)
		}
		config.Handler = "sqlite"
		// SQLite URI must point to a directory and end with a slash.
		config.SQLiteURL = "file:" + filepath.ToSlash(dir) + "/"
		state = dir
	default:
		fmt.Fprintln(os.Stderr, "ferretdb: give -postgresql-url (or -state-dir for SQLite)")
		os.Exit(2)
	}

	f, err := ferretdb.New(&config)
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
	fmt.Fprintf(os.Stderr, "ferretdb: listening on %s (%s backend, %s)\n", f.MongoDBURI(), config.Handler, state)

	if err := <-done; err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb: %s\n", err)
		os.Exit(1)
	}

	fmt.Fprintln(os.Stderr, "ferretdb: stopped")
}

// redactURL hides the password of a connection URL in the log.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

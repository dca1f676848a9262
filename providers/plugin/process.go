package plugin

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"

	goplugin "github.com/hashicorp/go-plugin"
	"github.com/trueup/trueup/providers/plugin/internal/tfplugin5"
	"github.com/trueup/trueup/providers/plugin/internal/tfplugin6"
	"google.golang.org/grpc"
)

// Handshake is the go-plugin handshake every Terraform provider expects.
var Handshake = goplugin.HandshakeConfig{
	MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
	MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
}

// grpcPlugin5 and grpcPlugin6 hand go-plugin the protocol clients.
type grpcPlugin5 struct {
	goplugin.NetRPCUnsupportedPlugin
}
type grpcPlugin6 struct {
	goplugin.NetRPCUnsupportedPlugin
}

func (grpcPlugin5) GRPCServer(*goplugin.GRPCBroker, *grpc.Server) error {
	return errors.New("trueup serves no provider")
}

func (grpcPlugin5) GRPCClient(_ context.Context, _ *goplugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return &conn5{c: tfplugin5.NewProviderClient(c)}, nil
}

func (grpcPlugin6) GRPCServer(*goplugin.GRPCBroker, *grpc.Server) error {
	return errors.New("trueup serves no provider")
}

func (grpcPlugin6) GRPCClient(_ context.Context, _ *goplugin.GRPCBroker, c *grpc.ClientConn) (any, error) {
	return &conn6{c: tfplugin6.NewProviderClient(c)}, nil
}

// CleanupProcesses ends every plugin process still running (each is
// normally ended by its provider's Close). The program calls it on exit.
func CleanupProcesses() { goplugin.CleanupClients() }

// process is one running plugin.
type process struct {
	client *goplugin.Client
	conn   conn
	tail   *tailBuffer
}

// startProcess starts the plugin executable and negotiates protocol 5 or 6.
// red redacts its logs and the output lines errors quote.
func startProcess(m Meta, red *redactor) (*process, error) {
	tail := newTailBuffer(tailLines)
	tail.red = red
	cmd := exec.Command(m.Executable)
	logger := m.logger(red)
	cmd.Env = append(append(cmd.Environ(), logLevelEnv(cmd.Environ(), logger.GetLevel())...), m.Env...)
	client := goplugin.NewClient(&goplugin.ClientConfig{
		HandshakeConfig: Handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{
			5: {"provider": grpcPlugin5{}},
			6: {"provider": grpcPlugin6{}},
		},
		Cmd:              cmd,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		AutoMTLS:         true,
		Managed:          true,
		Logger:           logger,
		Stderr:           tail,
		SyncStdout:       tail,
		SyncStderr:       tail,
	})
	rpc, err := client.Client()
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("starting %s: %w%s", m.Executable, err, tail.suffix())
	}
	raw, err := rpc.Dispense("provider")
	if err != nil {
		client.Kill()
		return nil, fmt.Errorf("starting %s: %w%s", m.Executable, err, tail.suffix())
	}
	return &process{client: client, conn: raw.(conn), tail: tail}, nil
}

// tailLines is how many of a plugin's last output lines a crash report
// quotes.
const tailLines = 25

// tailBuffer keeps the last lines a plugin wrote to stdout and stderr.
type tailBuffer struct {
	mu      sync.Mutex
	max     int
	lines   []string
	partial strings.Builder
	// red, when set, redacts what String returns.
	red *redactor
}

func newTailBuffer(max int) *tailBuffer { return &tailBuffer{max: max} }

// Write takes output in any chunks and keeps complete lines.
func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, b := range p {
		if b != '\n' {
			t.partial.WriteByte(b)
			continue
		}
		t.lines = append(t.lines, t.partial.String())
		t.partial.Reset()
		if len(t.lines) > t.max {
			t.lines = t.lines[len(t.lines)-t.max:]
		}
	}
	return len(p), nil
}

// String returns the kept lines.
func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := strings.Join(t.lines, "\n")
	if t.partial.Len() > 0 {
		out += "\n" + t.partial.String()
	}
	if t.red != nil {
		out = t.red.text(out)
	}
	return strings.TrimSpace(out)
}

// suffix is ": its last output lines:\n..." or "".
func (t *tailBuffer) suffix() string {
	s := t.String()
	if s == "" {
		return ""
	}
	return "\n\nThe plugin's last output lines:\n" + s
}

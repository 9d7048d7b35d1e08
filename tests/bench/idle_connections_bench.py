#!/usr/bin/python3
"""Connection exhaustion benchmark (issue 12, part 5): many idle connections from one client.

  tests/bench/idle_connections_bench.py TESSERA_BINARY [options]
    --connections N     idle connections to open, never sending a byte (default 21000),
                        from as many client processes as the descriptor limit needs
    --duration S        seconds to hold them while /healthz is probed (default 20)
    --server-nofile N   run the server with RLIMIT_NOFILE soft = hard = N (default: this
                        script's limits as it was started, before it raises its own)
    --server-arg ARG    extra argument for `tessera serve` (repeatable), e.g.
                        --server-arg=--max-connections --server-arg=100000
    --keep DIR          keep the database and the server log in DIR

Starts `tessera serve --port 0` on a fresh database with its log (standard error) in a file,
opens the idle connections from client processes (each raises its soft descriptor limit to the
hard one and opens at most that less 100), and meanwhile GETs /healthz on a fresh connection
every 0.25 s. Prints the /healthz latencies (each probe waits up to 60 s), the server's CPU time
(user + system, from /proc), its open descriptors at the end, how many idle connections it
closed, and the size and line count of its log (standard error and output), with its most frequent lines other than the access log. Uses 127.0.0.1
only; stops by itself. Python standard library only.
"""
import argparse
import collections
import errno
import multiprocessing
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def probe(port):
    """Seconds for one GET /healthz on a fresh connection, or None after 60 s."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            if not data.startswith(b"HTTP/1.1 200"):
                return None
    except OSError:
        return None
    return time.monotonic() - start


def hold_idle(port, count, pipe):
    """A client process: opens `count` idle connections, holds them until told to stop, then
    sends back (opened, failed to open, closed by the server)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    idle, failed = [], 0
    start = time.monotonic()
    for _ in range(count):
        if pipe.poll():
            break
        try:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        except OSError:
            failed += 1
            continue
        s.setblocking(False)
        if s.connect_ex(("127.0.0.1", port)) not in (0, errno.EINPROGRESS):
            failed += 1
            s.close()
            continue
        idle.append(s)
    took = time.monotonic() - start if len(idle) + failed == count else None
    pipe.recv()
    closed = never = 0
    for s in idle:
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass  # open and idle
        except ConnectionResetError:
            closed += 1
        except OSError:
            never += 1  # the handshake never completed (the listen backlog was full)
        s.close()
    pipe.send((len(idle), failed, closed, never, took))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--connections", type=int, default=21000)
    parser.add_argument("--duration", type=float, default=20)
    parser.add_argument("--server-nofile", type=int)
    parser.add_argument("--server-arg", action="append", default=[])
    parser.add_argument("--keep")
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    per_client = max(1, (hard if hard != resource.RLIM_INFINITY else 1 << 20) - 100)

    work = args.keep or tempfile.mkdtemp(prefix="tessera-idle-")
    os.makedirs(work, exist_ok=True)
    log_path = os.path.join(work, "server.log")
    log = open(log_path, "wb")

    def limit_server():
        if args.server_nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (args.server_nofile, args.server_nofile))
        else:
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))

    env = dict(os.environ)
    env.pop("TESSERA_DB", None)
    server = subprocess.Popen(
        [args.binary, "serve", "--db", os.path.join(work, "idle.db"), "--port", "0"]
        + args.server_arg,
        stdout=subprocess.PIPE, stderr=log, env=env, preexec_fn=limit_server)
    port = None
    startup = []
    for line in server.stdout:
        startup.append(line)
        match = re.search(rb"listening on http://[^:]+:(\d+)", line)
        if match:
            port = int(match.group(1))
            break
    if port is None:
        sys.exit("the server did not start; see %s" % log_path)
    out_path = os.path.join(work, "server-stdout.log")
    out = open(out_path, "wb")
    out.writelines(startup)

    def pump():  # spdlog's default logger writes to standard output
        for line in server.stdout:
            out.write(line)

    pumping = threading.Thread(target=pump, daemon=True)
    pumping.start()

    print("== machine: %d CPUs, load %s" % (os.cpu_count(), open("/proc/loadavg").read().split()[0:3]))
    print("== server pid %d port %d, args %s, server RLIMIT_NOFILE %s" % (
        server.pid, port, " ".join(args.server_arg) or "-",
        args.server_nofile or "inherited (%d/%d)" % (soft, hard)))
    baseline = [probe(port) for _ in range(5)]
    print("healthz before: %s ms" % ", ".join("%.1f" % (b * 1000) for b in baseline if b))

    cpu_start = cpu_seconds(server.pid)
    wall_start = time.monotonic()
    clients = []
    left = args.connections
    while left > 0:
        count = min(left, per_client)
        left -= count
        parent_end, child_end = multiprocessing.Pipe()
        process = multiprocessing.Process(target=hold_idle, args=(port, count, child_end))
        process.start()
        clients.append((process, parent_end))

    latencies = []
    next_probe = time.monotonic()
    while time.monotonic() - wall_start < args.duration:
        now = time.monotonic()
        if now < next_probe:
            time.sleep(next_probe - now)
        next_probe += 0.25
        latencies.append((time.monotonic() - wall_start, probe(port)))
    cpu_used = cpu_seconds(server.pid) - cpu_start
    wall = time.monotonic() - wall_start
    server_fds = len(os.listdir("/proc/%d/fd" % server.pid))
    opened = failed = closed = never = 0
    took = []
    for process, pipe in clients:
        pipe.send("stop")
        o, f, c, n, t = pipe.recv()
        opened, failed, closed, never = opened + o, failed + f, closed + c, never + n
        took.append("%.1f s" % t if t is not None else "unfinished")
        process.join()

    answered = [l for _, l in latencies if l is not None]
    print("idle connections opened: %d from %d processes in %s (failed to open: %d); at the "
          "end closed by the server: %d, never connected: %d" % (
              opened, len(clients), ", ".join(took), failed, closed, never))
    print("healthz probes: %d, answered: %d" % (len(latencies), len(answered)))
    if answered:
        ordered = sorted(answered)
        print("healthz latency ms: median %.1f, p90 %.1f, max %.1f" % (
            statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.9)] * 1000,
            ordered[-1] * 1000))
    print("worst probes: %s" % ", ".join(
        "t=%.1fs %s" % (t, "none" if l is None else "%.0fms" % (l * 1000))
        for t, l in sorted(latencies, key=lambda p: -(p[1] if p[1] is not None else 1e9))[:5]))
    print("server CPU: %.2f s in %.1f s wall (%.0f %% of one core)" % (
        cpu_used, wall, 100 * cpu_used / wall))
    print("server descriptors open at the end: %d" % server_fds)

    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()
    pumping.join(timeout=10)
    out.close()
    size = os.path.getsize(log_path) + os.path.getsize(out_path)
    lines = []
    for path in (log_path, out_path):
        with open(path, "rb") as f:
            lines += f.read().decode("utf-8", "replace").splitlines()
    print("server log (standard error and output): %d bytes, %d lines" % (size, len(lines)))
    access = [l for l in lines if "[access]" in l]
    print("  %6d access log lines" % len(access))
    counts = collections.Counter(
        re.sub(r"^\[[^]]*\] ", "", l)[:160] for l in lines if "[access]" not in l)
    for line, count in counts.most_common(12):
        print("  %6d x %s" % (count, line))
    if not args.keep:
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)


if __name__ == "__main__":
    main()

/* LD_PRELOAD shim for tests/bench/intake_bench.sh --spread-sources: binds every IPv4 socket
 * that connects to 127.0.0.1 to its own loopback source address (127.0.0.2, 127.0.0.3, ...,
 * then 127.0.1.x, ...), so that a per-client-address rate limiter sees each wrk connection as
 * a different client. Loopback only; nothing leaves the machine. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <sys/socket.h>

static atomic_uint next_source = 2;

int connect(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real_connect)(int, const struct sockaddr *, socklen_t);
  if (!real_connect) real_connect = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "connect");
  if (addr && addr->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in)) {
    const struct sockaddr_in *to = (const struct sockaddr_in *)addr;
    if (to->sin_addr.s_addr == htonl(INADDR_LOOPBACK)) {
      unsigned n = atomic_fetch_add(&next_source, 1) % 65000u + 2u;
      struct sockaddr_in from = {0};
      from.sin_family = AF_INET;
      from.sin_port = 0;
      from.sin_addr.s_addr = htonl(0x7f000000u | n); /* 127.0.x.y */
      bind(fd, (struct sockaddr *)&from, sizeof from); /* on failure: connect as usual */
    }
  }
  return real_connect(fd, addr, len);
}

// The process's file descriptor limit (RLIMIT_NOFILE): every connection holds one descriptor,
// and so does each database file, log and streamed download. `tessera serve` raises the soft
// limit to the hard one at start, and HttpServer derives its default connection cap from it.
#ifndef TESSERA_SERVER_HTTP_DESCRIPTOR_LIMIT_H_
#define TESSERA_SERVER_HTTP_DESCRIPTOR_LIMIT_H_

#include <cstddef>
#include <cstdint>

#include "instruments/status.h"

namespace tessera::server {

// Descriptors kept out of the connection cap's default: the database connections (each with its
// file, WAL and shared-memory file), logs, streamed downloads, the listener and the I/O
// context's own.
inline constexpr std::size_t kReservedDescriptors = 128;
// The default connection cap never exceeds this, however high the descriptor limit.
inline constexpr std::size_t kMaxDefaultConnections = 4096;

struct DescriptorLimit {
  std::uint64_t soft = 0;  // RLIM_INFINITY shows as UINT64_MAX
  std::uint64_t hard = 0;
};

// The current RLIMIT_NOFILE.
Result<DescriptorLimit> CurrentDescriptorLimit();

// Raises the soft RLIMIT_NOFILE to the hard limit; returns the limit before the change. A soft
// limit already at the hard one is left alone.
Result<DescriptorLimit> RaiseDescriptorLimit();

// The default connection cap for a soft descriptor limit: min(4096, soft - 128), or half the
// limit when it is too small to leave the reserve (at least 1).
std::size_t DefaultMaxConnections(std::uint64_t soft_limit);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_HTTP_DESCRIPTOR_LIMIT_H_

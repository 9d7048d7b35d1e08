#include "server/http/descriptor_limit.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace tessera::server {
namespace {

std::uint64_t FromRlim(rlim_t value) {
  return value == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(value);
}

}  // namespace

Result<DescriptorLimit> CurrentDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Status::IoError(std::string("cannot read the descriptor limit: ") +
                           std::strerror(errno));
  }
  return DescriptorLimit{FromRlim(limit.rlim_cur), FromRlim(limit.rlim_max)};
}

Result<DescriptorLimit> RaiseDescriptorLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Status::IoError(std::string("cannot read the descriptor limit: ") +
                           std::strerror(errno));
  }
  const DescriptorLimit before{FromRlim(limit.rlim_cur), FromRlim(limit.rlim_max)};
  if (limit.rlim_cur == limit.rlim_max) return before;
  rlimit raised = limit;
  raised.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    return Status::IoError(std::string("cannot raise the descriptor limit to ") +
                           std::to_string(before.hard) + ": " + std::strerror(errno));
  }
  return before;
}

std::size_t DefaultMaxConnections(std::uint64_t soft_limit) {
  if (soft_limit >= 2 * kReservedDescriptors) {
    return static_cast<std::size_t>(
        std::min<std::uint64_t>(kMaxDefaultConnections, soft_limit - kReservedDescriptors));
  }
  return static_cast<std::size_t>(std::max<std::uint64_t>(1, soft_limit / 2));
}

}  // namespace tessera::server

// Runs the real `tessera` binary in a test and captures what it prints.
#ifndef TESSERA_TESTS_SERVER_RUN_TESSERA_H_
#define TESSERA_TESTS_SERVER_RUN_TESSERA_H_

#include <string>

namespace tessera::testing {

struct Run {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// `args` is appended to the binary's path as shell words; quote them yourself when needed.
Run RunTessera(const std::string& args);

// A fresh, empty folder under the system temporary directory.
std::string MakeTempDir(const std::string& prefix);

}  // namespace tessera::testing

#endif  // TESSERA_TESTS_SERVER_RUN_TESSERA_H_

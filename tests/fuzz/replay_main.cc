// The replay driver for the fuzz targets (CTest "fuzz.<target>"; no libFuzzer): runs every file
// named on the command line, or found directly inside a directory named on it, through the
// target's LLVMFuzzerTestOneInput once, in name order.
//
//   fuzz_replay TARGET PATH...
//
// A directory that does not exist is skipped (a target without crash files has no
// tests/fuzz/crashes/<target>/); finding no input at all is an error, so an emptied seed corpus
// cannot pass unnoticed. A failing input aborts (a fuzz check, or a sanitizer report in the
// sanitizer build) after its name is printed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#define TESSERA_FUZZ_TARGET(name) \
  extern "C" int TesseraFuzz_##name(const uint8_t* data, size_t size);
#include "fuzz_targets.inc"
#undef TESSERA_FUZZ_TARGET

namespace {

using TestOneInput = int (*)(const uint8_t* data, size_t size);

struct Target {
  std::string_view name;
  TestOneInput run;
};

constexpr Target kTargets[] = {
#define TESSERA_FUZZ_TARGET(name) {#name, &TesseraFuzz_##name},
#include "fuzz_targets.inc"
#undef TESSERA_FUZZ_TARGET
};

}  // namespace

int main(int argc, char** argv) {
  TestOneInput run = nullptr;
  if (argc >= 2) {
    for (const Target& target : kTargets) {
      if (target.name == argv[1]) run = target.run;
    }
  }
  if (run == nullptr) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET PATH...; targets:");
    for (const Target& target : kTargets) {
      std::fprintf(stderr, " %.*s", static_cast<int>(target.name.size()), target.name.data());
    }
    std::fprintf(stderr, "\n");
    return 2;
  }
  std::vector<std::filesystem::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const std::filesystem::path path = argv[i];
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) files.push_back(entry.path());
      }
      std::sort(files.begin(), files.end());
      inputs.insert(inputs.end(), files.begin(), files.end());
    } else if (std::filesystem::is_regular_file(path, error)) {
      inputs.push_back(path);
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "no input found in the paths given\n");
    return 2;
  }
  for (const std::filesystem::path& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    const std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    if (in.bad()) {
      std::fprintf(stderr, "cannot read %s\n", input.c_str());
      return 2;
    }
    std::fprintf(stderr, "%s (%zu bytes)\n", input.c_str(), data.size());
    // A buffer of exactly the input's size, as libFuzzer passes it, so ASan sees overreads (and
    // a valid pointer for an empty input, as libFuzzer gives).
    static const uint8_t kEmpty = 0;
    run(data.empty() ? &kEmpty : data.data(), data.size());
  }
  std::fprintf(stderr, "%zu inputs ran without a failure\n", inputs.size());
  return 0;
}

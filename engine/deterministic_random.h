// A seeded random source whose output is identical on every platform: std::mt19937_64 is fully
// specified by the standard, but its distributions are not, so the ones used here are written
// out (uniform by bit extraction, normal by Box-Muller).
#ifndef TESSERA_ENGINE_DETERMINISTIC_RANDOM_H_
#define TESSERA_ENGINE_DETERMINISTIC_RANDOM_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <vector>

namespace tessera::engine {

class DeterministicRandom {
 public:
  explicit DeterministicRandom(uint64_t seed) : engine_(seed) {}

  // Uniform in [0, 1), 53 random bits.
  double Uniform();
  // Standard normal (Box-Muller; the second value of each pair is kept for the next call).
  double Normal();
  // True with probability `p` (p <= 0: never; p >= 1: always).
  bool Chance(double p);
  // Uniform integer in [0, n); 0 when n is 0.
  uint64_t Below(uint64_t n);
  // An index drawn in proportion to `weights` (negative weights count as 0); 0 when all are 0.
  size_t Pick(const std::vector<double>& weights);

 private:
  std::mt19937_64 engine_;
  std::optional<double> spare_normal_;
};

// Mixes a base seed with a stream number so separate streams do not overlap (splitmix64).
uint64_t MixSeed(uint64_t seed, uint64_t stream);

}  // namespace tessera::engine

#endif  // TESSERA_ENGINE_DETERMINISTIC_RANDOM_H_

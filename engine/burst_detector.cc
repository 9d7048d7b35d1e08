#include "engine/burst_detector.h"

#include <algorithm>
#include <functional>

namespace tessera::engine {
namespace {

bool Answered(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_string() && value.get_ref<const std::string&>().empty()) return false;
  if (value.is_array() && value.empty()) return false;
  return true;
}

}  // namespace

AnswerFingerprint AnswerFingerprint::Of(const nlohmann::json& answers) {
  AnswerFingerprint fingerprint;
  if (!answers.is_object()) return fingerprint;
  const std::hash<std::string> hash;
  for (const auto& [item, value] : answers.items()) {
    if (!Answered(value)) continue;
    fingerprint.answers.emplace_back(hash(item), hash(value.dump()));
  }
  std::sort(fingerprint.answers.begin(), fingerprint.answers.end());
  return fingerprint;
}

double Agreement(const AnswerFingerprint& a, const AnswerFingerprint& b) {
  size_t i = 0;
  size_t j = 0;
  size_t both = 0;
  size_t agree = 0;
  while (i < a.answers.size() && j < b.answers.size()) {
    if (a.answers[i].first < b.answers[j].first) {
      ++i;
    } else if (b.answers[j].first < a.answers[i].first) {
      ++j;
    } else {
      ++both;
      if (a.answers[i].second == b.answers[j].second) ++agree;
      ++i;
      ++j;
    }
  }
  const size_t either = a.answers.size() + b.answers.size() - both;
  return either == 0 ? 0.0 : static_cast<double>(agree) / static_cast<double>(either);
}

double AnswerAgreement(const nlohmann::json& a, const nlohmann::json& b) {
  return Agreement(AnswerFingerprint::Of(a), AnswerFingerprint::Of(b));
}

BurstDetector::BurstDetector(BurstOptions options) : options_(options) {}

void BurstDetector::Prune(Clock::time_point now) {
  for (auto it = groups_.begin(); it != groups_.end();) {
    auto& responses = it->second.responses;
    while (!responses.empty() && now - responses.front().at > options_.window) {
      responses.pop_front();
    }
    it = responses.empty() ? groups_.erase(it) : std::next(it);
  }
  while (groups_.size() > options_.max_groups) {
    auto oldest = std::min_element(
        groups_.begin(), groups_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen < b.second.last_seen; });
    groups_.erase(oldest);
  }
}

std::vector<BurstFlag> BurstDetector::Observe(int64_t campaign_id, const nlohmann::json& groups,
                                              const nlohmann::json& answers, const std::string& day,
                                              Clock::time_point now) {
  std::vector<GroupKey> keys;
  if (groups.is_object()) {
    for (const auto& [item, value] : groups.items()) {
      if (!Answered(value)) continue;
      keys.push_back(
          {campaign_id, item, value.is_string() ? value.get<std::string>() : value.dump()});
    }
  }
  if (keys.empty()) keys.push_back({campaign_id, "", ""});
  const Fingerprint fingerprint{now, AnswerFingerprint::Of(answers)};
  std::vector<BurstFlag> flags;
  std::lock_guard lock(mutex_);
  for (const GroupKey& key : keys) {
    Recent& recent = groups_[key];
    while (!recent.responses.empty() && now - recent.responses.front().at > options_.window) {
      recent.responses.pop_front();
    }
    size_t alike = 1;  // the new response itself
    for (const Fingerprint& earlier : recent.responses) {
      if (Agreement(fingerprint.answers, earlier.answers) >= options_.agreement - 1e-9) ++alike;
    }
    if (alike >= options_.min_responses) {
      flags.push_back({campaign_id, key.grouping, key.group, day, static_cast<int64_t>(alike)});
    }
    recent.responses.push_back(fingerprint);
    while (recent.responses.size() > options_.max_per_group) recent.responses.pop_front();
    recent.last_seen = now;
  }
  if (groups_.size() > options_.max_groups) Prune(now);
  return flags;
}

size_t BurstDetector::remembered() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (const auto& [key, recent] : groups_) total += recent.responses.size();
  return total;
}

}  // namespace tessera::engine

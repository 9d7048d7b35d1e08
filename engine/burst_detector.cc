#include "engine/burst_detector.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

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
    // Numbers and texts are hashed as they are (tagged apart); anything else as its JSON.
    uint64_t answer = 0;
    if (value.is_number_integer()) {
      answer = std::hash<int64_t>()(value.get<int64_t>()) * 3 + 1;
    } else if (value.is_string()) {
      answer = hash(value.get_ref<const std::string&>()) * 3 + 2;
    } else {
      answer = hash(value.dump()) * 3;
    }
    fingerprint.answers.emplace_back(hash(item), answer);
  }
  std::sort(fingerprint.answers.begin(), fingerprint.answers.end());
  uint64_t digest = 1469598103934665603ULL;
  for (const auto& [item, answer] : fingerprint.answers) {
    digest = (digest ^ item) * 1099511628211ULL;
    digest = (digest ^ answer) * 1099511628211ULL;
  }
  fingerprint.digest = digest;
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

bool AgreeAtLeast(const AnswerFingerprint& a, const AnswerFingerprint& b, double threshold) {
  if (a.answers.empty() && b.answers.empty()) return false;
  if (a.digest == b.digest && a.answers == b.answers) return true;  // identical
  // agree >= threshold * (agree + mismatched) <=> mismatched <= agree * (1 - t) / t, and agree
  // is at most the smaller of the two: past that many mismatches the answer is no.
  const double most_agree = static_cast<double>(std::min(a.answers.size(), b.answers.size()));
  const size_t allowed = static_cast<size_t>(most_agree * (1 - threshold) / threshold + 1e-9);
  size_t i = 0;
  size_t j = 0;
  size_t agree = 0;
  size_t mismatched = 0;
  while (i < a.answers.size() || j < b.answers.size()) {
    if (j == b.answers.size() ||
        (i < a.answers.size() && a.answers[i].first < b.answers[j].first)) {
      ++i;
      ++mismatched;
    } else if (i == a.answers.size() || b.answers[j].first < a.answers[i].first) {
      ++j;
      ++mismatched;
    } else {
      if (a.answers[i].second == b.answers[j].second) {
        ++agree;
      } else {
        ++mismatched;
      }
      ++i;
      ++j;
    }
    if (mismatched > allowed) return false;
  }
  return static_cast<double>(agree) >= threshold * static_cast<double>(agree + mismatched) - 1e-9;
}

double AnswerAgreement(const nlohmann::json& a, const nlohmann::json& b) {
  return Agreement(AnswerFingerprint::Of(a), AnswerFingerprint::Of(b));
}

BurstDetector::BurstDetector(BurstOptions options) : options_(options) {}

void BurstDetector::Prune(Clock::time_point now) {
  for (auto it = groups_.begin(); it != groups_.end();) {
    auto& responses = it->second.responses;
    while (!responses.empty() && now - responses.front()->at > options_.window) {
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
  return Observe(campaign_id, groups, AnswerFingerprint::Of(answers), day, now);
}

std::vector<BurstFlag> BurstDetector::Observe(int64_t campaign_id, const nlohmann::json& groups,
                                              AnswerFingerprint answers, const std::string& day,
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
  auto fingerprint = std::make_shared<const Fingerprint>(Fingerprint{now, std::move(answers)});
  // Whether each earlier response is alike, worked out once however many groups it shares.
  std::unordered_map<const Fingerprint*, bool> alike_to;
  std::vector<BurstFlag> flags;
  std::lock_guard lock(mutex_);
  for (const GroupKey& key : keys) {
    Recent& recent = groups_[key];
    while (!recent.responses.empty() && now - recent.responses.front()->at > options_.window) {
      recent.responses.pop_front();
    }
    size_t alike = 1;  // the new response itself
    for (const auto& earlier : recent.responses) {
      auto [known, fresh] = alike_to.try_emplace(earlier.get(), false);
      if (fresh) {
        known->second = AgreeAtLeast(fingerprint->answers, earlier->answers, options_.agreement);
      }
      if (known->second) ++alike;
    }
    if (recent.reported_day != day) {
      recent.reported_day = day;
      recent.reported = 0;
    }
    if (alike >= options_.min_responses && alike > recent.reported) {
      flags.push_back({campaign_id, key.grouping, key.group, day, static_cast<int64_t>(alike)});
      recent.reported = alike;
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

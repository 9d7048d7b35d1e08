// Responses of the SQLite store: group commit, import, reading and receipts.
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "engine/sqlite_store_impl.h"
#include "engine/sqlite_support.h"

namespace tessera::engine {
namespace {

constexpr int kIdAttempts = 8;

// Checks a response's shape and writes its JSON before it touches the database.
Result<ResponseText> PrepareResponse(const nlohmann::json& answers, const nlohmann::json& groups,
                                     const std::string& submitted_on) {
  if (!answers.is_object()) return Status::InvalidArgument("answers must be a JSON object");
  if (!groups.is_object()) return Status::InvalidArgument("groups must be a JSON object");
  if (!IsValidDate(submitted_on)) {
    return Status::InvalidArgument("submitted_on must be a date written YYYY-MM-DD, not '" +
                                   submitted_on + "'");
  }
  Result<std::string> answers_text = ToJsonText(answers, "answers");
  if (!answers_text.ok()) return answers_text.status();
  Result<std::string> groups_text = ToJsonText(groups, "groups");
  if (!groups_text.ok()) return groups_text.status();
  return ResponseText{std::move(*answers_text), std::move(*groups_text), submitted_on};
}

// Runs SQL that must not throw from a cleanup path.
void ExecQuietly(SQLite::Database& db, const char* sql) noexcept {
  try {
    db.exec(sql);
  } catch (...) {
  }
}

}  // namespace

void SqliteStore::InsertResponse(int64_t campaign_id, const ResponseText& response) {
  SQLite::Statement& insert =
      Cached(insert_response_,
             "INSERT INTO responses (id, campaign_id, answers, \"groups\", submitted_on) "
             "VALUES (?, ?, ?, ?, ?)");
  for (int attempt = 1;; ++attempt) {
    StatementReset reset(insert);
    insert.bind(1, RandomPositiveId());
    insert.bind(2, campaign_id);
    insert.bind(3, response.answers);
    insert.bind(4, response.groups);
    insert.bind(5, response.submitted_on);
    try {
      insert.exec();
      return;
    } catch (const SQLite::Exception& error) {
      // A collision of two random 63-bit ids: draw again.
      if (error.getExtendedErrorCode() != SQLITE_CONSTRAINT_PRIMARYKEY || attempt == kIdAttempts) {
        throw;
      }
    }
  }
}

void SqliteStore::AddToResponseCount(int64_t campaign_id, int64_t count) {
  SQLite::Statement& update = Cached(
      add_response_count_, "UPDATE campaigns SET response_count = response_count + ? WHERE id = ?");
  StatementReset reset(update);
  update.bind(1, count);
  update.bind(2, campaign_id);
  update.exec();
}

const std::string& SqliteStore::TeamItemOf(int64_t campaign_id) {
  if (auto it = team_items_.find(campaign_id); it != team_items_.end()) return it->second;
  SQLite::Statement query(*db_,
                          "SELECT (SELECT json_extract(item.value, '$.id') "
                          "FROM json_each(v.document, '$.sections') AS s, "
                          "json_each(s.value, '$.items') AS item "
                          "WHERE json_extract(item.value, '$.grouping') = 'team' "
                          "ORDER BY s.key, item.key LIMIT 1) "
                          "FROM campaigns c JOIN instrument_versions v "
                          "ON v.id = c.instrument_id AND v.version = c.instrument_version "
                          "WHERE c.id = ?");
  query.bind(1, campaign_id);
  std::string item;
  if (query.executeStep() && !query.getColumn(0).isNull()) item = query.getColumn(0).getString();
  return team_items_.emplace(campaign_id, std::move(item)).first->second;
}

Status SqliteStore::CheckCeilings(const CampaignCeiling& campaign, const nlohmann::json& groups,
                                  CeilingCounts* counts, bool import,
                                  std::vector<CeilingCounts::Count*>* taken) {
  taken->clear();
  auto [entry, first] = counts->campaigns.try_emplace(campaign.id);
  CeilingCounts::Count& whole = entry->second;
  if (first) {
    whole.limit = campaign.audience_size;
    whole.stored = campaign.response_count;
  }
  if (whole.limit && whole.stored + whole.added >= *whole.limit) {
    if (import) {
      return Status::ResourceExhausted(
          "campaign " + std::to_string(campaign.id) + " has an audience size of " +
          std::to_string(*whole.limit) + " and already " + std::to_string(whole.stored) +
          " responses, so it can take " +
          std::to_string(std::max<int64_t>(0, *whole.limit - whole.stored)) + " more");
    }
    return Status::ResourceExhausted(
        "this survey has already received as many responses as the number of people it was "
        "sent to, so it cannot take more");
  }
  taken->push_back(&whole);
  const std::string& item = TeamItemOf(campaign.id);
  if (item.empty() || !groups.is_object()) return Status::Ok();
  auto answer = groups.find(item);
  if (answer == groups.end() || !answer->is_string()) return Status::Ok();
  const std::string slug = answer->get<std::string>();
  auto [team_entry, team_first] = counts->teams.try_emplace({campaign.id, slug});
  CeilingCounts::Count& team = team_entry->second;
  if (team_first) {
    SQLite::Statement& query =
        Cached(team_ceiling_,
               "SELECT t.headcount, coalesce((SELECT r.responses FROM team_responses r "
               "WHERE r.campaign_id = ? AND r.team_slug = t.slug), 0) "
               "FROM teams t WHERE t.organisation_id = ? AND t.slug = ?");
    StatementReset reset(query);
    query.bind(1, campaign.id);
    query.bind(2, campaign.organisation_id);
    query.bind(3, slug);
    if (!query.executeStep()) {
      // Not one of the organisation's teams (a code such as "prefer not to say"): not counted.
      counts->teams.erase(team_entry);
      return Status::Ok();
    }
    if (!query.getColumn(0).isNull()) team.limit = query.getColumn(0).getInt64();
    team.stored = query.getColumn(1).getInt64();
  }
  if (team.limit && team.stored + team.added >= *team.limit) {
    if (import) {
      return Status::ResourceExhausted(
          "team '" + slug + "' has a headcount of " + std::to_string(*team.limit) +
          " and campaign " + std::to_string(campaign.id) + " already has " +
          std::to_string(team.stored) + " responses from it, so it can take " +
          std::to_string(std::max<int64_t>(0, *team.limit - team.stored)) + " more");
    }
    return Status(StatusCode::kResourceExhausted,
                  "the team you chose has already given as many responses as it has members, "
                  "so no more can be accepted for it",
                  "/answers/" + item);
  }
  taken->push_back(&team);
  return Status::Ok();
}

void SqliteStore::ApplyCeilingCounts(const CeilingCounts& counts) {
  for (const auto& [campaign_id, count] : counts.campaigns) {
    if (count.added > 0) AddToResponseCount(campaign_id, count.added);
  }
  for (const auto& [key, count] : counts.teams) {
    if (count.added == 0) continue;
    SQLite::Statement upsert(*db_,
                             "INSERT INTO team_responses (campaign_id, team_slug, responses) "
                             "VALUES (?, ?, ?) ON CONFLICT (campaign_id, team_slug) "
                             "DO UPDATE SET responses = responses + excluded.responses");
    upsert.bind(1, key.first);
    upsert.bind(2, key.second);
    upsert.bind(3, count.added);
    upsert.exec();
  }
}

Status SqliteStore::SubmitOne(const Submission& submission, CeilingCounts* counts) {
  if (submission.receipt_hash.empty()) return Status::InvalidArgument("receipt hash is empty");
  Result<ResponseText> text =
      PrepareResponse(submission.answers, submission.groups, submission.submitted_on);
  if (!text.ok()) return text.status();
  SQLite::Statement& lookup =
      Cached(submit_lookup_,
             "SELECT l.id, l.campaign_id, l.kind, l.used, c.state, c.closes_on, "
             "c.organisation_id, c.audience_size, c.response_count "
             "FROM links l JOIN campaigns c ON c.id = l.campaign_id WHERE l.token_hash = ?");
  int64_t link_id = 0;
  CampaignCeiling campaign;
  bool personal = false;
  {
    StatementReset reset(lookup);
    lookup.bind(1, submission.token_hash);
    if (!lookup.executeStep()) return Status::NotFound("link not found");
    link_id = lookup.getColumn(0).getInt64();
    campaign.id = lookup.getColumn(1).getInt64();
    personal = lookup.getColumn(2).getString() == "personal";
    const bool used = lookup.getColumn(3).getInt() != 0;
    const std::string state = lookup.getColumn(4).getString();
    const std::string closes_on = lookup.getColumn(5).getString();
    if (personal && used) return Status::Gone("this link was already used");
    if (state != "open" || (!closes_on.empty() && closes_on < submission.submitted_on)) {
      return Status::Gone("this survey is closed");
    }
    campaign.organisation_id = lookup.getColumn(6).getInt64();
    if (!lookup.getColumn(7).isNull()) campaign.audience_size = lookup.getColumn(7).getInt64();
    campaign.response_count = lookup.getColumn(8).getInt64();
  }
  // The ceilings count this batch's earlier submissions too, inside the same write transaction,
  // so no batch and no race between batches goes past them.
  std::vector<CeilingCounts::Count*> taken;
  if (Status ceiling = CheckCeilings(campaign, submission.groups, counts, /*import=*/false, &taken);
      !ceiling.ok()) {
    return ceiling;
  }

  // Prepared once: the savepoint pair runs for every submission of every batch.
  SQLite::Statement& savepoint = Cached(savepoint_, "SAVEPOINT submission");
  SQLite::Statement& release = Cached(release_, "RELEASE submission");
  {
    StatementReset reset(savepoint);
    savepoint.exec();
  }
  try {
    InsertResponse(campaign.id, *text);
    if (personal) {
      SQLite::Statement& mark =
          Cached(mark_link_used_, "UPDATE links SET used = 1 WHERE id = ? AND used = 0");
      StatementReset reset(mark);
      mark.bind(1, link_id);
      if (mark.exec() != 1) {
        ExecQuietly(*db_, "ROLLBACK TO submission");
        ExecQuietly(*db_, "RELEASE submission");
        return Status::Gone("this link was already used");
      }
      SQLite::Statement& drop = Cached(delete_draft_, "DELETE FROM drafts WHERE link_id = ?");
      StatementReset drop_reset(drop);
      drop.bind(1, link_id);
      drop.exec();
    }
    SQLite::Statement& receipt =
        Cached(insert_receipt_, "INSERT INTO receipts (receipt_hash, campaign_id) VALUES (?, ?)");
    StatementReset receipt_reset(receipt);
    receipt.bind(1, submission.receipt_hash);
    receipt.bind(2, campaign.id);
    receipt.exec();
    StatementReset release_reset(release);
    release.exec();
    for (CeilingCounts::Count* count : taken) ++count->added;
    return Status::Ok();
  } catch (const SQLite::Exception& error) {
    ExecQuietly(*db_, "ROLLBACK TO submission");
    ExecQuietly(*db_, "RELEASE submission");
    return StatusFromSqlite(error, "submit response");
  }
}

std::vector<Status> SqliteStore::SubmitBatch(const std::vector<Submission>& batch) {
  std::vector<Status> results(batch.size());
  if (batch.empty()) return results;
  std::lock_guard lock(mutex_);
  Status outcome = Guarded("submit batch", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    std::unordered_set<std::string_view> seen;
    std::vector<size_t> order;
    CeilingCounts counts;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!seen.insert(batch[i].token_hash).second) {
        results[i] = Status::Conflict("this link was submitted twice at once; the first counts");
        continue;
      }
      order.push_back(i);
    }
    // Stored in a random order: a page receiving several responses keeps the order they were
    // written in, and links are marked used in place, so within one commit nothing pairs a
    // response with its link, even for someone who knows who submitted first.
    for (size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[randombytes_uniform(static_cast<uint32_t>(i))]);
    }
    for (size_t i : order) {
      results[i] = SubmitOne(batch[i], &counts);
    }
    ApplyCeilingCounts(counts);
    transaction.commit();
    return Status::Ok();
  });
  if (!outcome.ok()) {
    // Nothing was committed: every submission carries the failure.
    const Status failure(
        outcome.code() == StatusCode::kInternal ? StatusCode::kInternal : StatusCode::kIoError,
        outcome.message());
    for (Status& result : results) result = failure;
  }
  return results;
}

Status SqliteStore::ImportResponses(int64_t campaign_id,
                                    const std::vector<ImportedResponse>& responses) {
  std::lock_guard lock(mutex_);
  return Guarded("import responses", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement query(*db_,
                            "SELECT state, organisation_id, audience_size, response_count "
                            "FROM campaigns WHERE id = ?");
    query.bind(1, campaign_id);
    if (!query.executeStep()) {
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    }
    // Results are released when a campaign closes; any later change to its responses would
    // let someone compare before and after (scoring/release_policy.h).
    if (query.getColumn(0).getString() == "closed") {
      return Status::FailedPrecondition(
          "campaign " + std::to_string(campaign_id) +
          " is closed: its results have been released, so its responses can no longer change");
    }
    CampaignCeiling campaign;
    campaign.id = campaign_id;
    campaign.organisation_id = query.getColumn(1).getInt64();
    if (!query.getColumn(2).isNull()) campaign.audience_size = query.getColumn(2).getInt64();
    campaign.response_count = query.getColumn(3).getInt64();
    CeilingCounts counts;
    std::vector<CeilingCounts::Count*> taken;
    for (size_t i = 0; i < responses.size(); ++i) {
      const ImportedResponse& response = responses[i];
      const std::string where = "response " + std::to_string(i);
      Result<ResponseText> text =
          PrepareResponse(response.answers, response.groups, response.submitted_on);
      if (!text.ok()) {
        return Status(text.status().code(), where + ": " + text.status().message(),
                      "/" + std::to_string(i));
      }
      if (Status ceiling =
              CheckCeilings(campaign, response.groups, &counts, /*import=*/true, &taken);
          !ceiling.ok()) {
        return Status(ceiling.code(), where + ": " + ceiling.message() + "; nothing was imported",
                      "/" + std::to_string(i));
      }
      try {
        InsertResponse(campaign_id, *text);
      } catch (const SQLite::Exception& error) {
        return StatusFromSqlite(error, "import " + where);
      }
      for (CeilingCounts::Count* count : taken) ++count->added;
    }
    ApplyCeilingCounts(counts);
    transaction.commit();
    return Status::Ok();
  });
}

Result<int64_t> SqliteStore::CountResponses(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  return Guarded("count responses", [&]() -> Result<int64_t> {
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    SQLite::Statement query(*db_, "SELECT response_count FROM campaigns WHERE id = ?");
    query.bind(1, campaign_id);
    query.executeStep();
    return query.getColumn(0).getInt64();
  });
}

Status SqliteStore::ForEachResponseText(
    int64_t campaign_id, const std::function<bool(const StoredResponseText&)>& visit) {
  std::lock_guard lock(mutex_);
  return Guarded("read responses", [&]() -> Status {
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    // Through the campaign index every row costs a seek into the table; when the campaign holds
    // a large share of all responses (the usual case: one or two big waves), reading the table
    // in order and skipping other campaigns' rows is about twice as fast. Both give id order.
    SQLite::Statement shares(*db_,
                             "SELECT coalesce(sum(response_count), 0), "
                             "coalesce(sum(CASE WHEN id = ? THEN response_count END), 0) "
                             "FROM campaigns");
    shares.bind(1, campaign_id);
    shares.executeStep();
    const bool most = shares.getColumn(1).getInt64() * 4 >= shares.getColumn(0).getInt64();
    SQLite::Statement query(*db_, most ? "SELECT id, answers, \"groups\", submitted_on FROM "
                                         "responses NOT INDEXED WHERE campaign_id = ? ORDER BY id"
                                       : "SELECT id, answers, \"groups\", submitted_on FROM "
                                         "responses WHERE campaign_id = ? ORDER BY id");
    query.bind(1, campaign_id);
    auto text = [&query](int index) {
      SQLite::Column column = query.getColumn(index);
      const char* data = column.getText();  // before getBytes(), as SQLite asks
      return std::string_view(data, static_cast<size_t>(column.getBytes()));
    };
    while (query.executeStep()) {
      const StoredResponseText response{query.getColumn(0).getInt64(), campaign_id, text(1),
                                        text(2), text(3)};
      if (!visit(response)) break;
    }
    return Status::Ok();
  });
}

Result<bool> SqliteStore::ReceiptExists(const std::string& receipt_hash) {
  std::lock_guard lock(mutex_);
  return Guarded("find receipt", [&]() -> Result<bool> {
    SQLite::Statement query(*db_, "SELECT 1 FROM receipts WHERE receipt_hash = ?");
    query.bind(1, receipt_hash);
    return query.executeStep();
  });
}

Status SqliteStore::RecordBurstFlag(const BurstFlag& flag) {
  if (!IsValidDate(flag.day)) {
    return Status::InvalidArgument("a flag's day must be a date written YYYY-MM-DD", "/day");
  }
  if (flag.responses < 1) {
    return Status::InvalidArgument("a flag counts at least one response", "/responses");
  }
  std::lock_guard lock(mutex_);
  return Guarded("record burst flag", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireCampaign(flag.campaign_id); !found.ok()) return found;
    SQLite::Statement upsert(
        *db_,
        "INSERT INTO burst_flags (campaign_id, grouping, group_value, day, responses) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (campaign_id, grouping, group_value, day) "
        "DO UPDATE SET responses = max(responses, excluded.responses)");
    upsert.bind(1, flag.campaign_id);
    upsert.bind(2, flag.grouping);
    upsert.bind(3, flag.group);
    upsert.bind(4, flag.day);
    upsert.bind(5, flag.responses);
    upsert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Result<std::vector<BurstFlag>> SqliteStore::ListBurstFlags(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list burst flags", [&]() -> Result<std::vector<BurstFlag>> {
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    SQLite::Statement& query =
        Cached(burst_flags_,
               "SELECT grouping, group_value, day, responses FROM burst_flags "
               "WHERE campaign_id = ? ORDER BY day DESC, grouping, group_value");
    StatementReset reset(query);
    query.bind(1, campaign_id);
    std::vector<BurstFlag> flags;
    while (query.executeStep()) {
      flags.push_back(BurstFlag{campaign_id, query.getColumn(0).getString(),
                                query.getColumn(1).getString(), query.getColumn(2).getString(),
                                query.getColumn(3).getInt64()});
    }
    return flags;
  });
}

}  // namespace tessera::engine

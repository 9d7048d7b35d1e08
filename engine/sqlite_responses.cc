// Responses of the SQLite store: group commit, import, reading and receipts.
#include <SQLiteCpp/Transaction.h>
#include <sodium.h>
#include <sqlite3.h>

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

Status SqliteStore::SubmitOne(const Submission& submission, int64_t* stored_in) {
  if (submission.receipt_hash.empty()) return Status::InvalidArgument("receipt hash is empty");
  Result<ResponseText> text =
      PrepareResponse(submission.answers, submission.groups, submission.submitted_on);
  if (!text.ok()) return text.status();
  SQLite::Statement& lookup =
      Cached(submit_lookup_,
             "SELECT l.id, l.campaign_id, l.kind, l.used, c.state, c.closes_on "
             "FROM links l JOIN campaigns c ON c.id = l.campaign_id WHERE l.token_hash = ?");
  int64_t link_id = 0;
  int64_t campaign_id = 0;
  bool personal = false;
  {
    StatementReset reset(lookup);
    lookup.bind(1, submission.token_hash);
    if (!lookup.executeStep()) return Status::NotFound("link not found");
    link_id = lookup.getColumn(0).getInt64();
    campaign_id = lookup.getColumn(1).getInt64();
    personal = lookup.getColumn(2).getString() == "personal";
    const bool used = lookup.getColumn(3).getInt() != 0;
    const std::string state = lookup.getColumn(4).getString();
    const std::string closes_on = lookup.getColumn(5).getString();
    if (personal && used) return Status::Gone("this link was already used");
    if (state != "open" || (!closes_on.empty() && closes_on < submission.submitted_on)) {
      return Status::Gone("this survey is closed");
    }
  }

  // Prepared once: the savepoint pair runs for every submission of every batch.
  SQLite::Statement& savepoint = Cached(savepoint_, "SAVEPOINT submission");
  SQLite::Statement& release = Cached(release_, "RELEASE submission");
  {
    StatementReset reset(savepoint);
    savepoint.exec();
  }
  try {
    InsertResponse(campaign_id, *text);
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
    receipt.bind(2, campaign_id);
    receipt.exec();
    StatementReset release_reset(release);
    release.exec();
    *stored_in = campaign_id;
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
    std::map<int64_t, int64_t> stored;  // campaign -> responses stored by this batch
    for (size_t i : order) {
      int64_t campaign_id = 0;
      results[i] = SubmitOne(batch[i], &campaign_id);
      if (results[i].ok()) ++stored[campaign_id];
    }
    for (const auto& [campaign_id, count] : stored) AddToResponseCount(campaign_id, count);
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
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    {
      // Results are released when a campaign closes; any later change to its responses would
      // let someone compare before and after (scoring/release_policy.h).
      SQLite::Statement state(*db_, "SELECT state FROM campaigns WHERE id = ?");
      state.bind(1, campaign_id);
      if (state.executeStep() && state.getColumn(0).getString() == "closed") {
        return Status::FailedPrecondition(
            "campaign " + std::to_string(campaign_id) +
            " is closed: its results have been released, so its responses can no longer change");
      }
    }
    for (size_t i = 0; i < responses.size(); ++i) {
      const ImportedResponse& response = responses[i];
      const std::string where = "response " + std::to_string(i);
      Result<ResponseText> text =
          PrepareResponse(response.answers, response.groups, response.submitted_on);
      if (!text.ok()) {
        return Status(text.status().code(), where + ": " + text.status().message(),
                      "/" + std::to_string(i));
      }
      try {
        InsertResponse(campaign_id, *text);
      } catch (const SQLite::Exception& error) {
        return StatusFromSqlite(error, "import " + where);
      }
    }
    if (!responses.empty()) {
      AddToResponseCount(campaign_id, static_cast<int64_t>(responses.size()));
    }
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

}  // namespace tessera::engine

// Links and drafts of the SQLite store.
#include <SQLiteCpp/Transaction.h>

#include <unordered_set>

#include "engine/sqlite_store_impl.h"
#include "engine/sqlite_support.h"

namespace tessera::engine {
namespace {

std::string LinkName(int64_t id) { return "link " + std::to_string(id); }

}  // namespace

Status SqliteStore::AddLinks(int64_t campaign_id, LinkKind kind,
                             const std::vector<std::string>& token_hashes) {
  return AddLinksWithIds(campaign_id, kind, token_hashes).status();
}

Result<LinkIdRange> SqliteStore::AddLinksWithIds(int64_t campaign_id, LinkKind kind,
                                                 const std::vector<std::string>& token_hashes) {
  std::unordered_set<std::string_view> seen;
  for (size_t i = 0; i < token_hashes.size(); ++i) {
    const std::string pointer = "/token_hashes/" + std::to_string(i);
    if (token_hashes[i].empty()) return Status::InvalidArgument("token hash is empty", pointer);
    if (!seen.insert(token_hashes[i]).second) {
      return Status::AlreadyExists("token hash " + std::to_string(i) + " appears twice");
    }
  }
  std::lock_guard lock(mutex_);
  return Guarded("add links", [&]() -> Result<LinkIdRange> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    SQLite::Statement insert(*db_,
                             "INSERT INTO links (campaign_id, kind, token_hash, used) "
                             "VALUES (?, ?, ?, 0)");
    const std::string kind_text(ToString(kind));
    LinkIdRange range;
    for (size_t i = 0; i < token_hashes.size(); ++i) {
      insert.bind(1, campaign_id);
      insert.bind(2, kind_text);
      insert.bind(3, token_hashes[i]);
      try {
        insert.exec();
      } catch (const SQLite::Exception& error) {
        Status status = StatusFromSqlite(error, "add link " + std::to_string(i));
        if (status.code() == StatusCode::kAlreadyExists) {
          return Status::AlreadyExists("token hash " + std::to_string(i) + " is already stored");
        }
        return status;
      }
      insert.reset();
      const int64_t id = db_->getLastInsertRowid();
      if (range.count == 0) range.first = id;
      if (range.count > 0 && id != range.last + 1) {
        return Status::Internal("link ids of one batch are not consecutive");
      }
      range.last = id;
      ++range.count;
    }
    transaction.commit();
    return range;
  });
}

Status SqliteStore::AddMintedLink(int64_t campaign_id, const std::string& token_hash) {
  if (token_hash.empty()) return Status::InvalidArgument("token hash is empty", "/token_hash");
  std::lock_guard lock(mutex_);
  return Guarded("mint link", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement campaign(*db_,
                               "SELECT audience_size, response_count FROM campaigns WHERE id = ?");
    campaign.bind(1, campaign_id);
    if (!campaign.executeStep()) {
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    }
    if (!campaign.getColumn(0).isNull() &&
        campaign.getColumn(1).getInt64() >= campaign.getColumn(0).getInt64()) {
      return Status::ResourceExhausted(
          "this survey has already received as many responses as the number of people it was "
          "sent to, so it cannot take more");
    }
    SQLite::Statement insert(*db_,
                             "INSERT INTO links (campaign_id, kind, token_hash, used, minted) "
                             "VALUES (?, 'personal', ?, 0, 1)");
    insert.bind(1, campaign_id);
    insert.bind(2, token_hash);
    try {
      insert.exec();
    } catch (const SQLite::Exception& error) {
      Status status = StatusFromSqlite(error, "mint link");
      if (status.code() == StatusCode::kAlreadyExists) {
        return Status::AlreadyExists("the token hash is already stored");
      }
      return status;
    }
    transaction.commit();
    return Status::Ok();
  });
}

Result<LinkUsage> SqliteStore::GetLinkUsage(int64_t campaign_id) {
  std::lock_guard lock(mutex_);
  return Guarded("link usage", [&]() -> Result<LinkUsage> {
    // One statement, so the counts and the response count come from one snapshot.
    SQLite::Statement& query =
        Cached(link_usage_,
               "SELECT c.response_count, "
               "(SELECT count(*) FROM links WHERE campaign_id = c.id AND kind = 'personal' "
               "AND minted = 0), "
               "(SELECT count(*) FROM links WHERE campaign_id = c.id AND kind = 'personal' "
               "AND minted = 1), "
               "(SELECT count(*) FROM links WHERE campaign_id = c.id AND kind = 'personal' "
               "AND minted = 1 AND used = 1) "
               "FROM campaigns c WHERE c.id = ?");
    StatementReset reset(query);
    query.bind(1, campaign_id);
    if (!query.executeStep()) {
      return Status::NotFound("campaign " + std::to_string(campaign_id) + " not found");
    }
    LinkUsage usage;
    usage.responses = query.getColumn(0).getInt64();
    usage.created = query.getColumn(1).getInt64();
    usage.minted = query.getColumn(2).getInt64();
    usage.minted_used = query.getColumn(3).getInt64();
    return usage;
  });
}

Result<Link> SqliteStore::FindLink(const std::string& token_hash) {
  std::lock_guard lock(mutex_);
  return Guarded("find link", [&]() -> Result<Link> {
    SQLite::Statement& query =
        Cached(find_link_, "SELECT id, campaign_id, kind, used FROM links WHERE token_hash = ?");
    StatementReset reset(query);
    query.bind(1, token_hash);
    if (!query.executeStep()) return Status::NotFound("link not found");
    const std::string kind = query.getColumn(2).getString();
    return Link{query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                kind == "open" ? LinkKind::kOpen : LinkKind::kPersonal,
                query.getColumn(3).getInt() != 0};
  });
}

Result<int64_t> SqliteStore::CountLinks(int64_t campaign_id, LinkKind kind) {
  std::lock_guard lock(mutex_);
  return Guarded("count links", [&]() -> Result<int64_t> {
    if (Status found = RequireCampaign(campaign_id); !found.ok()) return found;
    SQLite::Statement query(*db_, "SELECT count(*) FROM links WHERE campaign_id = ? AND kind = ?");
    query.bind(1, campaign_id);
    query.bind(2, std::string(ToString(kind)));
    query.executeStep();
    return query.getColumn(0).getInt64();
  });
}

Status SqliteStore::SaveDraft(int64_t link_id, const std::string& sealed) {
  if (sealed.empty()) return Status::InvalidArgument("a sealed draft is never empty");
  std::lock_guard lock(mutex_);
  return Guarded("save draft", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement link(*db_, "SELECT kind, used FROM links WHERE id = ?");
    link.bind(1, link_id);
    if (!link.executeStep()) return Status::NotFound(LinkName(link_id) + " not found");
    if (link.getColumn(0).getString() != "personal") {
      return Status::FailedPrecondition(LinkName(link_id) +
                                        " is an open link; only personal links keep drafts");
    }
    if (link.getColumn(1).getInt() != 0) return Status::Gone(LinkName(link_id) + " already used");
    SQLite::Statement upsert(*db_,
                             "INSERT INTO drafts (link_id, sealed) VALUES (?, ?) "
                             "ON CONFLICT (link_id) DO UPDATE SET sealed = excluded.sealed");
    upsert.bind(1, link_id);
    upsert.bind(2, sealed.data(), static_cast<int>(sealed.size()));
    upsert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Result<std::string> SqliteStore::LoadDraft(int64_t link_id) {
  std::lock_guard lock(mutex_);
  return Guarded("load draft", [&]() -> Result<std::string> {
    SQLite::Statement link(*db_, "SELECT 1 FROM links WHERE id = ?");
    link.bind(1, link_id);
    if (!link.executeStep()) return Status::NotFound(LinkName(link_id) + " not found");
    SQLite::Statement query(*db_, "SELECT sealed FROM drafts WHERE link_id = ?");
    query.bind(1, link_id);
    if (!query.executeStep()) return std::string();
    SQLite::Column sealed = query.getColumn(0);
    const auto* bytes = static_cast<const char*>(sealed.getBlob());
    return std::string(bytes, static_cast<size_t>(sealed.getBytes()));
  });
}

}  // namespace tessera::engine

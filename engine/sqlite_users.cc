// Users, memberships and sign-in sessions of the SQLite store (schema version 5).
#include <SQLiteCpp/Transaction.h>

#include "engine/sqlite_store_impl.h"
#include "engine/sqlite_support.h"
#include "survey/utf8.h"

namespace tessera::engine {
namespace {

constexpr const char* kSelectUser = "SELECT id, email, password_hash, created_at FROM users";

constexpr const char* kSelectMembership =
    "SELECT m.user_id, u.email, m.organisation_id, o.name, m.role FROM memberships m "
    "JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id";

std::string UserName(int64_t id) { return "user " + std::to_string(id); }

User UserFromRow(SQLite::Statement& row) {
  return User{row.getColumn(0).getInt64(), row.getColumn(1).getString(),
              row.getColumn(2).getString(), row.getColumn(3).getString()};
}

UserMembership MembershipFromRow(SQLite::Statement& row) {
  return UserMembership{row.getColumn(0).getInt64(), row.getColumn(1).getString(),
                        row.getColumn(2).getInt64(), row.getColumn(3).getString(),
                        row.getColumn(4).getString()};
}

bool IsRole(const std::string& role) {
  return role == "admin" || role == "manager" || role == "evaluator";
}

}  // namespace

Result<User> SqliteStore::ReadUser(int64_t id) {
  SQLite::Statement query(*db_, std::string(kSelectUser) + " WHERE id = ?");
  query.bind(1, id);
  if (!query.executeStep()) return Status::NotFound(UserName(id) + " not found");
  return UserFromRow(query);
}

Status SqliteStore::RequireUser(int64_t user_id) {
  SQLite::Statement query(*db_, "SELECT 1 FROM users WHERE id = ?");
  query.bind(1, user_id);
  if (!query.executeStep()) return Status::NotFound(UserName(user_id) + " not found");
  return Status::Ok();
}

Result<User> SqliteStore::CreateUser(const std::string& email, const std::string& password_hash) {
  if (email.empty()) return Status::InvalidArgument("email is empty", "/email");
  if (Status text = survey::CheckSingleLineText(email, "email", "/email"); !text.ok()) return text;
  if (password_hash.empty()) {
    return Status::InvalidArgument("password hash is empty", "/password_hash");
  }
  std::lock_guard lock(mutex_);
  return Guarded("create user", [&]() -> Result<User> {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement existing(*db_, "SELECT 1 FROM users WHERE email = ?");
    existing.bind(1, email);
    if (existing.executeStep()) {
      return Status::AlreadyExists("a user with email " + email + " already exists");
    }
    User user{0, email, password_hash, NowTimestamp()};
    SQLite::Statement insert(
        *db_, "INSERT INTO users (email, password_hash, created_at) VALUES (?, ?, ?)");
    insert.bind(1, user.email);
    insert.bind(2, user.password_hash);
    insert.bind(3, user.created_at);
    insert.exec();
    user.id = db_->getLastInsertRowid();
    transaction.commit();
    return user;
  });
}

Result<User> SqliteStore::FindUserByEmail(const std::string& email) {
  std::lock_guard lock(mutex_);
  return Guarded("find user", [&]() -> Result<User> {
    SQLite::Statement query(*db_, std::string(kSelectUser) + " WHERE email = ?");
    query.bind(1, email);
    if (!query.executeStep()) return Status::NotFound("no user with email " + email);
    return UserFromRow(query);
  });
}

Result<User> SqliteStore::GetUser(int64_t id) {
  std::lock_guard lock(mutex_);
  return Guarded("get user", [&]() { return ReadUser(id); });
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  std::lock_guard lock(mutex_);
  return Guarded("list users", [&]() -> Result<std::vector<User>> {
    SQLite::Statement query(*db_, std::string(kSelectUser) + " ORDER BY email, id");
    std::vector<User> users;
    while (query.executeStep()) users.push_back(UserFromRow(query));
    return users;
  });
}

Status SqliteStore::SetPasswordHash(int64_t user_id, const std::string& password_hash) {
  if (password_hash.empty()) {
    return Status::InvalidArgument("password hash is empty", "/password_hash");
  }
  std::lock_guard lock(mutex_);
  return Guarded("set password", [&]() -> Status {
    SQLite::Statement update(*db_, "UPDATE users SET password_hash = ? WHERE id = ?");
    update.bind(1, password_hash);
    update.bind(2, user_id);
    if (update.exec() == 0) return Status::NotFound(UserName(user_id) + " not found");
    return Status::Ok();
  });
}

Status SqliteStore::DeleteUser(int64_t user_id) {
  std::lock_guard lock(mutex_);
  return Guarded("delete user", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireUser(user_id); !found.ok()) return found;
    for (const char* sql :
         {"DELETE FROM sessions WHERE user_id = ?", "DELETE FROM memberships WHERE user_id = ?",
          "DELETE FROM users WHERE id = ?"}) {
      SQLite::Statement remove(*db_, sql);
      remove.bind(1, user_id);
      remove.exec();
    }
    transaction.commit();
    return Status::Ok();
  });
}

Status SqliteStore::SetMembership(int64_t user_id, int64_t organisation_id,
                                  const std::string& role) {
  if (!IsRole(role)) {
    return Status::InvalidArgument("role must be admin, manager or evaluator, not '" + role + "'",
                                   "/role");
  }
  std::lock_guard lock(mutex_);
  return Guarded("set membership", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireUser(user_id); !found.ok()) return found;
    if (Status found = RequireOrganisation(organisation_id); !found.ok()) return found;
    SQLite::Statement upsert(*db_,
                             "INSERT INTO memberships (user_id, organisation_id, role) "
                             "VALUES (?, ?, ?) ON CONFLICT (user_id, organisation_id) "
                             "DO UPDATE SET role = excluded.role");
    upsert.bind(1, user_id);
    upsert.bind(2, organisation_id);
    upsert.bind(3, role);
    upsert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Status SqliteStore::RemoveMembership(int64_t user_id, int64_t organisation_id) {
  std::lock_guard lock(mutex_);
  return Guarded("remove membership", [&]() -> Status {
    SQLite::Statement remove(*db_,
                             "DELETE FROM memberships WHERE user_id = ? AND organisation_id = ?");
    remove.bind(1, user_id);
    remove.bind(2, organisation_id);
    if (remove.exec() == 0) {
      return Status::NotFound(UserName(user_id) + " has no role in organisation " +
                              std::to_string(organisation_id));
    }
    return Status::Ok();
  });
}

Result<std::vector<UserMembership>> SqliteStore::UserMemberships(int64_t user_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list user memberships", [&]() -> Result<std::vector<UserMembership>> {
    if (Status found = RequireUser(user_id); !found.ok()) return found;
    SQLite::Statement query(
        *db_, std::string(kSelectMembership) + " WHERE m.user_id = ? ORDER BY o.name, o.id");
    query.bind(1, user_id);
    std::vector<UserMembership> memberships;
    while (query.executeStep()) memberships.push_back(MembershipFromRow(query));
    return memberships;
  });
}

Result<std::vector<UserMembership>> SqliteStore::ListMemberships(
    std::optional<int64_t> organisation_id) {
  std::lock_guard lock(mutex_);
  return Guarded("list memberships", [&]() -> Result<std::vector<UserMembership>> {
    std::string sql = kSelectMembership;
    if (organisation_id) {
      if (Status found = RequireOrganisation(*organisation_id); !found.ok()) return found;
      sql += " WHERE m.organisation_id = ?";
    }
    sql += " ORDER BY u.email, o.name, o.id";
    SQLite::Statement query(*db_, sql);
    if (organisation_id) query.bind(1, *organisation_id);
    std::vector<UserMembership> memberships;
    while (query.executeStep()) memberships.push_back(MembershipFromRow(query));
    return memberships;
  });
}

// Sessions.

Status SqliteStore::CreateSession(const SessionRecord& session) {
  if (session.id_hash.size() != 64) {
    return Status::InvalidArgument("a session id hash has 64 hex digits", "/id_hash");
  }
  if (session.csrf_token.empty()) {
    return Status::InvalidArgument("the CSRF token is empty", "/csrf_token");
  }
  std::lock_guard lock(mutex_);
  return Guarded("create session", [&]() -> Status {
    SQLite::Transaction transaction(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (Status found = RequireUser(session.user_id); !found.ok()) return found;
    SQLite::Statement insert(*db_,
                             "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, "
                             "last_seen_at) VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, session.id_hash);
    insert.bind(2, session.user_id);
    insert.bind(3, session.csrf_token);
    insert.bind(4, session.created_at);
    insert.bind(5, session.last_seen_at);
    insert.exec();
    transaction.commit();
    return Status::Ok();
  });
}

Result<SessionWithUser> SqliteStore::FindSession(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  return Guarded("find session", [&]() -> Result<SessionWithUser> {
    // One indexed lookup: the session by its primary key, its user, and the user's roles.
    SQLite::Statement& query =
        Cached(find_session_,
               "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, u.email, "
               "m.organisation_id, o.name, m.role FROM sessions s JOIN users u ON u.id = s.user_id "
               "LEFT JOIN memberships m ON m.user_id = s.user_id "
               "LEFT JOIN organisations o ON o.id = m.organisation_id "
               "WHERE s.id_hash = ? ORDER BY o.name, o.id");
    StatementReset reset(query);
    query.bind(1, id_hash);
    if (!query.executeStep()) return Status::NotFound("session not found");
    SessionWithUser found;
    found.session =
        SessionRecord{id_hash, query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                      query.getColumn(2).getInt64(), query.getColumn(3).getInt64()};
    found.email = query.getColumn(4).getString();
    do {
      if (query.getColumn(5).isNull()) continue;
      found.memberships.push_back(
          UserMembership{found.session.user_id, found.email, query.getColumn(5).getInt64(),
                         query.getColumn(6).getString(), query.getColumn(7).getString()});
    } while (query.executeStep());
    return found;
  });
}

Status SqliteStore::TouchSession(const std::string& id_hash, int64_t last_seen_at) {
  std::lock_guard lock(mutex_);
  return Guarded("touch session", [&]() -> Status {
    SQLite::Statement& update =
        Cached(touch_session_,
               "UPDATE sessions SET last_seen_at = max(last_seen_at, ?) WHERE id_hash = ?");
    StatementReset reset(update);
    update.bind(1, last_seen_at);
    update.bind(2, id_hash);
    if (update.exec() == 0) return Status::NotFound("session not found");
    return Status::Ok();
  });
}

Status SqliteStore::DeleteSession(const std::string& id_hash) {
  std::lock_guard lock(mutex_);
  return Guarded("delete session", [&]() -> Status {
    SQLite::Statement remove(*db_, "DELETE FROM sessions WHERE id_hash = ?");
    remove.bind(1, id_hash);
    remove.exec();
    return Status::Ok();
  });
}

Status SqliteStore::DeleteUserSessions(int64_t user_id) {
  std::lock_guard lock(mutex_);
  return Guarded("delete user sessions", [&]() -> Status {
    SQLite::Statement remove(*db_, "DELETE FROM sessions WHERE user_id = ?");
    remove.bind(1, user_id);
    remove.exec();
    return Status::Ok();
  });
}

Result<int64_t> SqliteStore::PurgeSessions(int64_t idle_before, int64_t created_before) {
  std::lock_guard lock(mutex_);
  return Guarded("purge sessions", [&]() -> Result<int64_t> {
    SQLite::Statement remove(*db_, "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
    remove.bind(1, idle_before);
    remove.bind(2, created_before);
    return static_cast<int64_t>(remove.exec());
  });
}

}  // namespace tessera::engine

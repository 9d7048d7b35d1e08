// Shared setup for the sign-in tests: an in-memory store with two organisations and accounts,
// and a clock the test moves by hand.
#ifndef TESSERA_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_
#define TESSERA_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "engine/sqlite_store.h"
#include "engine/store.h"
#include "server/auth/auth_service.h"
#include "server/auth/password_hash.h"

namespace tessera::server::testing {

inline constexpr char kAdaPassword[] = "correct horse battery staple";
inline constexpr char kBobPassword[] = "tr0ub4dor&3-and-more";

// A clock starting at a fixed time that moves only when told.
class ManualClock {
 public:
  std::chrono::system_clock::time_point Now() const {
    return std::chrono::system_clock::time_point(std::chrono::seconds(offset_.load()));
  }
  void Advance(std::chrono::seconds by) { offset_ += by.count(); }
  std::function<std::chrono::system_clock::time_point()> Function() {
    return [this] { return Now(); };
  }

 private:
  std::atomic<int64_t> offset_{1'800'000'000};
};

struct AuthWorld {
  std::unique_ptr<engine::Store> store;
  int64_t riverside = 0;
  int64_t harbour = 0;
  int64_t ada = 0;  // manager in Riverside, evaluator in Harbour
  int64_t bob = 0;  // admin in Harbour
};

inline int64_t AddAccount(engine::Store& store, const std::string& email,
                          const std::string& password) {
  Result<std::string> hash = HashPassword(password);
  EXPECT_TRUE(hash.ok());
  Result<engine::User> user = store.CreateUser(email, *hash);
  EXPECT_TRUE(user.ok()) << user.status().ToString();
  return user.ok() ? user->id : 0;
}

inline AuthWorld MakeAuthWorld() {
  AuthWorld world;
  Result<std::unique_ptr<engine::Store>> store = engine::OpenSqliteStore({":memory:"});
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return world;
  world.store = std::move(*store);
  world.riverside = world.store->CreateOrganisation("Riverside")->id;
  world.harbour = world.store->CreateOrganisation("Harbour Trust")->id;
  world.ada = AddAccount(*world.store, "ada@example.org", kAdaPassword);
  world.bob = AddAccount(*world.store, "bob@example.org", kBobPassword);
  EXPECT_TRUE(world.store->SetMembership(world.ada, world.riverside, "manager").ok());
  EXPECT_TRUE(world.store->SetMembership(world.ada, world.harbour, "evaluator").ok());
  EXPECT_TRUE(world.store->SetMembership(world.bob, world.harbour, "admin").ok());
  return world;
}

// The cookie's "name=value" part of a Set-Cookie header value.
inline std::string CookiePair(const std::string& set_cookie) {
  return set_cookie.substr(0, set_cookie.find(';'));
}

}  // namespace tessera::server::testing

#endif  // TESSERA_TESTS_SERVER_AUTH_AUTH_TEST_SUPPORT_H_

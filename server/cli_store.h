// Helpers shared by the commands that touch the store: opening it from --db, resolving an
// organisation or campaign named on the command line, and the actor written to the audit log.
#ifndef TESSERA_SERVER_CLI_STORE_H_
#define TESSERA_SERVER_CLI_STORE_H_

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "engine/records.h"
#include "engine/store.h"
#include "server/command_line.h"

namespace tessera::server {

// --db PATH, else $TESSERA_DB, else "tessera.db" in the current folder.
std::string DatabasePath(const CommandLine& line);
Result<std::unique_ptr<engine::Store>> OpenStore(const CommandLine& line);

// An organisation by id or by name.
Result<engine::Organisation> ResolveOrganisation(engine::Store& store, const std::string& text);
// A campaign by id.
Result<engine::Campaign> ResolveCampaign(engine::Store& store, const std::string& text);

// "cli:<user>" for the audit log.
std::string CliActor();

nlohmann::json CampaignJson(const engine::Campaign& campaign, int64_t responses);

// The value of a ceiling option (--headcount, --audience-size): a whole number from 1, or "none"
// (nullopt: no ceiling).
Result<std::optional<int64_t>> ParseCeiling(const std::string& text, const std::string& option);

// The option every store command accepts.
inline OptionSpec DbOption() { return {"db", true}; }

}  // namespace tessera::server

#endif  // TESSERA_SERVER_CLI_STORE_H_

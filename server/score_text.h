// Plain-text renderings of the results `tessera score` prints: the domain or scale table with
// the next steps, a breakdown by group, the wave comparison and the reliability table. They
// read the JSON the engine returns, so text and --json always say the same thing.
#ifndef TESSERA_SERVER_SCORE_TEXT_H_
#define TESSERA_SERVER_SCORE_TEXT_H_

#include <nlohmann/json.hpp>
#include <ostream>

namespace tessera::server {

void RenderScoreReport(const nlohmann::json& report, std::ostream& out);
void RenderWaveReport(const nlohmann::json& report, std::ostream& out);
void RenderReliabilityReport(const nlohmann::json& report, std::ostream& out);
void RenderComments(const nlohmann::json& report, std::ostream& out);

}  // namespace tessera::server

#endif  // TESSERA_SERVER_SCORE_TEXT_H_

// One survey question as a <fieldset>: legend, help, error message and its labelled controls.
#ifndef TESSERA_SERVER_PAGES_ITEM_CONTROLS_H_
#define TESSERA_SERVER_PAGES_ITEM_CONTROLS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace tessera::server::pages {

// `answer` is the saved answer (null when none), pre-selected in the controls; `error` is the
// problem message for the item ("" when none).
std::string RenderItemFieldset(const nlohmann::json& doc, const nlohmann::json& item,
                               const nlohmann::json& answer, std::string_view error);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_ITEM_CONTROLS_H_

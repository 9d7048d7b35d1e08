// The static files of the survey pages (CSS, JS, icon), embedded into the binary at build time
// from server/assets/ so that Tessera serves every byte itself: no CDN, no external fonts.
#ifndef TESSERA_SERVER_PAGES_ASSETS_H_
#define TESSERA_SERVER_PAGES_ASSETS_H_

#include <span>
#include <string_view>

namespace tessera::server::pages {

struct Asset {
  std::string_view path;          // "/assets/survey.css"
  std::string_view content_type;  // "text/css; charset=utf-8"
  std::string_view body;
};

// Every embedded asset (defined in the generated embedded_assets.cc).
std::span<const Asset> EmbeddedAssets();

// The asset served at `path`, or nullptr.
const Asset* FindAsset(std::string_view path);

}  // namespace tessera::server::pages

#endif  // TESSERA_SERVER_PAGES_ASSETS_H_

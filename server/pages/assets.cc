#include "server/pages/assets.h"

namespace tessera::server::pages {

const Asset* FindAsset(std::string_view path) {
  for (const Asset& asset : EmbeddedAssets()) {
    if (asset.path == path) return &asset;
  }
  return nullptr;
}

}  // namespace tessera::server::pages

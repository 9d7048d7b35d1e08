#include <gtest/gtest.h>

#include "instruments/catalogue.h"

namespace tessera::instruments {
namespace {

TEST(CatalogueTest, ShippedCatalogueValidates) {
  const std::filesystem::path dir =
      std::filesystem::path(TESSERA_SOURCE_DIR) / "instruments/catalogue";
  Diagnostics diagnostics;
  Catalogue catalogue = Catalogue::Load(dir, LockFileFor(dir), &diagnostics);
  for (const auto& d : diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_EQ(catalogue.All().size(), 5u);
}

}  // namespace
}  // namespace tessera::instruments

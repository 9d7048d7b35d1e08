#include "scoring/disclosure_plan.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "scoring/count_audit.h"

namespace tessera::scoring {
namespace {

using AtomMap = std::map<std::vector<uint8_t>, AtomCounts>;

GroupValues ValuesOfAtom(const ResponseLayout& layout, const std::vector<uint8_t>& key) {
  GroupValues values;
  for (size_t g = 0; g < layout.groupings().size() && g < key.size(); ++g) {
    const GroupingColumn& column = layout.groupings()[g];
    if (key[g] != kAtomNotStated && key[g] <= column.categories.size()) {
      values[column.item_id] = column.categories[key[g] - 1u];
    }
  }
  return values;
}

// The atoms' counts of one figure's respondents, in the atoms' order.
template <typename Weight>
std::vector<int64_t> WeightsOf(const AtomMap& atoms, Weight weight) {
  std::vector<int64_t> weights;
  weights.reserve(atoms.size());
  for (const auto& [key, counts] : atoms) weights.push_back(weight(counts));
  return weights;
}

std::vector<GroupsCount> CrosstabOf(const ResponseLayout& layout, const AtomMap& atoms,
                                    const std::vector<int64_t>& weights) {
  std::vector<GroupsCount> crosstab;
  size_t a = 0;
  for (const auto& [key, counts] : atoms) {
    const int64_t n = weights[a++];
    if (n > 0) crosstab.push_back(GroupsCount{ValuesOfAtom(layout, key), n});
  }
  return crosstab;
}

std::vector<std::string> Withheld(const GroupingColumn& column,
                                  const std::vector<CellDecision>& decisions) {
  std::vector<std::string> withheld;
  for (size_t c = 0; c < column.categories.size(); ++c) {
    if (c >= decisions.size() || !IsShown(decisions[c])) withheld.push_back(column.categories[c]);
  }
  return withheld;
}

// One figure's cells through the differencing guard on its own respondents, in release order,
// with the group-level decisions as the starting point.
FigureRelease GuardFigure(const ResponseLayout& layout, const std::vector<GroupsCount>& crosstab,
                          int64_t total, const std::vector<std::vector<CellDecision>>& groups,
                          int64_t k) {
  FigureRelease release;
  const auto& groupings = layout.groupings();
  release.overall = total >= k;
  for (size_t g = 0; g < groupings.size(); ++g) {
    std::vector<CellDecision> cells = groups[g];
    if (!release.overall) {
      for (CellDecision& cell : cells) {
        if (IsShown(cell)) cell = CellDecision::kBelowThreshold;
      }
    }
    release.cells.push_back(std::move(cells));
  }
  if (!release.overall) return release;
  std::vector<GroupValues> released = {GroupValues{}};
  for (size_t g = 0; g < groupings.size(); ++g) {
    BreakdownRequest request;
    request.grouping = groupings[g].item_id;
    request.values = groupings[g].categories;
    request.withheld = Withheld(groupings[g], groups[g]);
    Result<GuardedBreakdown> guarded = GuardBreakdown(crosstab, released, request, k);
    std::vector<CellDecision>& cells = release.cells[g];
    if (!guarded.ok()) {
      for (CellDecision& cell : cells) {
        if (IsShown(cell)) cell = CellDecision::kDifferencing;
      }
      continue;
    }
    for (auto& view : guarded->to_record) released.push_back(std::move(view));
    const std::vector<CellDecision>& figure = guarded->suppression.cells;
    for (size_t c = 0; c < cells.size() && c < figure.size(); ++c) {
      // A cell withheld at group level keeps that reason; a shown group's figure may be
      // withheld on its own account (too few answered, complementary, differencing).
      if (IsShown(cells[c])) cells[c] = figure[c];
    }
  }
  return release;
}

// The cells where a figure is shown, in release order: per grouping in layout order, largest
// first (by the figure's own respondents), display order among equals.
std::vector<std::pair<size_t, size_t>> ReleaseOrder(const ResponseLayout& layout,
                                                    const AtomMap& atoms,
                                                    const std::vector<int64_t>& weights,
                                                    const FigureRelease& release) {
  std::vector<std::pair<size_t, size_t>> order;
  for (size_t g = 0; g < layout.groupings().size(); ++g) {
    const size_t categories = layout.groupings()[g].categories.size();
    std::vector<int64_t> n(categories, 0);
    size_t a = 0;
    for (const auto& [key, counts] : atoms) {
      const int64_t w = weights[a++];
      if (key[g] != kAtomNotStated && key[g] <= categories) n[key[g] - 1u] += w;
    }
    std::vector<size_t> shown;
    for (size_t c = 0; c < categories; ++c) {
      if (release.Shown(g, c)) shown.push_back(c);
    }
    std::stable_sort(shown.begin(), shown.end(), [&n](size_t x, size_t y) { return n[x] > n[y]; });
    for (size_t c : shown) order.emplace_back(g, c);
  }
  return order;
}

// Withholds cells of `release` until the figure's published counts pass the count audit.
Status AuditFigureCounts(const ResponseLayout& layout, const std::vector<CountAtom>& atoms,
                         size_t categories, const std::vector<std::pair<size_t, size_t>>& order,
                         FigureRelease& release, const DisclosurePlanOptions& options,
                         DisclosurePlan& plan) {
  if (!release.overall) return Status::Ok();
  std::vector<std::pair<size_t, size_t>> published;
  for (const auto& cell : order) {
    if (release.Shown(cell.first, cell.second)) published.push_back(cell);
  }
  if (published.empty()) return Status::Ok();  // the whole campaign alone never sharpens
  std::vector<CountCell> cells = {CountCell::Whole()};
  for (const auto& [g, c] : published) {
    cells.push_back(CountCell::Category(layout.groupings().size(), g, static_cast<uint8_t>(c + 1),
                                        layout.groupings()[g].categories.size()));
  }
  CountAuditOptions audit;
  audit.k = options.k;
  audit.max_linear_programs =
      std::max<int64_t>(1, options.max_linear_programs - plan.count_audit_programs);
  auto auditor = CountAuditor::Create(atoms, layout.groupings().size(), categories, cells, audit);
  if (!auditor.ok()) return auditor.status();
  while (std::optional<CountViolation> violation = (*auditor)->Next()) {
    // Withhold the latest cell the bound rests on (or, with no bound to go by, the latest still
    // published); cells[0] is the whole campaign.
    size_t drop = 0;
    for (size_t j : violation->involved) drop = std::max(drop, j);
    if (drop == 0) {
      for (size_t j = cells.size() - 1; j >= 1; --j) {
        if ((*auditor)->published(j)) {
          drop = j;
          break;
        }
      }
    }
    if (drop == 0) break;  // only the whole campaign left: a single table never sharpens
    (*auditor)->Withhold(drop);
    const auto [g, c] = published[drop - 1];
    release.cells[g][c] = CellDecision::kNarrowing;
    ++plan.count_audit_withheld;
  }
  plan.count_audit_programs += (*auditor)->linear_programs();
  return Status::Ok();
}

std::vector<std::vector<CellDecision>> GroupDecisions(const ResponseLayout& layout,
                                                      const std::vector<GroupsCount>& crosstab,
                                                      int64_t k) {
  std::vector<GroupValues> released = {GroupValues{}};
  std::vector<std::vector<CellDecision>> groups;
  for (const GroupingColumn& column : layout.groupings()) {
    BreakdownRequest request;
    request.grouping = column.item_id;
    request.values = column.categories;
    Result<GuardedBreakdown> guarded = GuardBreakdown(crosstab, released, request, k);
    if (!guarded.ok()) {
      // The whole campaign may be shown but this grouping cannot be broken down safely.
      groups.emplace_back(column.categories.size() + 1, CellDecision::kDifferencing);
      continue;
    }
    for (auto& view : guarded->to_record) released.push_back(std::move(view));
    groups.push_back(std::move(guarded->suppression.cells));
  }
  return groups;
}

}  // namespace

bool DisclosurePlan::Fits(const ResponseLayout& layout) const {
  const auto& groupings = layout.groupings();
  auto fits = [&groupings](const std::vector<std::vector<CellDecision>>& cells) {
    if (cells.size() != groupings.size()) return false;
    for (size_t g = 0; g < groupings.size(); ++g) {
      if (cells[g].size() != groupings[g].categories.size() + 1) return false;
    }
    return true;
  };
  if (!fits(groups) || items.size() != layout.scored().size() ||
      dimensions.size() != layout.dimensions().size() ||
      export_columns.size() != groupings.size()) {
    return false;
  }
  for (size_t g = 0; g < groupings.size(); ++g) {
    if (export_columns[g].shown.size() != groupings[g].categories.size()) return false;
  }
  for (const FigureRelease& item : items) {
    if (!fits(item.cells)) return false;
  }
  for (const FigureRelease& dimension : dimensions) {
    if (!fits(dimension.cells)) return false;
  }
  return true;
}

std::vector<GroupsCount> RespondentCrosstab(const AtomStatistics& atoms) {
  const std::vector<int64_t> weights =
      WeightsOf(atoms.atoms(), [](const AtomCounts& counts) { return counts.respondents; });
  return CrosstabOf(atoms.layout(), atoms.atoms(), weights);
}

namespace {

// One figure with its own respondents: an item's answers or a dimension's scores.
struct Figure {
  FigureRelease* release = nullptr;
  std::vector<int64_t> weights;   // per atom: the figure's respondents
  std::vector<CountAtom> counts;  // per atom: the published counts' categories
  size_t categories = 0;
};

// The published cells of a figure: the whole campaign, then its shown breakdown cells.
std::vector<CountCell> PublishedCells(const ResponseLayout& layout, const FigureRelease& release) {
  std::vector<CountCell> cells = {CountCell::Whole()};
  const size_t groupings = layout.groupings().size();
  for (size_t g = 0; g < groupings; ++g) {
    const size_t categories = layout.groupings()[g].categories.size();
    for (size_t c = 0; c < categories; ++c) {
      if (release.Shown(g, c)) {
        cells.push_back(CountCell::Category(groupings, g, static_cast<uint8_t>(c + 1), categories));
      }
    }
  }
  return cells;
}

std::string MergedNote(const GroupingColumn& column, const std::vector<bool>& shown,
                       const std::vector<CellDecision>& groups) {
  std::string merged;
  for (size_t c = 0; c < column.categories.size(); ++c) {
    if (shown[c] || (c < groups.size() && groups[c] == CellDecision::kNoData)) continue;
    merged += (merged.empty() ? "" : ", ") + column.categories[c] + " (" +
              std::string(ToString(
                  c < groups.size() && !IsShown(groups[c]) ? groups[c] : CellDecision::kWithheld)) +
              ")";
  }
  return "merged into \"withheld\": " + (merged.empty() ? std::string() : merged + ", ") +
         "no answer and prefer not to say (not stated)";
}

// Whether crossing the kept export columns with one more keeps every audit passing.
bool CrossingSafe(const ResponseLayout& layout, const AtomMap& atoms,
                  const std::vector<Figure>& figures, const std::vector<size_t>& columns,
                  const std::vector<ExportColumn>& exported,
                  const std::vector<GroupValues>& released,
                  const std::vector<GroupsCount>& crosstab, const DisclosurePlanOptions& options,
                  DisclosurePlan& plan) {
  const int64_t k = options.k;
  const size_t groupings = layout.groupings().size();
  // The crossing's cells: each kept column's value, or 0 for its merged "withheld".
  std::map<std::vector<uint8_t>, std::vector<int64_t>> cells;  // -> respondents, then figures
  size_t a = 0;
  for (const auto& [key, counts] : atoms) {
    std::vector<uint8_t> merged;
    for (size_t g : columns) {
      const uint8_t v = key[g];
      merged.push_back(v != kAtomNotStated && exported[g].shown[v - 1u] ? v : uint8_t{0});
    }
    std::vector<int64_t>& n = cells[merged];
    n.resize(1 + figures.size(), 0);
    n[0] += counts.respondents;
    for (size_t f = 0; f < figures.size(); ++f) n[1 + f] += figures[f].weights[a];
    ++a;
  }
  // Every combination of the kept columns holds 0 or at least k rows. How many of them
  // answered each item is published too: the count audit below covers it (an item left
  // unanswered is a category of its own).
  for (const auto& [merged, n] : cells) {
    if (n[0] > 0 && n[0] < k) return false;
  }
  // The differencing audit over respondents: the crossing's cells are spanned by the filters
  // fixing shown values of two or more of its columns (with the breakdowns' own cells).
  std::vector<GroupValues> family = released;
  std::vector<GroupValues> partial = {GroupValues{}};
  for (size_t g : columns) {
    std::vector<GroupValues> next = partial;
    for (const GroupValues& base : partial) {
      for (size_t c = 0; c < exported[g].shown.size(); ++c) {
        if (!exported[g].shown[c]) continue;
        GroupValues view = base;
        view[layout.groupings()[g].item_id] = layout.groupings()[g].categories[c];
        next.push_back(std::move(view));
      }
    }
    partial = std::move(next);
  }
  for (GroupValues& view : partial) {
    if (view.size() >= 2) family.push_back(std::move(view));
  }
  if (!AuditViews(crosstab, family, k).ok()) return false;
  // Every figure's counts, with the crossing's cells published beside the breakdowns'.
  std::vector<CountCell> crossing_cells;
  for (const auto& [merged, n] : cells) {
    CountCell cell;
    cell.allowed.assign(groupings, {});
    for (size_t i = 0; i < columns.size(); ++i) {
      const size_t g = columns[i];
      const size_t categories = layout.groupings()[g].categories.size();
      std::vector<bool>& allowed = cell.allowed[g];
      allowed.assign(categories + 1, false);
      if (merged[i] != 0) {
        allowed[merged[i]] = true;
      } else {
        allowed[kAtomNotStated] = true;
        for (size_t c = 0; c < categories; ++c) allowed[c + 1] = !exported[g].shown[c];
      }
    }
    crossing_cells.push_back(std::move(cell));
  }
  CountAuditOptions audit;
  audit.k = k;
  for (const Figure& figure : figures) {
    if (!figure.release->overall) continue;
    std::vector<CountCell> published = PublishedCells(layout, *figure.release);
    published.insert(published.end(), crossing_cells.begin(), crossing_cells.end());
    audit.max_linear_programs =
        std::max<int64_t>(1, options.max_linear_programs - plan.count_audit_programs);
    Result<CountAuditResult> result =
        AuditCounts(figure.counts, groupings, figure.categories, published, audit);
    if (!result.ok()) return false;
    plan.count_audit_programs += result->linear_programs;
    if (!result->violations.empty() || result->exhausted) return false;
  }
  return true;
}

void PlanExportColumns(const ResponseLayout& layout, const AtomMap& atoms,
                       const std::vector<Figure>& figures, const std::vector<GroupsCount>& crosstab,
                       const DisclosurePlanOptions& options, DisclosurePlan& plan) {
  const auto& groupings = layout.groupings();
  std::vector<GroupValues> released = {GroupValues{}};
  for (size_t g = 0; g < groupings.size(); ++g) {
    for (size_t c = 0; c < groupings[g].categories.size(); ++c) {
      if (IsShown(plan.groups[g][c])) {
        released.push_back({{groupings[g].item_id, groupings[g].categories[c]}});
      }
    }
  }
  std::vector<size_t> kept;
  plan.export_columns.resize(groupings.size());
  for (size_t g = 0; g < groupings.size(); ++g) {
    ExportColumn& column = plan.export_columns[g];
    column.shown.assign(groupings[g].categories.size(), false);
    bool any = false;
    for (size_t c = 0; c < groupings[g].categories.size(); ++c) {
      bool shown = IsShown(plan.groups[g][c]);
      for (const Figure& figure : figures) shown = shown && figure.release->Shown(g, c);
      column.shown[c] = shown;
      any = any || shown;
    }
    if (!any) {
      column.note = "left out: none of its values has the group and every item and dimension shown";
      continue;
    }
    std::vector<size_t> trial = kept;
    trial.push_back(g);
    if (!kept.empty() && !CrossingSafe(layout, atoms, figures, trial, plan.export_columns, released,
                                       crosstab, options, plan)) {
      column.note =
          "left out: crossed with the grouping columns kept before it, it would show a "
          "combination of fewer than " +
          std::to_string(options.k) + " respondents or narrow down their answers";
      continue;
    }
    column.included = true;
    column.note = MergedNote(groupings[g], column.shown, plan.groups[g]);
    kept.push_back(g);
  }
}

}  // namespace

Result<DisclosurePlan> BuildDisclosurePlan(const AtomStatistics& statistics,
                                           const DisclosurePlanOptions& options) {
  const ResponseLayout& layout = statistics.layout();
  const AtomMap& atoms = statistics.atoms();
  const size_t groupings = layout.groupings().size();
  for (const auto& [key, counts] : atoms) {
    if (key.size() != groupings || counts.scored.size() != layout.dimensions().size() ||
        counts.slots.size() != statistics.SlotOffset(layout.scored().size())) {
      return Status::InvalidArgument("the atom statistics do not fit their layout");
    }
  }
  DisclosurePlan plan;
  plan.respondents = statistics.respondents();
  const int64_t k = options.k;
  const std::vector<GroupsCount> crosstab = RespondentCrosstab(statistics);
  plan.groups = GroupDecisions(layout, crosstab, k);

  // Figures with identical respondents get identical decisions from the guard: decide once.
  std::map<std::vector<int64_t>, FigureRelease> guarded;
  auto guard = [&](const std::vector<int64_t>& weights) {
    auto it = guarded.find(weights);
    if (it == guarded.end()) {
      int64_t total = 0;
      for (int64_t w : weights) total += w;
      it = guarded
               .emplace(weights, GuardFigure(layout, CrosstabOf(layout, atoms, weights), total,
                                             plan.groups, k))
               .first;
    }
    return it->second;
  };

  plan.items.resize(layout.scored().size());
  plan.dimensions.resize(layout.dimensions().size());
  std::vector<Figure> figures;
  for (size_t c = 0; c < layout.scored().size(); ++c) {
    const ScoredColumn& column = layout.scored()[c];
    const size_t offset = statistics.SlotOffset(c);
    Figure figure;
    figure.release = &plan.items[c];
    figure.categories = statistics.SlotCount(c);
    figure.weights = WeightsOf(atoms, [&](const AtomCounts& counts) {
      int64_t n = 0;
      for (size_t v = 1; v <= column.values(); ++v) n += counts.slots[offset + v];
      return n;
    });
    for (const auto& [key, counts] : atoms) {
      const auto first = counts.slots.begin() + static_cast<std::ptrdiff_t>(offset);
      figure.counts.push_back(CountAtom{
          key,
          std::vector<int64_t>(first, first + static_cast<std::ptrdiff_t>(figure.categories))});
    }
    figures.push_back(std::move(figure));
  }
  for (size_t d = 0; d < layout.dimensions().size(); ++d) {
    Figure figure;
    figure.release = &plan.dimensions[d];
    figure.categories = 2;
    figure.weights = WeightsOf(atoms, [d](const AtomCounts& counts) { return counts.scored[d]; });
    for (const auto& [key, counts] : atoms) {
      figure.counts.push_back(
          CountAtom{key, {counts.respondents - counts.scored[d], counts.scored[d]}});
    }
    figures.push_back(std::move(figure));
  }
  for (Figure& figure : figures) {
    *figure.release = guard(figure.weights);
    const auto order = ReleaseOrder(layout, atoms, figure.weights, *figure.release);
    if (Status status = AuditFigureCounts(layout, figure.counts, figure.categories, order,
                                          *figure.release, options, plan);
        !status.ok()) {
      return status;
    }
  }
  PlanExportColumns(layout, atoms, figures, crosstab, options, plan);
  return plan;
}

}  // namespace tessera::scoring

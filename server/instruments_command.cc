#include "server/instruments_command.h"

#include <chrono>
#include <iomanip>

#include "instruments/catalogue.h"
#include "instruments/instrument_diff.h"
#include "server/command_line.h"
#include "server/instrument_text.h"

namespace tessera::server {
namespace {

namespace ins = tessera::instruments;

constexpr char kUsage[] = R"(Usage: tessera instruments COMMAND [OPTIONS]

Browse and check the catalogue of versioned assessment instruments.

Commands:
  list [--json]                 every instrument version with its status and counts
  show ID[@VERSION] [--json]    one version (the latest when VERSION is left out);
                                --json prints the full document with its content hash
  validate [PATH...]            check the whole catalogue, or the given documents in its
                                context; exit 0 when valid, 1 with every problem on stderr
  diff ID@A ID@B [--json]       items continued, reworded, added and retired from A to B
  publish ID@VERSION            record a validated version's content hash in catalogue.lock;
                                from then on that version must never change

Options:
  --catalogue DIR               catalogue folder (default: $TESSERA_CATALOGUE, else the
                                catalogue shipped with Tessera); the lock is DIR/../catalogue.lock
  --help                        show this help
)";

struct LoadedCatalogue {
  ins::Catalogue catalogue;
  ins::Diagnostics diagnostics;
};

LoadedCatalogue LoadCatalogue(const CommandLine& line) {
  const std::filesystem::path dir =
      line.Value("catalogue").value_or(ins::DefaultCatalogueDir().string());
  LoadedCatalogue loaded;
  loaded.catalogue = ins::Catalogue::Load(dir, ins::LockFileFor(dir), &loaded.diagnostics);
  return loaded;
}

void WarnIfInvalid(const LoadedCatalogue& loaded, std::ostream& err) {
  if (loaded.diagnostics.empty()) return;
  err << "warning: the catalogue has " << loaded.diagnostics.size()
      << " problem(s); versions with problems are left out. Run `tessera instruments validate`.\n";
}

int Usage(CliContext& context, const std::string& message) {
  context.err << "tessera instruments: " << message << "\n"
              << "Run `tessera instruments --help` for usage.\n";
  return kExitUsage;
}

// Resolves "id@version" or "id" (latest) against the catalogue.
const ins::LoadedInstrument* Resolve(const ins::Catalogue& catalogue, const std::string& text,
                                     std::string* error) {
  if (text.find('@') == std::string::npos) {
    if (const auto* latest = catalogue.Latest(text)) return latest;
    *error = "no instrument \"" + text + "\" in the catalogue";
    return nullptr;
  }
  auto ref = ins::InstrumentRef::Parse(text);
  if (!ref) {
    *error = "\"" + text + "\" is not of the form ID@MAJOR.MINOR.PATCH";
    return nullptr;
  }
  if (const auto* found = catalogue.Find(*ref)) return found;
  *error = ref->ToString() + " is not in the catalogue";
  return nullptr;
}

int List(CliContext& context, const CommandLine& line) {
  if (!line.positional().empty()) return Usage(context, "list takes no arguments");
  const LoadedCatalogue loaded = LoadCatalogue(line);
  WarnIfInvalid(loaded, context.err);
  const auto all = loaded.catalogue.All();
  if (line.Has("json")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto* entry : all) {
      list.push_back(InstrumentSummaryJson(*entry, loaded.catalogue.IsPublished(*entry)));
    }
    context.out << list.dump(2) << "\n";
    return kExitOk;
  }
  context.out << std::left;
  for (const auto* entry : all) {
    const auto counts = CountInstrument(entry->instrument);
    const std::string ref = entry->instrument.ref().ToString();
    context.out << ref << std::string(ref.size() < 30 ? 30 - ref.size() : 1, ' ')
                << (loaded.catalogue.IsPublished(*entry) ? "published" : "draft    ") << "  "
                << counts.items << " items, " << counts.scored_items << " scored, "
                << (counts.domains ? counts.domains : counts.scales)
                << (counts.domains ? " domains" : " scales") << "  " << entry->instrument.title
                << "\n";
  }
  if (all.empty()) context.out << "The catalogue is empty.\n";
  return kExitOk;
}

int Show(CliContext& context, const CommandLine& line) {
  if (line.positional().size() != 1) return Usage(context, "show needs one ID[@VERSION]");
  const std::string& wanted = line.positional()[0];
  if (wanted.find('@') != std::string::npos && !ins::InstrumentRef::Parse(wanted)) {
    return Usage(context, "\"" + wanted + "\" is not of the form ID@MAJOR.MINOR.PATCH");
  }
  const LoadedCatalogue loaded = LoadCatalogue(line);
  std::string error;
  const auto* found = Resolve(loaded.catalogue, wanted, &error);
  if (found == nullptr) {
    WarnIfInvalid(loaded, context.err);
    context.err << "tessera instruments show: " << error << "\n";
    return kExitFailure;
  }
  const bool published = loaded.catalogue.IsPublished(*found);
  if (line.Has("json")) {
    nlohmann::json out = {{"ref", found->instrument.ref().ToString()},
                          {"hash", found->hash},
                          {"published", published},
                          {"document", found->document}};
    context.out << out.dump(2) << "\n";
  } else {
    WriteInstrumentText(*found, published, context.out);
  }
  return kExitOk;
}

int Validate(CliContext& context, const CommandLine& line) {
  const auto started = std::chrono::steady_clock::now();
  LoadedCatalogue loaded = LoadCatalogue(line);
  ins::Diagnostics diagnostics;
  size_t checked = 0;
  if (line.positional().empty()) {
    diagnostics = std::move(loaded.diagnostics);
    checked = loaded.catalogue.All().size() + diagnostics.size();
  } else {
    for (const auto& path : line.positional()) {
      loaded.catalogue.ValidateFile(path, &diagnostics);
      ++checked;
    }
  }
  const double millis =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  for (const auto& diagnostic : diagnostics) context.err << diagnostic.ToString() << "\n";
  if (!diagnostics.empty()) {
    context.err << diagnostics.size() << " problem(s) found\n";
    return kExitFailure;
  }
  if (line.positional().empty()) {
    context.out << "catalogue valid: " << loaded.catalogue.All().size()
                << " instrument versions in " << loaded.catalogue.root().string() << " ("
                << std::fixed << std::setprecision(1) << millis << " ms)\n";
  } else {
    context.out << checked << " document(s) valid\n";
  }
  return kExitOk;
}

int Diff(CliContext& context, const CommandLine& line) {
  if (line.positional().size() != 2) return Usage(context, "diff needs ID@A and ID@B");
  auto from = ins::InstrumentRef::Parse(line.positional()[0]);
  auto to = ins::InstrumentRef::Parse(line.positional()[1]);
  if (!from || !to) return Usage(context, "diff needs two references of the form ID@VERSION");
  const LoadedCatalogue loaded = LoadCatalogue(line);
  auto diff = ins::DiffVersions(loaded.catalogue, *from, *to);
  if (!diff.ok()) {
    WarnIfInvalid(loaded, context.err);
    context.err << "tessera instruments diff: " << diff.status().message() << "\n";
    return kExitFailure;
  }
  if (line.Has("json")) {
    context.out << DiffJson(*diff).dump(2) << "\n";
  } else {
    WriteDiffText(*diff, context.out);
  }
  return kExitOk;
}

int Publish(CliContext& context, const CommandLine& line) {
  if (line.positional().size() != 1) return Usage(context, "publish needs one ID@VERSION");
  auto ref = ins::InstrumentRef::Parse(line.positional()[0]);
  if (!ref) return Usage(context, "publish needs a reference of the form ID@VERSION");
  LoadedCatalogue loaded = LoadCatalogue(line);
  if (!loaded.diagnostics.empty()) {
    for (const auto& diagnostic : loaded.diagnostics) context.err << diagnostic.ToString() << "\n";
    context.err << "tessera instruments publish: fix the catalogue first\n";
    return kExitFailure;
  }
  if (Status status = loaded.catalogue.Publish(*ref); !status.ok()) {
    context.err << "tessera instruments publish: " << status.message() << "\n";
    return kExitFailure;
  }
  context.out << "published " << ref->ToString() << " " << loaded.catalogue.Find(*ref)->hash
              << "\n";
  return kExitOk;
}

}  // namespace

int RunInstrumentsCommand(CliContext& context) {
  if (context.args.empty()) {
    context.err << kUsage;
    return kExitUsage;
  }
  const std::string command = context.args[0];
  std::vector<std::string> rest(context.args.begin() + 1, context.args.end());
  if (command == "--help" || command == "help") {
    context.out << kUsage;
    return kExitOk;
  }
  std::vector<OptionSpec> specs = {{"catalogue", true}};
  if (command == "list" || command == "show" || command == "diff") specs.push_back({"json"});
  if (command != "list" && command != "show" && command != "validate" && command != "diff" &&
      command != "publish") {
    return Usage(context, "unknown command \"" + command + "\"");
  }
  auto line = CommandLine::Parse(rest, specs);
  if (!line.ok()) return Usage(context, line.status().message());
  if (line->help()) {
    context.out << kUsage;
    return kExitOk;
  }
  if (command == "list") return List(context, *line);
  if (command == "show") return Show(context, *line);
  if (command == "validate") return Validate(context, *line);
  if (command == "diff") return Diff(context, *line);
  return Publish(context, *line);
}

}  // namespace tessera::server
